import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import { packageRoot } from '../paths';

export interface GrammarEntry {
  /** Folder name under grammars/ holding this language's queries. */
  name: string;
  languageIds: string[];
  extensions: string[];
  /**
   * `<npm package>/<file>.wasm` in the official grammar package. An installed arbor-ls ships a copy
   * as grammars/wasm/<name>.wasm (made at pack time); a development checkout resolves this through
   * node_modules.
   */
  wasm: string;
}

let manifest: GrammarEntry[] | undefined;
let parserReady: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();

export function grammarsDir(): string {
  return path.join(packageRoot(), 'grammars');
}

export function grammarEntries(): GrammarEntry[] {
  manifest ??= (
    JSON.parse(fs.readFileSync(path.join(grammarsDir(), 'manifest.json'), 'utf8')) as { languages: GrammarEntry[] }
  ).languages;
  return manifest;
}

/** The grammar for a document: by LSP languageId first, then by the file extension of its URI/path. */
export function grammarFor(languageId: string, uriOrPath = ''): GrammarEntry | undefined {
  const entries = grammarEntries();
  const byId = entries.find((e) => e.languageIds.includes(languageId));
  if (byId) return byId;
  const ext = path.extname(uriOrPath.replace(/[?#].*$/, '')).toLowerCase();
  return ext ? entries.find((e) => e.extensions.includes(ext)) : undefined;
}

export function grammarByName(name: string): GrammarEntry | undefined {
  return grammarEntries().find((e) => e.name === name);
}

/** Where the shipped copies of the wasm grammars live (scripts/package/bundle-grammars.ts writes them). */
export function shippedWasmDir(): string {
  return path.join(grammarsDir(), 'wasm');
}

/** The wasm file to load: the shipped copy when present, else the grammar package in node_modules. */
export function wasmPath(entry: GrammarEntry): string {
  const shipped = path.join(shippedWasmDir(), `${entry.name}.wasm`);
  if (fs.existsSync(shipped)) return shipped;
  return require.resolve(entry.wasm, { paths: [packageRoot()] });
}

export function initParser(): Promise<void> {
  parserReady ??= Parser.init();
  return parserReady;
}

const loaded = new Map<string, Language>();

/** Loads a grammar once per process, on first use. */
export function loadLanguage(entry: GrammarEntry): Promise<Language> {
  let pending = languages.get(entry.name);
  if (!pending) {
    pending = initParser().then(() => Language.load(wasmPath(entry)));
    pending.then(
      (lang) => loaded.set(entry.name, lang),
      () => languages.delete(entry.name),
    ); // a failed load is retried next time
    languages.set(entry.name, pending);
  }
  return pending;
}

/** For hot paths that must not wait: the grammar if it has finished loading. */
export function loadedLanguage(name: string): Language | undefined {
  return loaded.get(name);
}
