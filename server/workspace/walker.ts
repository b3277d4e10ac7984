/**
 * Feeds workspace files to the offline engine in the background: skips dependency and build
 * folders, .gitignore'd paths, binaries, lock files and anything the privacy predicate excludes,
 * within local.maxFiles / local.maxFileBytes, yielding to the event loop between files and every
 * few hundred directory entries. Every file is read through the guarded reader (real path inside a
 * workspace folder, regular file, size capped). /proc, /sys and /dev are never walked; a workspace
 * folder that is `/` or a home directory is walked only with local.allowHomeRoot.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { toSlashPath } from '../workspace-path';
import {
  inPseudoFilesystem,
  isInside,
  PSEUDO_FILESYSTEMS,
  readWorkspaceFile,
  realRoots,
} from '../privacy/guarded-reader';
import { type IgnoreFile, isIgnored, parseGitignore } from './gitignore';

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  'dist',
  'build',
  'out',
  'target',
  'vendor',
  'coverage',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.next',
  '.nuxt',
  '.cache',
  '.gradle',
  '.idea',
  '.vscode',
]);
const BINARY_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'bmp',
  'ico',
  'webp',
  'svg',
  'pdf',
  'zip',
  'gz',
  'tgz',
  'bz2',
  'xz',
  '7z',
  'rar',
  'jar',
  'war',
  'class',
  'exe',
  'dll',
  'so',
  'dylib',
  'o',
  'a',
  'lib',
  'obj',
  'wasm',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp3',
  'mp4',
  'wav',
  'ogg',
  'mov',
  'avi',
  'webm',
  'sqlite',
  'db',
  'bin',
  'dat',
  'pyc',
  'pyo',
  'node',
  'map',
]);
/** Generated files that are large and teach nothing about the user's code. */
const GENERATED =
  /(^|\.)min\.(js|css)$|^(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|go\.sum|poetry\.lock|composer\.lock|Gemfile\.lock)$/;
/** Directory entries one walk looks at, whatever they turn out to be (a bound on time for huge trees). */
export const MAX_ENTRIES_VISITED = 200_000;
/** Entries read from one folder, at most: a folder larger than this is generated data, not a project. */
export const MAX_DIR_ENTRIES = 20_000;
/** Entries processed between two turns of the event loop. */
const ENTRIES_PER_TURN = 256;
const MAX_GITIGNORE_BYTES = 1_000_000;

export interface WalkOptions {
  maxFiles: number;
  maxFileBytes: number;
  /** Privacy: such files are never read. */
  isExcluded: (path: string) => boolean;
  /** Walk a folder that is `/` or a home directory (local.allowHomeRoot). */
  allowHomeRoot?: boolean;
  /** Directory entries looked at, at most (default MAX_ENTRIES_VISITED). */
  maxEntries?: number;
  signal?: AbortSignal;
}

export interface Listing {
  files: string[];
  refused: string[];
  truncated: boolean;
}

const extensionOf = (name: string): string => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/** Home directories: the user's own, and any folder right below /home, /Users or /var/home; /root. */
function isHomeLike(real: string, home: string | undefined): boolean {
  if (home !== undefined && isInside(home, real)) return true; // the home directory or one of its ancestors
  const parent = path.dirname(real);
  return (
    real === '/root' ||
    parent === '/home' ||
    parent === '/Users' ||
    parent === '/var/home' ||
    real === '/home' ||
    real === '/Users'
  );
}

/** Why a workspace folder is not walked, or undefined when it may be. */
async function refusal(real: string, allowHomeRoot: boolean): Promise<string | undefined> {
  if (inPseudoFilesystem(real))
    return `${real} is a system pseudo-filesystem (${PSEUDO_FILESYSTEMS.join(', ')}), which the offline engine never reads.`;
  if (allowHomeRoot) return undefined;
  const home = await fs.realpath(os.homedir()).catch(() => undefined);
  if (real === path.parse(real).root || isHomeLike(real, home)) {
    return `the workspace folder ${real} is ${real === path.parse(real).root ? 'the file system root' : 'a home directory'}, so the offline engine does not index it (it holds credentials, histories and far more than one project). Open a project folder instead, or set local.allowHomeRoot to true to index it anyway (credential folders and histories stay excluded).`;
  }
  return undefined;
}

/** Device numbers of /proc, /sys and /dev: a bind mount of them elsewhere is not walked either. */
async function pseudoDevices(): Promise<Set<number>> {
  const out = new Set<number>();
  for (const p of PSEUDO_FILESYSTEMS) {
    const st = await fs.stat(p).catch(() => undefined);
    if (st) out.add(st.dev);
  }
  return out;
}

/** Candidate files, breadth first, sorted by name for a stable order, at most `maxFiles`. */
export async function listWorkspaceFiles(
  folders: readonly string[],
  opts: Pick<WalkOptions, 'maxFiles' | 'isExcluded' | 'signal' | 'allowHomeRoot' | 'maxEntries'>,
): Promise<string[]> {
  return (await walkWorkspace(folders, opts)).files;
}

/** The walk itself: candidate files, the folders refused, and whether the entry bound cut it short. */
export async function walkWorkspace(
  folders: readonly string[],
  opts: Pick<WalkOptions, 'maxFiles' | 'isExcluded' | 'signal' | 'allowHomeRoot' | 'maxEntries'>,
): Promise<Listing> {
  const files: string[] = [];
  const refused: string[] = [];
  const maxEntries = opts.maxEntries ?? MAX_ENTRIES_VISITED;
  const roots: string[] = [];
  const queue: Array<{ dir: string; ignores: IgnoreFile[] }> = [];
  for (const folder of folders) {
    const [real] = await realRoots([folder]);
    if (real === undefined) continue;
    const why = await refusal(real, opts.allowHomeRoot === true);
    if (why !== undefined) {
      refused.push(why);
      continue;
    }
    roots.push(real);
    queue.push({ dir: path.resolve(folder), ignores: [] });
  }
  const pseudo = await pseudoDevices();
  let visited = 0;
  let truncated = false;
  while (queue.length > 0 && files.length < opts.maxFiles && !opts.signal?.aborted) {
    const { dir, ignores: inherited } = queue.shift()!;
    // The folder may have been swapped for a link since it was listed: walk it only where it really is.
    const real = await fs.realpath(dir).catch(() => undefined);
    if (real === undefined || inPseudoFilesystem(real) || !roots.some((r) => isInside(real, r))) continue;
    const st = await fs.stat(real).catch(() => undefined);
    if (!st?.isDirectory() || pseudo.has(st.dev)) continue;
    // `name\0kind`: the default sort orders these exactly as the names (NUL sorts first and never
    // occurs in a name), several times faster than a comparator over objects.
    const keyed: string[] = [];
    try {
      const handle = await fs.opendir(dir, { bufferSize: 128 });
      for await (const e of handle) {
        // Counted before anything else: a folder of a million entries costs at most the bounds.
        if (++visited > maxEntries) {
          truncated = true;
          break;
        }
        if (e.isDirectory()) keyed.push(`${e.name}\0d`);
        else if (e.isFile()) keyed.push(`${e.name}\0f`);
        // Symbolic links, FIFOs, sockets and devices are skipped: links can loop and can point outside the workspace.
        if (keyed.length >= MAX_DIR_ENTRIES) break;
        if (visited % ENTRIES_PER_TURN === 0) {
          await nextTurn();
          if (opts.signal?.aborted) break;
        }
      }
      // Leaving for-await early closes the handle.
    } catch {
      continue;
    }
    await nextTurn();
    keyed.sort();
    await nextTurn();
    const entries = keyed.map((k) => ({ name: k.slice(0, -2), isDir: k.endsWith('d') }));
    let ignores = inherited;
    if (entries.some((e) => e.name === '.gitignore' && !e.isDir)) {
      const read = await readWorkspaceFile(path.join(dir, '.gitignore'), {
        roots,
        rootsAreReal: true,
        maxBytes: MAX_GITIGNORE_BYTES,
      });
      if (read.ok) ignores = [...inherited, parseGitignore(read.text, toSlashPath(dir))];
    }
    for (const [i, entry] of entries.entries()) {
      if (i > 0 && i % ENTRIES_PER_TURN === 0) await nextTurn();
      const full = path.join(dir, entry.name);
      const slash = toSlashPath(full);
      if (isIgnored(ignores, slash, entry.isDir) || opts.isExcluded(full)) continue;
      if (entry.isDir) {
        if (!SKIP_DIRS.has(entry.name)) queue.push({ dir: full, ignores });
      } else if (!BINARY_EXTENSIONS.has(extensionOf(entry.name)) && !GENERATED.test(entry.name)) {
        files.push(full);
        if (files.length >= opts.maxFiles) break;
      }
    }
    if (truncated) break;
  }
  return { files, refused, truncated };
}

/** The file's text through the guarded reader (`roots`: real paths, from realRoots; default: the file's own folder); undefined when outside the roots, larger than `maxBytes`, binary, not a regular file or unreadable. */
export async function readTextFile(
  file: string,
  maxBytes: number,
  roots?: readonly string[],
  isExcluded?: (p: string) => boolean,
): Promise<string | undefined> {
  const read = roots
    ? await readWorkspaceFile(file, { roots, rootsAreReal: true, maxBytes, isExcluded, binary: 'refuse' })
    : await readWorkspaceFile(file, { roots: [path.dirname(file)], maxBytes, isExcluded, binary: 'refuse' });
  return read.ok ? read.text : undefined;
}
