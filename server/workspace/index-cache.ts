/**
 * The workspace definitions index on disk, so a restart does not parse a large repository again:
 * one file per set of workspace folders under $XDG_CACHE_HOME/arbor-ls/workspace-index (folders
 * 0700, files 0600, written to a temporary name and renamed into place; a header line, then one
 * line per file, so neither writing nor reading holds the whole cache as one string). An entry is used only
 * when its file's path, mtime and size match and the grammars and queries are the ones it was
 * made with (CACHE_SCHEMA plus a fingerprint of them). Definition lines and import statements are
 * stored redacted (the secret scanner over the file's kept lines together), so the cache never
 * holds a secret the prompt gate would mask. A cache that is corrupted, foreign, oversized, a link
 * or not ours is ignored and replaced.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { packageRoot } from '../paths';
import { isInside, type FileStamp } from '../privacy/guarded-reader';
import { redactSecrets } from '../privacy/redact';
import { grammarEntries, grammarsDir } from '../syntax/registry';
import {
  type IndexedDefinition,
  type IndexedFile,
  MAX_DEFINITIONS_PER_FILE,
  MAX_IMPORTS_PER_FILE,
  MAX_LINE_CHARS,
} from './definition-index';

/**
 * Bump when what analyseFile keeps changes (a field of IndexedDefinition or IndexedFile, how a
 * line is cut): entries made by other code are then ignored instead of read as if they were new.
 */
export const CACHE_SCHEMA = 3;
/** A cache file larger than this is not read (5,000 files make about 20 MB). */
const MAX_CACHE_BYTES = 128 * 1024 * 1024;
const MAX_NAME_CHARS = 200;
const MAX_TEXT_CHARS = 400;

export interface CachedFile extends FileStamp {
  entry: IndexedFile;
}

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(os.homedir(), '.cache');
  return path.join(base, 'arbor-ls', 'workspace-index');
}

/** The cache file for these (real) workspace folders. */
export function cacheFileFor(roots: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const key = createHash('sha256')
    .update(JSON.stringify([...roots].sort()))
    .digest('hex')
    .slice(0, 32);
  return path.join(cacheDir(env), `${key}.json`);
}

let fingerprint: Promise<string> | undefined;

/** The grammars and queries the index is made with: their manifest and each language's definitions and imports queries. */
export function grammarFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const hash = createHash('sha256').update(`schema ${CACHE_SCHEMA}\n`);
    const read = (p: string) => fs.readFile(p).catch(() => Buffer.alloc(0));
    hash.update(await read(path.join(grammarsDir(), 'manifest.json')));
    hash.update(await read(path.join(packageRoot(), 'node_modules', 'web-tree-sitter', 'package.json')));
    for (const g of grammarEntries()) {
      for (const q of ['definitions.scm', 'imports.scm'])
        hash.update(`${g.name}/${q}\n`).update(await read(path.join(grammarsDir(), g.name, q)));
    }
    return hash.digest('hex');
  })();
  return fingerprint;
}

const isString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function definitionFrom(v: unknown): IndexedDefinition | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const d = v as Record<string, unknown>;
  if (
    !isString(d.name, MAX_NAME_CHARS) ||
    !isString(d.kind, 32) ||
    !isString(d.line, MAX_LINE_CHARS + 1) ||
    !isCount(d.start) ||
    !isCount(d.end)
  )
    return undefined;
  if (d.container !== undefined && !isString(d.container, MAX_NAME_CHARS)) return undefined;
  const base = { name: d.name, kind: d.kind as IndexedDefinition['kind'], line: d.line, start: d.start, end: d.end };
  return d.container === undefined ? base : { ...base, container: d.container };
}

/** A cache entry checked field by field; undefined when anything is off (wrong type, over a cap, outside the roots). */
function cachedFrom(v: unknown, roots: readonly string[]): CachedFile | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const c = v as Record<string, unknown>;
  if (typeof c.mtimeMs !== 'number' || !isCount(c.size) || !isString(c.path, 4096) || !isString(c.grammar, 64))
    return undefined;
  if (!path.isAbsolute(c.path) || !roots.some((r) => isInside(c.path as string, r))) return undefined;
  if (
    !Array.isArray(c.definitions) ||
    c.definitions.length > MAX_DEFINITIONS_PER_FILE ||
    !Array.isArray(c.imports) ||
    c.imports.length > MAX_IMPORTS_PER_FILE
  )
    return undefined;
  const definitions: IndexedDefinition[] = [];
  for (const d of c.definitions) {
    const def = definitionFrom(d);
    if (!def) return undefined;
    definitions.push(def);
  }
  if (!c.imports.every((i) => isString(i, MAX_TEXT_CHARS))) return undefined;
  return {
    mtimeMs: c.mtimeMs,
    size: c.size,
    entry: { path: c.path, grammar: c.grammar, definitions, imports: c.imports as string[] },
  };
}

/** A line of the cache longer than this makes it unusable (an entry is at most ~150 KB). */
const MAX_CACHE_LINE = 1024 * 1024;

/**
 * The usable entries of the cache for these roots, by path; empty when there is none or it is not
 * usable. Read line by line (a header, then one file per line): a 20 MB cache is never one string.
 */
export async function loadIndexCache(file: string, roots: readonly string[]): Promise<Map<string, CachedFile>> {
  const out = new Map<string, CachedFile>();
  let handle: fs.FileHandle | undefined;
  try {
    const st = await fs.lstat(file);
    if (
      !st.isFile() ||
      st.size > MAX_CACHE_BYTES ||
      (typeof process.getuid === 'function' && st.uid !== process.getuid())
    )
      return out;
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== st.ino || opened.dev !== st.dev) return out;
    const lines = readline.createInterface({
      input: handle.createReadStream({ encoding: 'utf8', end: MAX_CACHE_BYTES }),
      crlfDelay: Infinity,
    });
    let header = true;
    let n = 0;
    for await (const line of lines) {
      if (line.length > MAX_CACHE_LINE) throw new Error('cache line too long');
      if (header) {
        header = false;
        const h = JSON.parse(line) as Record<string, unknown>;
        if (h?.schema !== CACHE_SCHEMA || h.grammars !== (await grammarFingerprint())) return out;
        if (!Array.isArray(h.roots) || JSON.stringify([...h.roots].sort()) !== JSON.stringify([...roots].sort()))
          return out;
        continue;
      }
      if (line === '') continue;
      const cached = cachedFrom(JSON.parse(line), roots);
      if (cached) out.set(cached.entry.path, cached);
      if (++n % 500 === 0) await nextTurn();
    }
    if (header) out.clear(); // empty file
  } catch {
    out.clear(); // unreadable or not JSON somewhere: start without it
  } finally {
    await handle?.close().catch(() => {});
  }
  return out;
}

/** The entry with its lines and imports redacted as one text (a secret's name on one line, its value on the next, is still found). */
function redacted(entry: IndexedFile): IndexedFile {
  const texts = [...entry.definitions.map((d) => d.line), ...entry.imports];
  const masked = redactSecrets(texts.join('\n'), { path: entry.path }).text.split('\n');
  if (masked.length !== texts.length) return { ...entry, definitions: [], imports: [] }; // never expected: masking keeps line breaks
  return {
    ...entry,
    definitions: entry.definitions.map((d, i) => ({ ...d, line: masked[i] })),
    imports: masked.slice(entry.definitions.length),
  };
}

/** What the cache stores of an entry besides its path and stamp, redacted, as JSON (made on the parsing thread during a build). */
export function cacheRow(entry: IndexedFile): string {
  const e = redacted(entry);
  return JSON.stringify({ grammar: e.grammar, definitions: e.definitions, imports: e.imports });
}

/** Rows written per write: the cache is never one string in memory. */
const ROWS_PER_WRITE = 64;

/**
 * A new cache file, written while the index is built: a header, then one line per file as its
 * row arrives. Nothing replaces the old cache until commit() renames the temporary file over it.
 */
export class CacheWriter {
  private pending: string[] = [];
  private written: Promise<void> = Promise.resolve();
  private failed: unknown;
  rows = 0;

  private constructor(
    private readonly file: string,
    private readonly tmp: string,
    private readonly handle: fs.FileHandle,
  ) {}

  static async open(file: string, roots: readonly string[]): Promise<CacheWriter> {
    const dir = path.dirname(file);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const st = await fs.lstat(dir);
    if (!st.isDirectory() || (typeof process.getuid === 'function' && st.uid !== process.getuid()))
      throw new Error(`${dir} is not a folder of this user`);
    if ((st.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
    const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'wx', 0o600);
    const writer = new CacheWriter(file, tmp, handle);
    writer.pending.push(
      JSON.stringify({ schema: CACHE_SCHEMA, grammars: await grammarFingerprint(), roots: [...roots].sort() }),
    );
    return writer;
  }

  /** One file: its path, the stamp taken before it was read, and its row (cacheRow, or a row read from the old cache). */
  add(file: string, stamp: FileStamp, row: string): void {
    if (!row.startsWith('{') || row === '{}') return;
    this.pending.push(
      `{"path":${JSON.stringify(file)},"mtimeMs":${stamp.mtimeMs},"size":${stamp.size},${row.slice(1)}`,
    );
    this.rows++;
    if (this.pending.length >= ROWS_PER_WRITE) this.flush();
  }

  /** Writes what is left and puts the file in place of the old cache. */
  async commit(): Promise<number> {
    this.flush();
    await this.written;
    await this.handle.close();
    if (this.failed !== undefined) {
      await fs.rm(this.tmp, { force: true });
      throw this.failed;
    }
    await fs.rename(this.tmp, this.file);
    return this.rows;
  }

  /** Drops the temporary file; the old cache stays. */
  async discard(): Promise<void> {
    this.pending = [];
    await this.written;
    await this.handle.close().catch(() => {});
    await fs.rm(this.tmp, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const chunk = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.written = this.written.then(async () => {
      if (this.failed === undefined) await this.handle.write(chunk).catch((e: unknown) => (this.failed = e));
    });
  }
}

/** Writes the cache for these roots from a built index: only entries with a stamp, redacted; atomically. */
export async function saveIndexCache(
  file: string,
  roots: readonly string[],
  files: Iterable<IndexedFile>,
  stamps: ReadonlyMap<string, FileStamp>,
): Promise<number> {
  const writer = await CacheWriter.open(file, roots);
  let n = 0;
  try {
    for (const entry of files) {
      const stamp = stamps.get(entry.path);
      if (!stamp) continue;
      writer.add(entry.path, stamp, cacheRow(entry));
      if (++n % 200 === 0) await nextTurn(); // redaction scans text: let requests in
    }
  } catch (error) {
    await writer.discard();
    throw error;
  }
  return writer.commit();
}
