/**
 * The workspace definitions index (#14): what it costs on a 5,000-file repository of real code
 * (scripts/bench/workspace-corpus.ts) and what it costs the completions answered meanwhile.
 *
 * Over real stdio against a loopback model that answers at once, each row a fresh server:
 *   - no index (workspace.maxFiles 0): the same-run baseline for latency and memory;
 *   - index, idle: build time, RSS once built;
 *   - index while a completion is asked every 100 ms (a keystroke typed before each): build time,
 *     latency p50 while building and after;
 *   - restart with the disk cache the idle run left.
 * In process: heap held by the built index (after a full GC) by structure, and one saved file
 * re-indexed (read through the guarded reader, parsed, stored), p50 over 200 files.
 * Targets: build <= 20 s, RSS <= +50 MB, save <= 50 ms, warm completion p50 within +2 ms of no index.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { LspClient } from '../../test/support/lsp-client';
import { startOpenAIServer } from '../../test/support/openai-server';
import { buildFimInput } from '../../server/context/assemble';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { DocumentTree } from '../../server/syntax/document-tree';
import { realRoots } from '../../server/privacy/guarded-reader';
import { buildWorkspaceIndex, refreshFile, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';
import { pythonModule } from './syntax';
import { percentile, table } from './stats';
import { makeCorpus } from './workspace-corpus';
import { loopbackBackend } from './loopback';

const FILES = 5000;
const EVERY_MS = 100;
const AFTER_SAMPLES = 60;
const BUILD_TIMEOUT_MS = 180_000;

/** CPU seconds the process has used, all threads (a figure the other agents' load does not inflate). */
function cpuSeconds(pid: number): number {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function status(pid: number, field: string): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? NaN) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Run {
  buildMs: number;
  /** Server CPU seconds from initialize to the end of the build (minus what the baseline run used meanwhile). */
  buildCpu: number;
  during: number[];
  after: number[];
  rss: number;
  peak: number;
  indexed: number;
  fromCache: number;
  /** window/showMessage notifications about the workspace index. */
  messages: number;
}

interface RunOptions {
  /** Extra arbor settings (local.allowHomeRoot). */
  settings?: Record<string, unknown>;
  maxFiles: number;
  complete: boolean;
  cacheHome: string;
  diskCache?: boolean;
}

/** The server's own figure for the build (its info log), or NaN when it has not finished. */
function builtMs(c: LspClient): { ms: number; indexed: number; fromCache: number } | undefined {
  for (const line of c.stderr.split('\n')) {
    if (!line.includes('workspace definitions indexed')) continue;
    try {
      const j = JSON.parse(line) as { ms?: number; indexed?: number; fromCache?: number };
      return { ms: Number(j.ms), indexed: Number(j.indexed), fromCache: Number(j.fromCache ?? 0) };
    } catch {
      // not this line
    }
  }
  return undefined;
}

async function serverRun(root: string, url: string, opts: RunOptions): Promise<Run> {
  const c = new LspClient({ env: { XDG_CACHE_HOME: opts.cacheHome } });
  const folder = pathToFileURL(root).href;
  await c.initialize(
    { window: { workDoneProgress: true } },
    {
      rootUri: folder,
      workspaceFolders: [{ uri: folder, name: 'bench' }],
      initializationOptions: {
        arbor: {
          backend: loopbackBackend(url),
          completion: { debounceMs: 0, codeReferencing: 'off' },
          workspace: {
            maxFiles: opts.maxFiles,
            ...(opts.diskCache === undefined ? {} : { diskCache: opts.diskCache }),
          },
          log: { level: 'info' },
          ...opts.settings,
        },
      },
    },
  );
  const began = performance.now();
  const cpu0 = cpuSeconds(c.proc.pid!);
  const uri = pathToFileURL(path.join(root, 'bench_current.py')).href;
  const lines = pythonModule(5000).split('\n');
  c.open(uri, lines.join('\n'));
  let version = 1;
  // Keystrokes as in the latency bench: at a statement inside a loop body a new line is opened,
  // a word typed into it one character at a time (a completion after each, so no request is
  // answered from the typeahead cache), then the line is removed again: the document stays valid
  // Python however many keystrokes a run makes.
  const WORD = 'values_total';
  const places = lines.flatMap((l, i) => (l.startsWith('            value = self.store.get(') ? [i] : []));
  let place = -1;
  let typed = WORD.length;
  let placeCount = 0;
  const edit = (line: number, from: number, to: { line: number; character: number }, text: string) =>
    c.notify('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [{ range: { start: { line, character: from }, end: to }, text }],
    });
  const keystroke = async (): Promise<number> => {
    if (typed === WORD.length) {
      if (place >= 0) edit(place, 0, { line: place + 1, character: 0 }, ''); // the word's line goes again
      place = places[(placeCount++ * 7919) % places.length];
      edit(place, 0, { line: place, character: 0 }, '            \n');
      typed = 0;
    }
    const col = 12 + typed;
    edit(place, col, { line: place, character: col }, WORD[typed++]);
    const t = performance.now();
    await c.call('textDocument/completion', { textDocument: { uri }, position: { line: place, character: col + 1 } });
    return performance.now() - t;
  };
  const during: number[] = [];
  const after: number[] = [];
  let built = opts.maxFiles === 0 ? { ms: 0, indexed: 0, fromCache: 0 } : undefined;
  for (let i = 0; i < 3; i++) await keystroke(); // grammar, JIT
  while (!built) {
    if (performance.now() - began > BUILD_TIMEOUT_MS) throw new Error(`index not built in ${BUILD_TIMEOUT_MS} ms`);
    if (opts.complete) {
      const t = performance.now();
      during.push(await keystroke());
      await sleep(Math.max(0, EVERY_MS - (performance.now() - t)));
    } else await sleep(50);
    built = builtMs(c);
  }
  const buildCpu = cpuSeconds(c.proc.pid!) - cpu0;
  await sleep(500);
  for (let i = 0; i < AFTER_SAMPLES; i++) {
    const t = performance.now();
    after.push(await keystroke());
    await sleep(Math.max(0, EVERY_MS - (performance.now() - t)));
  }
  const rss = status(c.proc.pid!, 'VmRSS');
  const peak = status(c.proc.pid!, 'VmHWM');
  await c.shutdown();
  const messages = c.notifications.filter(
    (m) => m.method === 'window/showMessage' && /[Ww]orkspace definitions/.test(m.params?.message ?? ''),
  ).length;
  return {
    buildMs: built.ms,
    buildCpu,
    during,
    after,
    rss,
    peak,
    indexed: built.indexed,
    fromCache: built.fromCache,
    messages,
  };
}

function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** Heap the built index holds, and what its strings add up to (UTF-16 estimate: 2 bytes per char, 16 per string header). */
export async function inProcess(root: string): Promise<Array<Array<string | number>>> {
  const gc = collector();
  const isExcluded = createExclusionMatcher([], [root]);
  gc();
  const before = process.memoryUsage();
  const index = new WorkspaceDefinitionIndex();
  const t0 = performance.now();
  const stats = await buildWorkspaceIndex(index, [root], { maxFiles: FILES, maxFileBytes: 500_000, isExcluded });
  const buildMs = performance.now() - t0;
  gc();
  const after = process.memoryUsage();
  const sizes = { definitions: 0, defStrings: 0, imports: 0, importChars: 0, pathChars: 0, files: 0 };
  for (const f of index.allFiles()) {
    sizes.files++;
    sizes.pathChars += f.path.length;
    for (const d of f.definitions) {
      sizes.definitions++;
      sizes.defStrings += 16 * 3 + 2 * (d.name.length + d.line.length + (d.container?.length ?? 0));
    }
    sizes.imports += f.imports.length;
    for (const i of f.imports) sizes.importChars += i.length;
  }
  const mb = (b: number) => b / 1024 / 1024;
  // One saved file re-indexed: the files in a fixed spread over the corpus.
  const roots = await realRoots([root]);
  const files = index.allFiles().map((f) => f.path);
  const save: number[] = [];
  for (let i = 0; i < 200 && files.length > 0; i++) {
    const file = files[(i * 7919) % files.length];
    const t = performance.now();
    await refreshFile(index, file, roots, { maxFileBytes: 500_000, isExcluded });
    save.push(performance.now() - t);
  }
  const [withIndex, without] = await contextCost(root, index, isExcluded);
  return [
    ['in-process build (s), files indexed', `${(buildMs / 1000).toFixed(1)}, ${stats.indexed}`],
    ['heap held by the index after GC (MB)', mb(after.heapUsed - before.heapUsed)],
    [
      'external + array buffers (wasm) growth (MB)',
      mb(after.external + after.arrayBuffers - before.external - before.arrayBuffers),
    ],
    ['definitions; their strings, estimate (MB)', `${sizes.definitions}; ${mb(sizes.defStrings).toFixed(1)}`],
    ['import statements; their chars (MB, UTF-16)', `${sizes.imports}; ${mb(2 * sizes.importChars).toFixed(1)}`],
    ['paths (MB, UTF-16)', mb(2 * sizes.pathChars)],
    ['buildFimInput at 5k lines, p50 with the index / without (ms)', `${withIndex.toFixed(2)} / ${without.toFixed(2)}`],
    [
      'one saved file re-indexed, p50 / p99 (ms)',
      `${percentile(save, 50).toFixed(2)} / ${percentile(save, 99).toFixed(2)}`,
    ],
  ];
}

/** Context assembly for a 5k-line file in the corpus, a keystroke before each, with the built index and without (alternating, same moment). */
async function contextCost(
  root: string,
  index: WorkspaceDefinitionIndex,
  isExcluded: (p: string) => boolean,
): Promise<[number, number]> {
  const uri = pathToFileURL(path.join(root, 'bench_current.py')).href;
  let text = pythonModule(5000);
  const doc = await DocumentTree.create('python', uri, text);
  const times: [number[], number[]] = [[], []];
  try {
    for (let k = -20; k < 200; k++) {
      const at = text.indexOf('            value = self.store.get(', Math.floor(((k + 20) * 7919 * 37) % text.length));
      if (at === -1) continue;
      text = `${text.slice(0, at + 20)}x${text.slice(at + 20)}`; // `self.store` -> `xself.store`: still valid
      doc.replaceText(text);
      doc.tree();
      const useIndex = k % 2 === 0;
      const t = performance.now();
      buildFimInput({
        uri,
        languageId: 'python',
        text,
        doc,
        offset: at + 21,
        openDocuments: [{ uri, languageId: 'python', text, doc }],
        budgetTokens: 2048,
        workspaceFolders: [root],
        isExcluded,
        ...(useIndex ? { workspace: { index, folders: [root], isExcluded } } : {}),
      });
      if (k >= 0) times[useIndex ? 0 : 1].push(performance.now() - t);
    }
  } finally {
    doc.dispose();
  }
  return [percentile(times[0], 50), percentile(times[1], 50)];
}

export async function runWorkspaceBench(): Promise<void> {
  const corpus = makeCorpus(FILES);
  const cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-bench-cache-'));
  const srv = await startOpenAIServer();
  srv.respond('result = compute(value)');
  try {
    console.log(
      `corpus: ${corpus.files} files, ${(corpus.bytes / 1024 / 1024).toFixed(1)} MB, from ${corpus.sources.join(', ')}`,
    );
    const cache = (name: string) => path.join(cacheRoot, name);
    const none = await serverRun(corpus.root, srv.url, { maxFiles: 0, complete: true, cacheHome: cache('none') });
    const idle = await serverRun(corpus.root, srv.url, { maxFiles: FILES, complete: false, cacheHome: cache('idle') });
    const busy = await serverRun(corpus.root, srv.url, { maxFiles: FILES, complete: true, cacheHome: cache('busy') });
    const warm = await serverRun(corpus.root, srv.url, { maxFiles: FILES, complete: true, cacheHome: cache('idle') });
    const s = (ms: number) => (ms / 1000).toFixed(1);
    const p = (xs: number[]) => (xs.length ? percentile(xs, 50).toFixed(1) : '-');
    table(
      `Workspace index over stdio, ${corpus.files} files; completion every ${EVERY_MS} ms after a keystroke, 5k-line document (targets: build <= 20 s, RSS <= +50 MB over no index, warm p50 <= +2 ms)`,
      [
        'run',
        'files indexed (from cache)',
        'build (s)',
        'server CPU to built (s)',
        'completion p50 while building (ms)',
        'completion p50 after (ms)',
        'RSS after (MB)',
        'RSS over no index (MB)',
        'peak RSS (MB)',
      ],
      [
        ['no index (baseline)', 0, '-', '-', '-', p(none.after), none.rss, 0, none.peak],
        [
          'index, idle',
          `${idle.indexed} (${idle.fromCache})`,
          s(idle.buildMs),
          idle.buildCpu.toFixed(1),
          '-',
          p(idle.after),
          idle.rss,
          idle.rss - none.rss,
          idle.peak,
        ],
        [
          `index, completing every ${EVERY_MS} ms`,
          `${busy.indexed} (${busy.fromCache})`,
          s(busy.buildMs),
          busy.buildCpu.toFixed(1),
          p(busy.during),
          p(busy.after),
          busy.rss,
          busy.rss - none.rss,
          busy.peak,
        ],
        [
          'restart, disk cache of the idle run',
          `${warm.indexed} (${warm.fromCache})`,
          s(warm.buildMs),
          warm.buildCpu.toFixed(1),
          p(warm.during),
          p(warm.after),
          warm.rss,
          warm.rss - none.rss,
          warm.peak,
        ],
      ],
    );
    // A root of `/`: refused by default, walked within the limits with local.allowHomeRoot.
    const refused = await serverRun('/', srv.url, { maxFiles: FILES, complete: false, cacheHome: cache('root') });
    const walked = await serverRun('/', srv.url, {
      maxFiles: FILES,
      complete: false,
      cacheHome: cache('root'),
      settings: { local: { allowHomeRoot: true } },
    });
    table(
      'A workspace folder of `/` (default limits: workspace.maxEntries 200,000 entries, workspace.maxFiles 5,000)',
      [
        'run',
        'files indexed',
        'build (s)',
        'server CPU to built (s)',
        'completion p50 after (ms)',
        'RSS after (MB)',
        'RSS over no index (MB)',
        'messages shown',
      ],
      [
        [
          'refused (default)',
          refused.indexed,
          s(refused.buildMs),
          refused.buildCpu.toFixed(1),
          p(refused.after),
          refused.rss,
          refused.rss - none.rss,
          refused.messages,
        ],
        [
          'local.allowHomeRoot: walked within the limits',
          walked.indexed,
          s(walked.buildMs),
          walked.buildCpu.toFixed(1),
          p(walked.after),
          walked.rss,
          walked.rss - none.rss,
          walked.messages,
        ],
      ],
    );
    table(
      'Workspace index in process (the bench process, a full GC before each heap figure)',
      ['measure', 'value'],
      await inProcess(corpus.root),
    );
  } finally {
    await srv.close();
    fs.rmSync(corpus.root, { recursive: true, force: true });
    fs.rmSync(cacheRoot, { recursive: true, force: true });
  }
}
