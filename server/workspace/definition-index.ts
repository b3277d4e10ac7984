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
import type { CachedFile, CacheWriter } from './index-cache';
import { EMPTY_MODULE_MAP, type JsModuleMap, loadJsModuleMap, MAX_CONFIG_BYTES } from './js-module-map';
import { ParseThread } from './parse-thread';
import { walkWorkspace } from './walker';
import { outlineLine } from '../context/outline-lines';
import { checkWorkspaceFile, type FileStamp, readWorkspaceFile, realRoots } from '../privacy/guarded-reader';
import { definitions, imports } from '../syntax/analysis';
import { DocumentTree } from '../syntax/document-tree';
import { grammarEntries, grammarFor, grammarsDir } from '../syntax/registry';
import type { Definition, DefinitionKind } from '../syntax/definitions';

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
  /** Directory entries the walk looks at, at most (workspace.maxEntries; default the walker's). */
  maxEntries?: number;
  maxFileBytes: number;
  isExcluded: (path: string) => boolean;
  allowHomeRoot?: boolean;
  signal?: AbortSignal;
  /**
   * The settings `isExcluded` was made from (createExclusionMatcher(globs, folders)): given, files
   * are read on the parsing thread, which rebuilds the matcher from them.
   */
  exclusion?: { globs: string[]; folders: string[] };
  /** Entries from the disk cache (index-cache.ts): used when the file's mtime and size match. */
  cache?: ReadonlyMap<string, CachedFile>;
  /** Filled with the stamp (mtime, size) of every file indexed, for the disk cache; given, each file is stamped first. */
  stamps?: Map<string, FileStamp>;
  /** Given (with `stamps`), every file indexed is written to the new disk cache as it arrives (rows redacted on the parsing thread). */
  cacheWriter?: CacheWriter;
}

export interface BuildStats {
  /** Workspace folders not walked (`/`, a home directory), each with the reason and how to change it. */
  refused: string[];
  /** The walk stopped at workspace.maxEntries, or more source files than workspace.maxFiles were found. */
  truncated: boolean;
  listed: number;
  indexed: number;
  /** Of those, taken from the disk cache without reading or parsing. */
  fromCache: number;
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

/**
 * A copy of `s` that does not point into the text it was cut from. V8 keeps a slice of a string
 * (and a concatenation) as a view of its parent, so one outline line kept from a file would keep
 * the whole file alive: the index held 102 MB of heap for 23 MB of strings before this.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : Buffer.from(s, 'utf8').toString('utf8'); // V8 copies strings under 13 chars anyway
}

/** File extensions (with the dot) of the languages the index reads. */
export function indexedExtensions(): string[] {
  return [
    ...new Set(grammarEntries().flatMap((g) => g.extensions.filter((e) => indexable(`x${e}`) !== undefined))),
  ].sort();
}

/** Grammars whose namespaces hold types that are used by their own name (C#, C++). */
const NAMESPACED = new Set(['csharp', 'cpp']);

/** C#: a namespace block inside another is named as a `using` names it (`namespace A { namespace B {` is `A.B`). */
function nestedNamespaceNames(found: readonly Definition[]): Map<Definition, string> {
  const namespaces = found.filter((d) => d.kind === 'module');
  const out = new Map<Definition, string>();
  for (const ns of namespaces) {
    const outer = namespaces
      .filter((o) => o !== ns && o.start <= ns.start && ns.end <= o.end)
      .sort((a, b) => a.start - b.start);
    if (outer.length > 0) out.set(ns, [...outer.map((o) => o.name), ns.name].join('.'));
  }
  return out;
}

/** Parses one file's text and keeps what the index needs; the tree is freed before returning. */
export async function analyseFile(file: string, text: string): Promise<IndexedFile | undefined> {
  const grammarName = indexable(file);
  if (!grammarName) return undefined;
  const doc = await DocumentTree.create('', file, text);
  try {
    if (!doc.grammarName) return undefined;
    const defs: IndexedDefinition[] = [];
    const found = definitions(doc);
    // A C# or C++ namespace does not make its types members: `Service` is used as such, not as `Acme.App.Service`.
    const namespaces = NAMESPACED.has(doc.grammarName)
      ? new Set(found.filter((d) => d.kind === 'module').map((d) => d.name))
      : undefined;
    const qualified = doc.grammarName === 'csharp' ? nestedNamespaceNames(found) : undefined;
    for (const d of found) {
      if (defs.length >= MAX_DEFINITIONS_PER_FILE) break;
      // `const X = require('./x')` binds an import, it does not define X.
      if (/=\s*require\s*\(/.test(d.signature)) continue;
      const line = outlineLine(text, d.start, d.signature, bodyStartAfter(text, d.start, d.end));
      const name = detach(qualified?.get(d) ?? d.name);
      const kept = detach(line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line);
      // Two literal shapes, not a spread: a spread made each of 121k objects ~4x larger.
      const container = d.container && !namespaces?.has(d.container) ? d.container : undefined;
      defs.push(
        container
          ? { name, kind: d.kind, line: kept, start: d.start, end: d.end, container: detach(container.slice(0, 200)) }
          : { name, kind: d.kind, line: kept, start: d.start, end: d.end },
      );
    }
    const imps = imports(doc)
      .flatMap((i) => (doc.grammarName === 'go' ? goImportSpecs(i.text) : [i.text]))
      .slice(0, MAX_IMPORTS_PER_FILE)
      .map((text) => detach(text.slice(0, MAX_IMPORT_CHARS)));
    return { path: file, grammar: doc.grammarName, definitions: defs, imports: imps };
  } finally {
    doc.dispose();
  }
}

/** A Go `import ( ... )` block as one `import alias "path"` per package: a long block would lose its end to MAX_IMPORT_CHARS. */
function goImportSpecs(block: string): string[] {
  if (!/^\s*import\s*\(/.test(block)) return [block];
  return [...block.matchAll(/^[ \t]*(?:([A-Za-z_]\w*|\.)[ \t]+)?("[^"\n]+")/gm)].map((m) =>
    m[1] ? `import ${m[1]} ${m[2]}` : `import ${m[2]}`,
  );
}

// A brace right after the header (on its first line) is the body.
function bodyStartAfter(text: string, start: number, end: number): number | undefined {
  const firstLineEnd = text.indexOf('\n', start);
  const head = text.slice(start, firstLineEnd === -1 ? end : Math.min(firstLineEnd, end));
  const brace = head.lastIndexOf('{');
  return brace === -1 ? undefined : start + brace;
}

/**
 * A definition as a plain literal of one of two shapes. Objects that came from the parsing thread
 * (structured clone) or a spread took ~176 bytes each, 21 MB at 5k files; these take ~40. A field
 * added to IndexedDefinition belongs in the literals; the loop keeps any other one meanwhile.
 */
function compact(d: IndexedDefinition): IndexedDefinition {
  const out: IndexedDefinition =
    d.container !== undefined
      ? { name: d.name, kind: d.kind, line: d.line, start: d.start, end: d.end, container: d.container }
      : { name: d.name, kind: d.kind, line: d.line, start: d.start, end: d.end };
  for (const k of Object.keys(d))
    if (!(k in out)) (out as unknown as Record<string, unknown>)[k] = (d as unknown as Record<string, unknown>)[k];
  return out;
}

/** Adds `key` to the sorted list unless it is there (a binary search: `__init__` is defined in thousands of files). */
function insertSorted(list: string[], key: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== key) list.splice(lo, 0, key);
}

/** One path, or several in path order. */
type Paths = string | string[];

/** Grammars whose methods are declared apart from their type (Go `func (s *T) M()`, Rust `impl T { fn m() }`): their members are also indexed by container. */
export const DETACHED_METHODS = new Set(['go', 'rust']);

function asList(at: Paths | undefined): readonly string[] {
  return at === undefined ? [] : typeof at === 'string' ? [at] : at;
}

function addPath(map: Map<string, Paths>, name: string, key: string): void {
  const at = map.get(name);
  if (at === undefined) map.set(name, key);
  else if (typeof at === 'string') {
    if (at !== key) map.set(name, at < key ? [at, key] : [key, at]);
  } else insertSorted(at, key);
}

function removePath(map: Map<string, Paths>, name: string, key: string): void {
  const at = map.get(name);
  if (at === key) map.delete(name);
  else if (Array.isArray(at)) {
    const rest = at.filter((f) => f !== key);
    if (rest.length === 1) map.set(name, rest[0]);
    else if (rest.length !== at.length) map.set(name, rest);
  }
}

/** The index itself: files by path, and which files define a name. */
export class WorkspaceDefinitionIndex {
  private readonly files = new Map<string, IndexedFile>();
  /**
   * Name → the file defining it, or the files in path order when several do (most names have one: a
   * Set each cost 9 MB at 5k files); top-level definitions and members apart, so looking up a
   * top-level name does not read the 800 files whose classes define `__init__`.
   */
  private readonly byName = { top: new Map<string, Paths>(), member: new Map<string, Paths>() };
  private generation = 0;
  private moduleMap: JsModuleMap = EMPTY_MODULE_MAP;
  private dirs: { generation: number; byDir: Map<string, string[]> } | undefined;
  /** Go and Rust: container name → the files declaring members of it (a type's methods, wherever they are). */
  private readonly byContainer = new Map<string, Paths>();

  get size(): number {
    return this.files.size;
  }

  /** Bumped on every change: callers may cache per generation. */
  get version(): number {
    return this.generation;
  }

  /** Where bare JS/TS specifiers point (tsconfig paths, workspace packages), from the last build's config files. */
  get modules(): JsModuleMap {
    return this.moduleMap;
  }

  set modules(map: JsModuleMap) {
    this.moduleMap = map;
    this.generation++;
  }

  /** Every indexed file, in insertion order. */
  allFiles(): IndexedFile[] {
    return [...this.files.values()];
  }

  file(p: string): IndexedFile | undefined {
    // Paths from the index itself are already resolved (the name lookups read hundreds per request).
    return this.files.get(p) ?? this.files.get(path.resolve(p));
  }

  /** Indexed files directly in `dir`, sorted by path (a map made on first use after a change). */
  filesIn(dir: string): IndexedFile[] {
    if (this.dirs?.generation !== this.generation) {
      const byDir = new Map<string, string[]>();
      for (const p of this.files.keys()) {
        const d = path.dirname(p);
        const list = byDir.get(d);
        if (list) list.push(p);
        else byDir.set(d, [p]);
      }
      for (const list of byDir.values()) list.sort();
      this.dirs = { generation: this.generation, byDir };
    }
    return (this.dirs.byDir.get(path.resolve(dir)) ?? []).map((p) => this.files.get(p)!);
  }

  /** Go and Rust: paths of the files declaring members of a type named `container` (methods declared apart), sorted. */
  pathsDeclaringMembersOf(container: string): readonly string[] {
    return asList(this.byContainer.get(container));
  }

  /** Files defining `name`, sorted by path (deterministic). */
  filesDefining(name: string): IndexedFile[] {
    const paths = [...new Set([...this.pathsDefining(name, 'top'), ...this.pathsDefining(name, 'member')])].sort();
    return paths.map((p) => this.files.get(p)!);
  }

  /** Paths of the files defining `name` at the top level or as a member of something, sorted; a caller may stop early. */
  pathsDefining(name: string, where: 'top' | 'member'): readonly string[] {
    return asList(this.byName[where].get(name));
  }

  set(entry: IndexedFile): void {
    const key = path.resolve(entry.path);
    this.remove(key);
    const stored = {
      path: key,
      grammar: entry.grammar,
      definitions: entry.definitions.map(compact),
      imports: entry.imports,
    };
    this.files.set(key, stored);
    const detached = DETACHED_METHODS.has(stored.grammar);
    for (const d of stored.definitions) {
      addPath(d.container ? this.byName.member : this.byName.top, d.name, key);
      if (detached && d.container) addPath(this.byContainer, d.container, key);
    }
    this.generation++;
  }

  remove(p: string): void {
    const key = path.resolve(p);
    const old = this.files.get(key);
    if (!old) return;
    this.files.delete(key);
    const detached = DETACHED_METHODS.has(old.grammar);
    for (const d of old.definitions) {
      removePath(d.container ? this.byName.member : this.byName.top, d.name, key);
      if (detached && d.container) removePath(this.byContainer, d.container, key);
    }
    this.generation++;
  }

  clear(): void {
    this.files.clear();
    this.byName.top.clear();
    this.byName.member.clear();
    this.byContainer.clear();
    this.moduleMap = EMPTY_MODULE_MAP;
    this.dirs = undefined;
    this.generation++;
  }
}

/** One file's text through the guarded reader, or undefined when it may not or cannot be read. */
async function readIndexable(
  file: string,
  roots: readonly string[],
  opts: Pick<BuildOptions, 'maxFileBytes' | 'isExcluded'>,
): Promise<string | undefined> {
  const read = await readWorkspaceFile(file, {
    roots,
    rootsAreReal: true,
    maxBytes: opts.maxFileBytes,
    isExcluded: opts.isExcluded,
    binary: 'refuse',
  });
  return read.ok ? read.text : undefined;
}

/** Reads one file through the guarded reader and (re)indexes it; removes it when it can no longer be read. */
export async function refreshFile(
  index: WorkspaceDefinitionIndex,
  file: string,
  roots: readonly string[],
  opts: Pick<BuildOptions, 'maxFileBytes' | 'isExcluded'>,
): Promise<boolean> {
  if (!indexable(file)) return false;
  const text = await readIndexable(file, roots, opts);
  const entry = text === undefined ? undefined : await analyseFile(file, text);
  if (entry) index.set(entry);
  else index.remove(file);
  return entry !== undefined;
}

/** Config files (tsconfig, package.json) through the guarded reader, capped at MAX_CONFIG_BYTES. */
function configReader(roots: readonly string[], opts: Pick<BuildOptions, 'maxFileBytes' | 'isExcluded'>) {
  const capped = { ...opts, maxFileBytes: Math.min(opts.maxFileBytes, MAX_CONFIG_BYTES) };
  return (file: string): Promise<string | undefined> => readIndexable(file, roots, capped);
}

/** A config file the module map comes from was saved, created or deleted: the map is made again from its files. */
export async function refreshModuleMap(
  index: WorkspaceDefinitionIndex,
  changed: string,
  roots: readonly string[],
  opts: Pick<BuildOptions, 'maxFileBytes' | 'isExcluded'>,
): Promise<void> {
  const files = [...new Set([...index.modules.sources, path.resolve(changed)])];
  index.modules = await loadJsModuleMap(files, configReader(roots, opts));
}

/** Files read ahead of the one being parsed: the reads wait on the disk while the parser works. */
const READ_AHEAD = 8;

/**
 * Fills `index` from the workspace folders: the walker lists candidate files (bounded by maxFiles
 * and its own entry bounds), only files with a grammar are read (through the guarded reader, on
 * this thread) and parsed on a worker thread (ParseThread), so a build costs completions little
 * more than the reads; the thread ends with the build and its memory with it.
 */
export async function buildWorkspaceIndex(
  index: WorkspaceDefinitionIndex,
  folders: readonly string[],
  opts: BuildOptions,
): Promise<BuildStats> {
  const began = performance.now();
  const stats: BuildStats = {
    refused: [],
    truncated: false,
    listed: 0,
    indexed: 0,
    fromCache: 0,
    definitions: 0,
    ms: 0,
  };
  if (opts.maxFiles <= 0 || folders.length === 0) return stats;
  // The walker stops at maxFiles candidates of any kind; ask for more and keep maxFiles sources.
  const listing = await walkWorkspace(folders, { ...opts, maxFiles: opts.maxFiles * 4 });
  const sources = listing.files.filter((f) => indexable(f) !== undefined);
  const files = sources.slice(0, opts.maxFiles);
  stats.refused = listing.refused;
  stats.truncated = listing.truncated || sources.length > files.length || listing.files.length >= opts.maxFiles * 4;
  stats.listed = files.length;
  const roots = await realRoots(folders);
  // tsconfig/jsconfig and package manifests from the same listing, read through the guarded reader.
  index.modules = await loadJsModuleMap(listing.files, configReader(roots, opts));
  const parser = new ParseThread(
    opts.exclusion
      ? { roots: [...roots], maxBytes: opts.maxFileBytes, exclusion: opts.exclusion, isExcluded: opts.isExcluded }
      : undefined,
    opts.cacheWriter !== undefined,
  );
  const job = async (file: string): Promise<{ entry: IndexedFile; row?: string } | undefined> => {
    if (opts.stamps) {
      const stamp = await checkWorkspaceFile(file);
      if (!stamp) return undefined;
      opts.stamps.set(path.resolve(file), stamp);
      const hit = opts.cache?.get(path.resolve(file));
      // A hit skips the read, not the reader's rules: the size cap and the exclusions (on the real
      // path, as the guarded reader applies them) hold for cached files too, under today's settings.
      const allowed =
        hit && stamp.size <= opts.maxFileBytes && !opts.isExcluded(await fs.promises.realpath(file).catch(() => file));
      if (hit && allowed && hit.mtimeMs === stamp.mtimeMs && hit.size === stamp.size) {
        stats.fromCache++;
        // Stored redacted already: written back as it was read.
        return {
          entry: hit.entry,
          ...(opts.cacheWriter
            ? {
                row: JSON.stringify({
                  grammar: hit.entry.grammar,
                  definitions: hit.entry.definitions,
                  imports: hit.entry.imports,
                }),
              }
            : {}),
        };
      }
    }
    if (opts.exclusion) return parser.readAndAnalyse(file);
    const text = await readIndexable(file, roots, opts);
    return text === undefined || opts.signal?.aborted ? undefined : parser.analyse(file, text);
  };
  const onAbort = () => parser.close();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const queue: Array<Promise<{ entry: IndexedFile; row?: string } | undefined>> = [];
    let next = 0;
    while ((next < files.length || queue.length > 0) && !opts.signal?.aborted) {
      while (queue.length < READ_AHEAD && next < files.length) queue.push(job(files[next++]));
      const done = await queue.shift()!;
      if (opts.signal?.aborted) break;
      if (done) {
        index.set(done.entry);
        stats.indexed++;
        stats.definitions += done.entry.definitions.length;
        const stamp = opts.stamps?.get(path.resolve(done.entry.path));
        if (opts.cacheWriter && stamp && done.row !== undefined)
          opts.cacheWriter.add(path.resolve(done.entry.path), stamp, done.row);
      }
      await nextTurn(); // storing is cheap, but without a worker the parse ran on this thread: let requests in
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    parser.close();
  }
  stats.ms = Math.round(performance.now() - began);
  return stats;
}
