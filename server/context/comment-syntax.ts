/** How a language writes a one-line comment, for headers the model reads as part of the file. */
export interface CommentSyntax {
  open: string;
  close: string;
}

const HASH = { open: '#', close: '' };
const SLASHES = { open: '//', close: '' };
const DASHES = { open: '--', close: '' };
const SEMI = { open: ';', close: '' };
const PERCENT = { open: '%', close: '' };
const HTML = { open: '<!--', close: ' -->' };
const BLOCK = { open: '/*', close: ' */' };

const BY_LANGUAGE: Record<string, CommentSyntax> = {
  python: HASH,
  ruby: HASH,
  shellscript: HASH,
  sh: HASH,
  bash: HASH,
  zsh: HASH,
  perl: HASH,
  r: HASH,
  yaml: HASH,
  toml: HASH,
  dockerfile: HASH,
  makefile: HASH,
  cmake: HASH,
  powershell: HASH,
  elixir: HASH,
  julia: HASH,
  nim: HASH,
  coffeescript: HASH,
  dotenv: HASH,
  properties: HASH,
  graphql: HASH,
  gdscript: HASH,
  c: SLASHES,
  cpp: SLASHES,
  'cuda-cpp': SLASHES,
  csharp: SLASHES,
  java: SLASHES,
  javascript: SLASHES,
  javascriptreact: SLASHES,
  typescript: SLASHES,
  typescriptreact: SLASHES,
  go: SLASHES,
  rust: SLASHES,
  php: SLASHES,
  swift: SLASHES,
  kotlin: SLASHES,
  scala: SLASHES,
  dart: SLASHES,
  zig: SLASHES,
  groovy: SLASHES,
  'objective-c': SLASHES,
  'objective-cpp': SLASHES,
  scss: SLASHES,
  less: SLASHES,
  proto: SLASHES,
  solidity: SLASHES,
  jsonc: SLASHES,
  hcl: HASH,
  terraform: HASH,
  lua: DASHES,
  sql: DASHES,
  haskell: DASHES,
  elm: DASHES,
  ada: DASHES,
  clojure: SEMI,
  lisp: SEMI,
  scheme: SEMI,
  racket: SEMI,
  ini: SEMI,
  erlang: PERCENT,
  latex: PERCENT,
  tex: PERCENT,
  matlab: PERCENT,
  html: HTML,
  xml: HTML,
  markdown: HTML,
  vue: HTML,
  svelte: HTML,
  css: BLOCK,
};

const BY_EXTENSION: Record<string, string> = {
  '.py': 'python',
  '.rb': 'ruby',
  '.sh': 'shellscript',
  '.bash': 'shellscript',
  '.zsh': 'shellscript',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascriptreact',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescriptreact',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.hpp': 'cpp',
  '.cs': 'csharp',
  '.php': 'php',
  '.lua': 'lua',
  '.sql': 'sql',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.html': 'html',
  '.xml': 'xml',
  '.md': 'markdown',
  '.css': 'css',
  '.scss': 'scss',
  '.kt': 'kotlin',
  '.swift': 'swift',
  '.scala': 'scala',
  '.hs': 'haskell',
  '.ex': 'elixir',
  '.exs': 'elixir',
  '.erl': 'erlang',
  '.clj': 'clojure',
  '.r': 'r',
  '.pl': 'perl',
  '.dart': 'dart',
  '.vue': 'vue',
};

/** By LSP languageId, then by the path's extension; undefined when unknown (plain text). */
export function commentSyntax(languageId: string, path = ''): CommentSyntax | undefined {
  const byId = BY_LANGUAGE[languageId];
  if (byId) return byId;
  const m = /\.[^./\\]+$/.exec(path);
  const guessed = m ? BY_EXTENSION[m[0].toLowerCase()] : undefined;
  return guessed ? BY_LANGUAGE[guessed] : undefined;
}

/** `text` as one comment line, e.g. `# Path: src/app.py`. */
export function commentLine(syntax: CommentSyntax, text: string): string {
  return `${syntax.open} ${text.replace(/[\r\n]+/g, ' ')}${syntax.close}`;
}
