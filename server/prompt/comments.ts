/**
 * How to write a one-line comment in a language: file headers for context files in templates that
 * have no file-separator token (CodeLlama, DeepSeek, Codestral, Granite, plain prompts).
 */

const HASH = new Set([
  'python',
  'ruby',
  'shellscript',
  'bash',
  'sh',
  'zsh',
  'fish',
  'perl',
  'r',
  'yaml',
  'toml',
  'elixir',
  'julia',
  'powershell',
  'dockerfile',
  'makefile',
  'cmake',
  'nim',
  'coffeescript',
  'crystal',
  'nix',
  'graphql',
  'gdscript',
  'tcl',
]);
const DASHES = new Set(['lua', 'sql', 'haskell', 'elm', 'ada', 'vhdl', 'purescript']);
const SEMICOLON = new Set(['clojure', 'lisp', 'commonlisp', 'scheme', 'racket', 'elisp', 'emacs-lisp', 'fennel']);
const PERCENT = new Set(['erlang', 'latex', 'tex', 'matlab', 'prolog']);
const MARKUP = new Set(['html', 'xml', 'markdown', 'vue', 'svelte', 'xsl']);
const BLOCK = new Set(['css', 'scss', 'less']);

/** `text` as a single-line comment for `languageId`; C-style `//` when the language is unknown. */
export function commentLine(languageId: string, text: string): string {
  const id = languageId.toLowerCase();
  if (HASH.has(id)) return `# ${text}`;
  if (DASHES.has(id)) return `-- ${text}`;
  if (SEMICOLON.has(id)) return `;; ${text}`;
  if (PERCENT.has(id)) return `% ${text}`;
  if (MARKUP.has(id)) return `<!-- ${text} -->`;
  if (BLOCK.has(id)) return `/* ${text} */`;
  return `// ${text}`;
}
