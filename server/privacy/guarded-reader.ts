/**
 * The one way the server reads a file from the workspace (DESIGN.md, security invariants): the
 * real path must lie inside a workspace folder, the file must be a regular file no larger than the
 * cap, the read is asynchronous, and the exclusion rules apply to the path asked for and to the
 * real path. Nothing is opened before the path passes those checks, and the checks are repeated on
 * the opened descriptor, so a file swapped for a symbolic link, a FIFO or a device between the
 * check and the open is refused rather than followed.
 *
 *   1. lstat(path): a regular file (a symbolic link, FIFO, socket or device is refused unopened);
 *   2. realpath(path): inside a root and outside /proc, /sys, /dev; not excluded;
 *   3. open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY): never blocks, never follows a
 *      link in the last component;
 *   4. fstat(fd): a regular file, the same device and inode as step 1, size ≤ cap;
 *   5. the descriptor's own path (/proc/self/fd/N on Linux, else realpath again): inside a root;
 *   6. read at most cap + 1 bytes whatever the size said (procfs files report size 0).
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export type ReadRefusal =
  /** No such file (ENOENT / ENOTDIR). */
  | 'missing'
  /** The real path is outside every workspace folder, or in /proc, /sys or /dev. */
  | 'outside'
  /** The path or its real path matches the exclusion rules. */
  | 'excluded'
  /** The path is a symbolic link (the last component), or was swapped for one. */
  | 'symlink'
  /** A FIFO, socket, device or directory. */
  | 'not-regular'
  | 'too-large'
  /** NUL bytes near the start (only when `binary: 'refuse'`). */
  | 'binary'
  /** The file changed between the checks and the open (another inode). */
  | 'changed'
  /** Permission denied or another I/O error. */
  | 'unreadable';

export type ReadResult =
  | { ok: true; text: string; realPath: string }
  | { ok: false; reason: ReadRefusal; detail?: string };

export interface ReadOptions {
  /** Workspace folders (paths or file:// URIs). A file must really lie inside one of them. */
  roots: readonly string[];
  /** `roots` are already real paths (from realRoots): a walk reading thousands of files resolves them once. */
  rootsAreReal?: boolean;
  maxBytes: number;
  /** Privacy rules, asked with the path as given and with the real path. */
  isExcluded?: (uriOrPath: string) => boolean;
  /** 'refuse': a NUL byte in the first 8000 bytes refuses the file as binary. */
  binary?: 'refuse' | 'keep';
}

/** Systems whose files are not files: never read, never walked. */
export const PSEUDO_FILESYSTEMS: readonly string[] = ['/proc', '/sys', '/dev'];
const SNIFF_BYTES = 8000;
/** The open flags: read only, no link in the last component, no blocking on FIFOs, no controlling terminal. */
const OPEN_FLAGS =
  constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** A path from a path or a file:// URI; undefined for other URIs. */
export function toFilePath(uriOrPath: string): string | undefined {
  if (uriOrPath.startsWith('file:')) {
    try {
      return fileURLToPath(uriOrPath);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]+:/i.test(uriOrPath) && !/^[a-z]:[\\/]/i.test(uriOrPath)) return undefined;
  return path.resolve(uriOrPath);
}

/** `child` is `parent` or lies below it (both absolute and normalised). */
export function isInside(child: string, parent: string): boolean {
  if (child === parent) return true;
  const base = parent.endsWith(path.sep) ? parent : parent + path.sep;
  return child.startsWith(base);
}

export function inPseudoFilesystem(p: string): boolean {
  return PSEUDO_FILESYSTEMS.some((fsRoot) => isInside(p, fsRoot));
}

/** Real paths of the roots that exist (a root that cannot be resolved admits nothing). */
export async function realRoots(roots: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const root of roots) {
    const p = toFilePath(root);
    if (p === undefined) continue;
    try {
      out.push(await fs.realpath(p));
    } catch {
      // a root that does not exist admits no file
    }
  }
  return out;
}

const within = (real: string, roots: readonly string[]): boolean =>
  !inPseudoFilesystem(real) && roots.some((r) => isInside(real, r));

function refusalOf(err: unknown): ReadRefusal {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  if (code === 'ELOOP' || code === 'EMLINK') return 'symlink';
  if (code === 'ENXIO' || code === 'EISDIR') return 'not-regular';
  return 'unreadable';
}

/** The path the kernel has for an open descriptor; undefined where /proc/self/fd is not available. */
async function descriptorPath(fd: number): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const target = await fs.readlink(`/proc/self/fd/${fd}`);
    return target.endsWith(' (deleted)') ? undefined : target;
  } catch {
    return undefined;
  }
}

const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

/**
 * Reads a workspace file as UTF-8 text, or says why not. Never throws, never blocks the event loop
 * or a libuv thread on a FIFO or device, never reads more than `maxBytes + 1` bytes.
 */
export async function readWorkspaceFile(uriOrPath: string, opts: ReadOptions): Promise<ReadResult> {
  const file = toFilePath(uriOrPath);
  if (file === undefined) return { ok: false, reason: 'outside', detail: 'not a file path' };
  if (opts.isExcluded?.(uriOrPath) || opts.isExcluded?.(file)) return { ok: false, reason: 'excluded' };
  const roots = opts.rootsAreReal ? opts.roots : await realRoots(opts.roots);
  let before: Stats;
  let real: string;
  try {
    before = await fs.lstat(file);
    // A link is never opened, wherever it leads: a committed link can point anywhere, and its
    // target can change after any check.
    if (before.isSymbolicLink()) return { ok: false, reason: 'symlink' };
    if (!before.isFile()) return { ok: false, reason: 'not-regular' };
    if (before.size > opts.maxBytes) return { ok: false, reason: 'too-large' };
    real = await fs.realpath(file);
  } catch (err) {
    return { ok: false, reason: refusalOf(err) };
  }
  if (!within(real, roots)) return { ok: false, reason: 'outside' };
  if (real !== file && opts.isExcluded?.(real)) return { ok: false, reason: 'excluded' };

  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (err) {
    return { ok: false, reason: refusalOf(err) };
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) return { ok: false, reason: 'not-regular' };
    if (!sameFile(st, before)) return { ok: false, reason: 'changed' };
    if (st.size > opts.maxBytes) return { ok: false, reason: 'too-large' };
    // Where the descriptor really is (a directory on the way may have been swapped for a link):
    // the kernel's own path for it, or else the real path again, then checked to be the same inode.
    let opened = await descriptorPath(handle.fd);
    if (opened === undefined) {
      opened = await fs.realpath(file).catch(() => undefined);
      const check = opened === undefined ? undefined : await fs.stat(opened).catch(() => undefined);
      if (!check || !sameFile(check, st)) return { ok: false, reason: 'changed' };
    }
    if (opened === undefined) return { ok: false, reason: 'changed' };
    if (!within(opened, roots)) return { ok: false, reason: 'outside' };
    if (opened !== real && opened !== file && opts.isExcluded?.(opened)) return { ok: false, reason: 'excluded' };

    // Read at most cap + 1 bytes: the size in fstat is not trusted (procfs says 0, files grow).
    const cap = opts.maxBytes;
    const buffer = Buffer.allocUnsafe(Math.min(cap + 1, Math.max(st.size + 1, 64 * 1024)));
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const room = Math.min(buffer.length, cap + 1 - total);
      if (room <= 0) return { ok: false, reason: 'too-large' };
      const { bytesRead } = await handle.read(buffer, 0, room, null);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      total += bytesRead;
    }
    const bytes = Buffer.concat(chunks, total);
    if (opts.binary === 'refuse' && bytes.subarray(0, SNIFF_BYTES).includes(0)) return { ok: false, reason: 'binary' };
    return { ok: true, text: bytes.toString('utf8'), realPath: opened };
  } catch (err) {
    return { ok: false, reason: refusalOf(err) };
  } finally {
    await handle.close().catch(() => {});
  }
}

/** What a cheap freshness check compares: modification time and size. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

/**
 * A file's modification time and size from lstat, without opening or reading it (a stale check
 * that runs every few seconds); undefined for a link, anything but a regular file, or an error.
 * A changed stamp is then read through readWorkspaceFile with every check.
 */
export async function checkWorkspaceFile(uriOrPath: string): Promise<FileStamp | undefined> {
  const file = toFilePath(uriOrPath);
  if (file === undefined || inPseudoFilesystem(file)) return undefined;
  try {
    const st = await fs.lstat(file);
    return st.isFile() ? { mtimeMs: st.mtimeMs, size: st.size } : undefined;
  } catch {
    return undefined;
  }
}

export type WriteCheck = { ok: true; exists: boolean } | { ok: false; reason: ReadRefusal };

/**
 * Whether an edit may target `uriOrPath` (a file the server would append to or create): the path is
 * not a symbolic link, its folder's real path is inside a root, and an existing file is a regular
 * file whose real path is inside a root and not excluded. Opens nothing.
 */
export async function checkEditTarget(
  uriOrPath: string,
  opts: Pick<ReadOptions, 'roots' | 'isExcluded'>,
): Promise<WriteCheck> {
  const file = toFilePath(uriOrPath);
  if (file === undefined) return { ok: false, reason: 'outside' };
  if (opts.isExcluded?.(uriOrPath) || opts.isExcluded?.(file)) return { ok: false, reason: 'excluded' };
  // Folders that do not exist yet (a file to create, a workspace folder only the editor knows):
  // the real path of the nearest existing ancestor, and the rest as written.
  const roots: string[] = [];
  for (const root of opts.roots) {
    const p = toFilePath(root);
    const real = p === undefined ? undefined : await resolveExisting(p);
    if (real !== undefined) roots.push(real);
  }
  const dir = await resolveExisting(path.dirname(file));
  if (dir === undefined) return { ok: false, reason: 'unreadable' };
  if (!within(dir, roots)) return { ok: false, reason: 'outside' };
  const target = path.join(dir, path.basename(file));
  if (opts.isExcluded?.(target)) return { ok: false, reason: 'excluded' };
  try {
    const st = await fs.lstat(file);
    if (st.isSymbolicLink()) return { ok: false, reason: 'symlink' };
    if (!st.isFile()) return { ok: false, reason: 'not-regular' };
    return { ok: true, exists: true };
  } catch (err) {
    const reason = refusalOf(err);
    return reason === 'missing' ? { ok: true, exists: false } : { ok: false, reason };
  }
}

/** The real path of `p`'s nearest existing ancestor joined with the components below it that do not exist. */
async function resolveExisting(p: string): Promise<string | undefined> {
  const rest: string[] = [];
  let at = path.resolve(p);
  for (;;) {
    try {
      return path.join(await fs.realpath(at), ...rest);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = path.dirname(at);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === at) return undefined;
      rest.unshift(path.basename(at));
      at = parent;
    }
  }
}

/** One sentence for the user: why a file was not read. */
export function describeRefusal(reason: ReadRefusal): string {
  switch (reason) {
    case 'missing':
      return 'it does not exist';
    case 'outside':
      return 'its real path is outside the workspace folders';
    case 'excluded':
      return 'it is excluded from model requests (exclude setting and built-in list)';
    case 'symlink':
      return 'it is a symbolic link';
    case 'not-regular':
      return 'it is not a regular file';
    case 'too-large':
      return 'it is too large';
    case 'binary':
      return 'it is a binary file';
    case 'changed':
      return 'it changed while being read';
    case 'unreadable':
      return 'it could not be read';
  }
}
