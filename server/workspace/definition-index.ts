/**
 * The workspace definitions index (DESIGN.md, server/workspace/): for every source file of the
 * workspace folders, its top-level definitions and class members (name, kind, one outline line,
 * range) and its import statements, so a completion can show the definition of a name the edited
 * file uses from a file that is not open. Built in the background after `initialized` with the
 * hardened walker (gitignore, exclusions, pseudo filesystems, home roots, entry bounds); every
 * file is read through the guarded reader. Only names and short outline lines are kept, never
 * bodies: at most MAX_DEFINITIONS_PER_FILE definitions per file, MAX_LINE_CHARS per line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { walkWorkspace } from './walker';
import { outlineLine } from '../context/outline-lines';
import { readWorkspaceFile, realRoots } from '../privacy/guarded-reader';
import { definitions, imports } from '../syntax/analysis';
import { DocumentTree } from '../syntax/document-tree';
import { grammarFor, grammarsDir } from '../syntax/registry';
import type { DefinitionKind } from '../syntax/definitions';

export const MAX_DEFINITIONS_PER_FILE = 400;
export const MAX_IMPORTS_PER_FILE = 100;
export const MAX_LINE_CHARS = 240;
const MAX_IMPORT_CHARS = 400;

export interface IndexedDefinition {
  name: string;
  kind: DefinitionKind;
  /** The header as an outline line (`def f(a, b):`, `export function f(a: T): U {`), capped. */
  line: string;
  start: number;
  end: number;
  container?: string;
}

export interface IndexedFile {
  /** Absolute path as walked (inside a workspace folder). */
  path: string;
  grammar: string;
  definitions: IndexedDefinition[];
  /** Import statement texts, capped. */
  imports: string[];
}

export interface BuildOptions {
  maxFiles: number;
  maxFileBytes: number;
  isExcluded: (path: string) => boolean;
  allowHomeRoot?: boolean;
  signal?: AbortSignal;
}

export interface BuildStats {
  listed: number;
  indexed: number;
  definitions: number;
  ms: number;
}

/** Grammars with a definitions query, by name (checked once each). */
const hasDefinitions = new Map<string, boolean>();

function indexable(file: string): string | undefined {
  const grammar = grammarFor('', file);
  if (!grammar) return undefined;
  let known = hasDefinitions.get(grammar.name);
  if (known === undefined) {
    known = fs.existsSync(path.join(grammarsDir(), grammar.name, 'definitions.scm'));
    hasDefinitions.set(grammar.name, known);
  }
  return known ? grammar.name : undefined;
}

/** Parses one file's text and keeps what the index needs; the tree is freed before returning. */
export async function analyseFile(file: string, text: string): Promise<IndexedFile | undefined> {
  const grammarName = indexable(file);
  if (!grammarName) return undefined;
  const doc = await DocumentTree.create('', file, text);
  try {
    if (!doc.grammarName) return undefined;
    const defs: IndexedDefinition[] = [];
    for (const d of definitions(doc)) {
      if (defs.length >= MAX_DEFINITIONS_PER_FILE) break;
      // `const X = require('./x')` binds an import, it does not define X.
      if (/=\s*require\s*\(/.test(d.signature)) continue;
      const line = outlineLine(text, d.start, d.signature, bodyStartAfter(text, d.start, d.end));
      defs.push({
        name: d.name,
        kind: d.kind,
        line: line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line,
        start: d.start,
        end: d.end,
        ...(d.container ? { container: d.container.slice(0, 200) } : {}),
      });
    }
    const imps = imports(doc)
      .slice(0, MAX_IMPORTS_PER_FILE)
      .map((i) => i.text.slice(0, MAX_IMPORT_CHARS));
    return { path: file, grammar: doc.grammarName, definitions: defs, imports: imps };
  } finally {
    doc.dispose();
  }
}

// A brace right after the header (on its first line) is the body.
function bodyStartAfter(text: string, start: number, end: number): number | undefined {
  const firstLineEnd = text.indexOf('\n', start);
  const head = text.slice(start, firstLineEnd === -1 ? end : Math.min(firstLineEnd, end));
  const brace = head.lastIndexOf('{');
  return brace === -1 ? undefined : start + brace;
}

/** The index itself: files by path, and which files define a name. */
export class WorkspaceDefinitionIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly byName = new Map<string, Set<string>>();
  private generation = 0;

  get size(): number {
    return this.files.size;
  }

  /** Bumped on every change: callers may cache per generation. */
  get version(): number {
    return this.generation;
  }

  file(p: string): IndexedFile | undefined {
    return this.files.get(path.resolve(p));
  }

  /** Files defining `name`, sorted by path (deterministic). */
  filesDefining(name: string): IndexedFile[] {
    const set = this.byName.get(name);
    if (!set) return [];
    return [...set].sort().map((p) => this.files.get(p)!);
  }

  set(entry: IndexedFile): void {
    const key = path.resolve(entry.path);
    this.remove(key);
    const stored = { ...entry, path: key };
    this.files.set(key, stored);
    for (const d of stored.definitions) {
      let set = this.byName.get(d.name);
      if (!set) this.byName.set(d.name, (set = new Set()));
      set.add(key);
    }
    this.generation++;
  }

  remove(p: string): void {
    const key = path.resolve(p);
    const old = this.files.get(key);
    if (!old) return;
    this.files.delete(key);
    for (const d of old.definitions) {
      const set = this.byName.get(d.name);
      set?.delete(key);
      if (set?.size === 0) this.byName.delete(d.name);
    }
    this.generation++;
  }

  clear(): void {
    this.files.clear();
    this.byName.clear();
    this.generation++;
  }
}

/** Reads one file through the guarded reader and (re)indexes it; removes it when it can no longer be read. */
export async function refreshFile(index: WorkspaceDefinitionIndex, file: string, roots: readonly string[], opts: Pick<BuildOptions, 'maxFileBytes' | 'isExcluded'>): Promise<boolean> {
  if (!indexable(file)) return false;
  const read = await readWorkspaceFile(file, { roots, rootsAreReal: true, maxBytes: opts.maxFileBytes, isExcluded: opts.isExcluded, binary: 'refuse' });
  if (!read.ok) {
    index.remove(file);
    return false;
  }
  const entry = await analyseFile(file, read.text);
  if (entry) index.set(entry);
  else index.remove(file);
  return entry !== undefined;
}

/**
 * Fills `index` from the workspace folders: the walker lists candidate files (bounded by maxFiles
 * and its own entry bounds), only files with a grammar are read, one file per event-loop turn so
 * requests are answered meanwhile.
 */
export async function buildWorkspaceIndex(index: WorkspaceDefinitionIndex, folders: readonly string[], opts: BuildOptions): Promise<BuildStats> {
  const began = performance.now();
  const stats: BuildStats = { listed: 0, indexed: 0, definitions: 0, ms: 0 };
  if (opts.maxFiles <= 0 || folders.length === 0) return stats;
  // The walker stops at maxFiles candidates of any kind; ask for more and keep maxFiles sources.
  const listing = await walkWorkspace(folders, { ...opts, maxFiles: opts.maxFiles * 4 });
  const files = listing.files.filter((f) => indexable(f) !== undefined).slice(0, opts.maxFiles);
  stats.listed = files.length;
  const roots = await realRoots(folders);
  for (const file of files) {
    if (opts.signal?.aborted) break;
    if (await refreshFile(index, file, roots, opts)) {
      stats.indexed++;
      stats.definitions += index.file(file)?.definitions.length ?? 0;
    }
    await nextTurn(); // parsing one file is synchronous: let requests in between files
  }
  stats.ms = Math.round(performance.now() - began);
  return stats;
}
