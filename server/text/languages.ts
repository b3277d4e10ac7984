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

/** How a language writes one comment line (file headers, explanations put above code). */
export interface CommentSyntax {
  open: string;
  /** Empty for line comments; for block comments a space and the closer (` -->` for HTML). */
  close: string;
}

/** The language's first line comment, else its first block comment; undefined when it has neither. */
export function commentSyntaxOf(facts: {
  lineComments: readonly string[];
  blockComments: ReadonlyArray<readonly [string, string]>;
}): CommentSyntax | undefined {
  if (facts.lineComments.length > 0) return { open: facts.lineComments[0], close: '' };
  const block = facts.blockComments[0];
  return block ? { open: block[0], close: ` ${block[1]}` } : undefined;
}

/** `text` as one comment line, e.g. `# Path: src/app.py`. */
export function commentLine(syntax: CommentSyntax, text: string): string {
  return `${syntax.open} ${text.replace(/[\r\n]+/g, ' ')}${syntax.close}`;
}

/** Facts of a language without a grammar folder (grammars/languages.json). */
export interface OtherLanguageFacts {
  lineComments: string[];
  blockComments: Array<[open: string, close: string]>;
  /** Blocks open with `:` at the end of a line and are delimited by indentation (YAML, Nim). */
  indentBlocks: boolean;
}

export interface OtherLanguages {
  /** By LSP languageId. */
  languages: ReadonlyMap<string, OtherLanguageFacts>;
  /** File extension (lower case, with the dot) → languageId, for a path whose languageId is unknown. */
  languageByExtension: ReadonlyMap<string, string>;
}

/** The facts of grammars/languages.json; a clear error naming `source` and the field when it is malformed. */
export function parseOtherLanguages(json: unknown, source: string): OtherLanguages {
  const fail = (what: string): never => {
    throw new Error(`${source}: ${what}`);
  };
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(json)) return fail('not a JSON object');
  if (!isObject(json.languages)) return fail('languages must be an object of languageId → facts');
  const languages = new Map<string, OtherLanguageFacts>();
  for (const [id, facts] of Object.entries(json.languages)) {
    const field = `languages.${id}`;
    if (!isObject(facts)) return fail(`${field} must be an object`);
    const line = facts.lineComments ?? [];
    if (!Array.isArray(line) || !line.every((x) => typeof x === 'string'))
      return fail(`${field}.lineComments must be a list of strings`);
    const block = facts.blockComments ?? [];
    if (
      !Array.isArray(block) ||
      !block.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))
    )
      return fail(`${field}.blockComments must be a list of [open, close] pairs`);
    if (facts.indentBlocks !== undefined && typeof facts.indentBlocks !== 'boolean')
      return fail(`${field}.indentBlocks must be true or false`);
    const unknown = Object.keys(facts).filter((k) => !['lineComments', 'blockComments', 'indentBlocks'].includes(k));
    if (unknown.length > 0) return fail(`${field}: unknown field ${unknown[0]}`);
    languages.set(id, {
      lineComments: line as string[],
      blockComments: block as Array<[string, string]>,
      indentBlocks: facts.indentBlocks === true,
    });
  }
  if (!isObject(json.languageByExtension)) return fail('languageByExtension must be an object of ".ext" → languageId');
  const languageByExtension = new Map<string, string>();
  for (const [ext, id] of Object.entries(json.languageByExtension)) {
    if (!/^\.[^./\\]+$/.test(ext) || ext !== ext.toLowerCase())
      return fail(`languageByExtension: ${ext} must be a lower-case extension with its dot`);
    if (typeof id !== 'string') return fail(`languageByExtension.${ext} must be a languageId`);
    languageByExtension.set(ext, id);
  }
  return { languages, languageByExtension };
}
