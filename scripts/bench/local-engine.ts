/**
 * Offline engine benchmark: next-line exact match on held-out files of real code.
 *
 * Corpus: the TypeScript/JavaScript sources under node_modules. Files are grouped by package and
 * module name (foo.ts, foo.js, foo.mjs, foo.d.ts, src/foo.ts and dist/foo.js are one group) and every
 * 10th group is held out, so no copy of a test file is indexed. For sampled lines of held-out files
 * the engine sees the file up to the line's first non-blank character, with the line itself removed
 * from the open document (the user is about to type it); the first line of its proposal must equal
 * the real line. Run directly: `node dist/scripts/bench/local-engine.js [samples]`.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LocalBackend } from '../../server/backends/local/local-backend';
import { listWorkspaceFiles, readTextFile } from '../../server/workspace/walker';
import { silentLogger } from '../../server/log/logger';
import { packageRoot } from '../../server/paths';

export interface LocalEngineBenchResult {
  samples: number;
  /** Percent of samples whose proposal's first line is the real line. */
  exactMatch: number;
  /** Percent of samples with any proposal. */
  answered: number;
  p50Ms: number;
  p99Ms: number;
  indexMs: number;
  files: number;
  tokens: number;
  heapMB: number;
  arrayBuffersMB: number;
}

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const MAX_FILE_BYTES = 500_000;

/** Package + module path without build folders and extensions: copies of one module share it. */
function moduleGroup(file: string, root: string): string {
  const rel = path.relative(root, file).split(path.sep);
  const pkgLength = rel[0].startsWith('@') ? 2 : 1;
  const inner = rel
    .slice(pkgLength)
    .filter((part) => !['src', 'lib', 'dist', 'build', 'esm', 'cjs', 'mjs', 'out'].includes(part));
  return `${rel.slice(0, pkgLength).join('/')}:${inner.join('/').replace(/(\.d)?\.(ts|mts|cts|js|mjs|cjs)$/, '')}`;
}

function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Deterministic PRNG (mulberry32), so every run samples the same lines. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runLocalEngineBench(
  options: { samples?: number; corpus?: string } = {},
): Promise<LocalEngineBenchResult> {
  const root = options.corpus ?? path.join(packageRoot(), 'node_modules');
  const wanted = options.samples ?? 2000;
  const all = (await listWorkspaceFiles([root], { maxFiles: 20_000, isExcluded: () => false })).filter((f) =>
    SOURCE.test(f),
  );
  const heldOut = (f: string): boolean => stringHash(moduleGroup(f, root)) % 10 === 0;

  // The same pipeline the server uses, minus the walk: read, tokenise, index.
  const backend = new LocalBackend({
    workspaceFolders: [],
    maxFiles: 0,
    maxFileBytes: MAX_FILE_BYTES,
    isExcluded: () => false,
    log: silentLogger(),
  });
  const started = performance.now();
  let files = 0;
  for (const file of all.filter((f) => !heldOut(f))) {
    const text = await readTextFile(file, MAX_FILE_BYTES);
    if (text === undefined) continue;
    backend.index.addWorkspaceFile(file, text);
    files++;
  }
  const indexMs = performance.now() - started;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();

  const next = random(42);
  const tests = all.filter(heldOut);
  const latencies: number[] = [];
  let exact = 0;
  let answered = 0;
  for (let attempts = 0; latencies.length < wanted && attempts < wanted * 20; attempts++) {
    const file = tests[Math.floor(next() * tests.length)];
    const text = await readTextFile(file, MAX_FILE_BYTES);
    if (!text) continue;
    const lines = text.split('\n');
    const lineNo = Math.floor(next() * lines.length);
    const line = lines[lineNo].replace(/\r$/, '');
    const expected = line.trim();
    if (expected.length < 4) continue; // closers and blanks would flatter the score
    const lineStart = lines.slice(0, lineNo).join('\n').length + (lineNo > 0 ? 1 : 0);
    const indent = /^\s*/.exec(line)![0];
    const prefix = text.slice(0, lineStart) + indent;
    const suffix = text.slice(lineStart + lines[lineNo].length);
    const uri = pathToFileURL(file).href;
    backend.index.setDocument(uri, prefix + suffix);
    const t0 = performance.now();
    let proposal = '';
    const input = {
      kind: 'fim' as const,
      prefix,
      suffix,
      filePath: file,
      languageId: file.endsWith('js') ? 'javascript' : 'typescript',
      context: [],
    };
    for await (const piece of backend.complete(
      { input, stop: [], maxTokens: 64, temperature: 0 },
      new AbortController().signal,
    ))
      proposal += piece.text;
    latencies.push(performance.now() - t0);
    backend.index.removeDocument(uri);
    if (proposal !== '') answered++;
    if (proposal.split('\n')[0].trimEnd() === expected) exact++;
  }
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  return {
    samples: n,
    exactMatch: round((100 * exact) / Math.max(1, n)),
    answered: round((100 * answered) / Math.max(1, n)),
    p50Ms: round(percentile(latencies, 0.5), 2),
    p99Ms: round(percentile(latencies, 0.99), 2),
    indexMs: Math.round(indexMs),
    files,
    tokens: backend.index.stats().tokens,
    heapMB: round(memory.heapUsed / 2 ** 20),
    arrayBuffersMB: round(memory.arrayBuffers / 2 ** 20),
  };
}

/** A Markdown table, one row per run. */
export function formatLocalEngineBench(r: LocalEngineBenchResult): string {
  const header = [
    'samples',
    'next-line exact match',
    'answered',
    'p50 ms',
    'p99 ms',
    'index build',
    'files',
    'tokens',
    'heap MB',
    'typed arrays MB',
  ];
  const row = [
    r.samples,
    `${r.exactMatch} %`,
    `${r.answered} %`,
    r.p50Ms,
    r.p99Ms,
    `${r.indexMs} ms`,
    r.files,
    r.tokens,
    r.heapMB,
    r.arrayBuffersMB,
  ].map(String);
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [
    'Offline engine: next-line exact match on held-out files',
    '',
    line(header),
    line(header.map(() => '---')),
    line(row),
  ].join('\n');
}

if (require.main === module) {
  const samples = Number(process.argv[2]) || undefined;
  runLocalEngineBench({ samples }).then(
    (r) => console.log(formatLocalEngineBench(r)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
