/**
 * Feeds workspace files to the offline engine in the background: skips dependency and build
 * folders, .gitignore'd paths, binaries, lock files and anything the privacy predicate excludes,
 * within local.maxFiles / local.maxFileBytes, yielding to the event loop between files.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { toSlashPath } from '../../context/workspace-path';
import type { ProgressReporter } from '../types';
import type { CorpusIndex } from './corpus-index';
import { type IgnoreFile, isIgnored, parseGitignore } from './gitignore';

const SKIP_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'target', 'vendor', 'coverage', '__pycache__',
  '.venv', 'venv', '.tox', '.mypy_cache', '.pytest_cache', '.next', '.nuxt', '.cache', '.gradle', '.idea', '.vscode',
]);
const BINARY_EXTENSIONS = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'bmp', 'ico', 'webp', 'svg', 'pdf', 'zip', 'gz', 'tgz', 'bz2', 'xz', '7z', 'rar', 'jar',
  'war', 'class', 'exe', 'dll', 'so', 'dylib', 'o', 'a', 'lib', 'obj', 'wasm', 'woff', 'woff2', 'ttf', 'otf', 'eot',
  'mp3', 'mp4', 'wav', 'ogg', 'mov', 'avi', 'webm', 'sqlite', 'db', 'bin', 'dat', 'pyc', 'pyo', 'node', 'map',
]);
/** Generated files that are large and teach nothing about the user's code. */
const GENERATED = /(^|\.)min\.(js|css)$|^(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|go\.sum|poetry\.lock|composer\.lock|Gemfile\.lock)$/;
/** A NUL byte in the first bytes marks a binary file whatever its name. */
const SNIFF_BYTES = 8000;

export interface WalkOptions {
  maxFiles: number;
  maxFileBytes: number;
  /** Privacy: such files are never read. */
  isExcluded: (path: string) => boolean;
  progress?: ProgressReporter;
  signal?: AbortSignal;
}

export interface WalkResult {
  indexed: number;
  /** Listed but not indexed: too large, binary, or unreadable. */
  skipped: number;
}

const extensionOf = (name: string): string => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/** Candidate files, breadth first, sorted by name for a stable order, at most `maxFiles`. */
export async function listWorkspaceFiles(folders: readonly string[], opts: Pick<WalkOptions, 'maxFiles' | 'isExcluded' | 'signal'>): Promise<string[]> {
  const files: string[] = [];
  const queue: Array<{ dir: string; ignores: IgnoreFile[] }> = folders.map((dir) => ({ dir: path.resolve(dir), ignores: [] }));
  while (queue.length > 0 && files.length < opts.maxFiles && !opts.signal?.aborted) {
    const { dir, ignores: inherited } = queue.shift()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    let ignores = inherited;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      const text = await fs.readFile(path.join(dir, '.gitignore'), 'utf8').catch(() => '');
      ignores = [...inherited, parseGitignore(text, toSlashPath(dir))];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const slash = toSlashPath(full);
      // Symbolic links are skipped: they can loop and can point outside the workspace.
      if (!entry.isDirectory() && !entry.isFile()) continue;
      if (isIgnored(ignores, slash, entry.isDirectory()) || opts.isExcluded(full)) continue;
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) queue.push({ dir: full, ignores });
      } else if (!BINARY_EXTENSIONS.has(extensionOf(entry.name)) && !GENERATED.test(entry.name)) {
        files.push(full);
        if (files.length >= opts.maxFiles) break;
      }
    }
  }
  return files;
}

/** The file's text; undefined when larger than `maxBytes`, binary or unreadable. */
export async function readTextFile(file: string, maxBytes: number): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > maxBytes) return undefined;
    const bytes = await fs.readFile(file);
    if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return undefined;
    return bytes.toString('utf8');
  } catch {
    return undefined;
  }
}

export async function indexWorkspace(index: CorpusIndex, folders: readonly string[], opts: WalkOptions): Promise<WalkResult> {
  const result: WalkResult = { indexed: 0, skipped: 0 };
  if (opts.maxFiles <= 0 || folders.length === 0) return result;
  opts.progress?.begin('Indexing workspace for offline completion');
  try {
    const files = await listWorkspaceFiles(folders, opts);
    let reported = 0;
    for (let i = 0; i < files.length && !opts.signal?.aborted; i++) {
      const text = await readTextFile(files[i], opts.maxFileBytes);
      if (text === undefined) result.skipped++;
      else {
        index.addWorkspaceFile(files[i], text);
        result.indexed++;
      }
      const percent = Math.floor(((i + 1) * 100) / files.length);
      if (percent >= reported + 5) {
        reported = percent;
        opts.progress?.report(percent, `${i + 1}/${files.length} files`);
      }
      await nextTurn(); // indexing one file is synchronous: let requests in between files
    }
  } finally {
    opts.progress?.end();
  }
  return result;
}
