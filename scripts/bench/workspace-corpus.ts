/**
 * A 5,000-file repository of real source code for the workspace index benchmark: files copied
 * from the Python standard library, Debian's Python packages, this checkout's node_modules and the
 * JDK's java.base sources (when present), in sorted order, so every run indexes the same files.
 * `node_modules` folders are renamed (the walker skips them; here they stand for project code).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const EXTENSIONS = /\.(py|ts|js|java|go|rs|c|h)$/;
const MAX_BYTES = 200_000;
const JDK_SOURCES = ['/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip', '/usr/lib/jvm/openjdk-17/lib/src.zip'];

function* sourceFiles(dir: string): Generator<string> {
  let names: fs.Dirent[];
  try {
    names = fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return;
  }
  for (const e of names) {
    const full = path.join(dir, e.name);
    if (
      e.isDirectory() &&
      !e.name.startsWith('.') &&
      e.name !== '__pycache__' &&
      e.name !== 'test' &&
      e.name !== 'tests'
    )
      yield* sourceFiles(full);
    else if (e.isFile() && EXTENSIONS.test(e.name) && !e.name.endsWith('.min.js')) yield full;
  }
}

/** Extracts java.base from the first JDK source archive found, once per machine; undefined without one. */
function jdkSources(): string | undefined {
  const out = path.join(os.tmpdir(), 'arbor-bench-jdk');
  if (fs.existsSync(path.join(out, 'java.base'))) return path.join(out, 'java.base');
  const zip = JDK_SOURCES.find((z) => fs.existsSync(z));
  if (!zip) return undefined;
  try {
    execFileSync('unzip', ['-q', '-o', zip, 'java.base/*', '-d', out], { stdio: 'ignore' });
    return path.join(out, 'java.base');
  } catch {
    return undefined;
  }
}

export interface Corpus {
  root: string;
  files: number;
  bytes: number;
  sources: string[];
}

/** The corpus in a fresh temporary folder, at most `count` files. */
export function makeCorpus(count: number): Corpus {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-bench-ws-'));
  const candidates = [
    '/usr/lib/python3.11',
    '/usr/lib/python3/dist-packages',
    path.resolve(__dirname, '../../../node_modules'),
    jdkSources(),
  ].filter((d): d is string => d !== undefined && fs.existsSync(d));
  let files = 0;
  let bytes = 0;
  const used: string[] = [];
  for (const [i, src] of candidates.entries()) {
    if (files >= count) break;
    used.push(src);
    for (const file of sourceFiles(src)) {
      if (files >= count) break;
      const size = fs.statSync(file).size;
      if (size > MAX_BYTES || size === 0) continue;
      const rel = path
        .relative(src, file)
        .split(path.sep)
        .map((p) => (p === 'node_modules' ? 'nm' : p));
      const dest = path.join(root, `src${i}`, ...rel);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.copyFileSync(file, dest);
      files++;
      bytes += size;
    }
  }
  return { root, files, bytes, sources: used };
}
