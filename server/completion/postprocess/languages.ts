/**
 * Lexical facts per language that the post-processing rules need: how blocks are delimited,
 * where strings and comments start and end. Keyed by grammar name (grammars/manifest.json) with
 * a fallback by LSP languageId; unknown languages get plain-text rules (indentation only).
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

const DOUBLE: StringDelimiter = { open: '"', close: '"', multiline: false, escapes: true };
const SINGLE: StringDelimiter = { open: "'", close: "'", multiline: false, escapes: true };
const BACKTICK: StringDelimiter = { open: '`', close: '`', multiline: true, escapes: true };

const C_FAMILY: LanguageRules = {
  family: 'braces',
  lineComments: ['//'],
  blockComments: [['/*', '*/']],
  strings: [DOUBLE],
  charLiterals: true,
  blockOpenerAtEnd: /\{$/,
};

const RULES: Record<string, LanguageRules> = {
  python: {
    family: 'indent',
    lineComments: ['#'],
    blockComments: [],
    strings: [
      { open: '"""', close: '"""', multiline: true, escapes: true },
      { open: "'''", close: "'''", multiline: true, escapes: true },
      DOUBLE,
      SINGLE,
    ],
    charLiterals: false,
    blockOpenerAtEnd: /:$/,
    continuation: /^(else|elif|except|finally)\b/,
    definition: /^(async\s+def|def)\s/,
  },
  javascript: { ...C_FAMILY, strings: [DOUBLE, SINGLE, BACKTICK], charLiterals: false, regexLiterals: true },
  typescript: { ...C_FAMILY, strings: [DOUBLE, SINGLE, BACKTICK], charLiterals: false, regexLiterals: true },
  tsx: { ...C_FAMILY, strings: [DOUBLE, SINGLE, BACKTICK], charLiterals: false, regexLiterals: true },
  go: { ...C_FAMILY, strings: [DOUBLE, { open: '`', close: '`', multiline: true, escapes: false }] },
  rust: C_FAMILY,
  java: { ...C_FAMILY, strings: [{ open: '"""', close: '"""', multiline: true, escapes: true }, DOUBLE] },
  c: C_FAMILY,
  cpp: C_FAMILY,
  csharp: { ...C_FAMILY, strings: [{ open: '"""', close: '"""', multiline: true, escapes: false }, { open: '@"', close: '"', multiline: true, escapes: false }, DOUBLE] },
  php: { ...C_FAMILY, lineComments: ['//', '#'], strings: [DOUBLE, SINGLE], charLiterals: false },
  ruby: { family: 'keywords', lineComments: ['#'], blockComments: [], strings: [DOUBLE, SINGLE], charLiterals: false, blockOpenerAtEnd: /(\bdo(\s*\|[^|]*\|)?|\bthen|\{)$/ },
  lua: { family: 'keywords', lineComments: ['--'], blockComments: [['--[[', ']]']], strings: [DOUBLE, SINGLE], charLiterals: false, blockOpenerAtEnd: /(\bdo|\bthen|\bfunction\b.*\))$/ },
  bash: { family: 'keywords', lineComments: ['#'], blockComments: [], strings: [DOUBLE, { open: "'", close: "'", multiline: true, escapes: false }], charLiterals: false, blockOpenerAtEnd: /(\bdo|\bthen|\{)$/ },
};

/** For documents without a grammar: double-quoted strings on one line, no comments, blocks by indentation. */
export const PLAIN_TEXT_RULES: LanguageRules = {
  family: 'keywords',
  lineComments: [],
  blockComments: [],
  strings: [DOUBLE],
  charLiterals: false,
  blockOpenerAtEnd: /[{:([]$/,
};

const BY_LANGUAGE_ID: Record<string, string> = {
  javascriptreact: 'javascript',
  typescriptreact: 'tsx',
  'cuda-cpp': 'cpp',
  shellscript: 'bash',
  sh: 'bash',
  zsh: 'bash',
};

/** Rules by grammar name when the document has one, else by languageId, else plain text. */
export function rulesFor(grammarName: string | undefined, languageId: string): LanguageRules {
  return (grammarName && RULES[grammarName]) || RULES[languageId] || RULES[BY_LANGUAGE_ID[languageId] ?? ''] || PLAIN_TEXT_RULES;
}
