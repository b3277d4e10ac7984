/**
 * Lexical facts per language that the lexer and the post-processing rules need: how blocks are
 * delimited, where strings and comments start and end. Each grammar's facts are data in
 * grammars/<name>/lexical.json (syntax/lexical-rules.ts loads them); unknown languages get
 * plain-text rules (indentation only).
 */

export type BlockFamily =
  /** Blocks are `{ … }`: a closer that pops below the cursor's depth ends the block. */
  | 'braces'
  /** Blocks are indentation (Python): leaving the enclosing definition ends the completion. */
  | 'indent'
  /** Blocks close with a keyword or are unknown: a dedent below the cursor's line ends the block. */
  | 'keywords';

export interface StringDelimiter {
  open: string;
  close: string;
  /** May span lines (Python triple quotes, JS/Go backticks). Otherwise an unclosed string ends at the end of the line. */
  multiline: boolean;
  /** Backslash escapes the next character. */
  escapes: boolean;
}

export interface LanguageRules {
  family: BlockFamily;
  lineComments: string[];
  blockComments: Array<[open: string, close: string]>;
  /** Longest delimiters first. */
  strings: StringDelimiter[];
  /** `'x'` is a one-character literal, not a string that runs to the end of the line (C family; Rust lifetimes stay untouched). */
  charLiterals: boolean;
  /** `/…/` after an operator or an opening bracket is a regular expression (JavaScript, TypeScript). */
  regexLiterals?: boolean;
  /** A line ending (after trailing whitespace and comments) with this opens a block. */
  blockOpenerAtEnd: RegExp;
  /** Lines that continue the statement above at its own indentation (`else:`, `except:`). */
  continuation?: RegExp;
  /** Lines that open a function definition: the completion stays inside the outermost one (indent family). */
  definition?: RegExp;
}

/** For documents without a grammar: double-quoted strings on one line, no comments, blocks by indentation. */
export const PLAIN_TEXT_RULES: LanguageRules = {
  family: 'keywords',
  lineComments: [],
  blockComments: [],
  strings: [{ open: '"', close: '"', multiline: false, escapes: true }],
  charLiterals: false,
  blockOpenerAtEnd: /[{:([]$/,
};

/** The facts of a grammars/<name>/lexical.json file; a clear error naming `source` when it is malformed. */
export function parseLexicalRules(json: unknown, source: string): LanguageRules {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  if (typeof json !== 'object' || json === null) return fail('not a JSON object');
  const o = json as Record<string, unknown>;
  const family = o.family;
  if (family !== 'braces' && family !== 'indent' && family !== 'keywords')
    return fail('family must be braces, indent or keywords');
  const strings = (key: string): string[] => {
    const v = o[key];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return fail(`${key} must be a list of strings`);
    return v as string[];
  };
  const regex = (key: string): RegExp | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') return fail(`${key} must be a regular expression source`);
    return new RegExp(v);
  };
  const blockComments = o.blockComments;
  if (
    !Array.isArray(blockComments) ||
    !blockComments.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))
  ) {
    return fail('blockComments must be a list of [open, close] pairs');
  }
  const delimiters = o.strings;
  if (!Array.isArray(delimiters) || !delimiters.every(isDelimiter))
    return fail('strings must be a list of {open, close, multiline, escapes}');
  const blockOpenerAtEnd = regex('blockOpenerAtEnd') ?? fail('blockOpenerAtEnd is required');
  const continuation = regex('continuation');
  const definition = regex('definition');
  return {
    family,
    lineComments: strings('lineComments'),
    blockComments: blockComments as Array<[string, string]>,
    strings: delimiters as StringDelimiter[],
    charLiterals: o.charLiterals === true,
    ...(o.regexLiterals === true ? { regexLiterals: true } : {}),
    blockOpenerAtEnd,
    ...(continuation ? { continuation } : {}),
    ...(definition ? { definition } : {}),
  };
}

function isDelimiter(d: unknown): boolean {
  if (typeof d !== 'object' || d === null) return false;
  const x = d as Record<string, unknown>;
  return (
    typeof x.open === 'string' &&
    typeof x.close === 'string' &&
    typeof x.multiline === 'boolean' &&
    typeof x.escapes === 'boolean'
  );
}
