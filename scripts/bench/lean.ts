/**
 * Lean and instant (#18): memory and first-completion times of this build beside its peers, in the
 * same run, over real stdio against loopback models that answer at once.
 *
 *   npm run bench -- --only lean [--baseline DIR] [--no-tabby] [--soak 2000] [--cold 3] [--memory-runs 1]
 *
 * Columns: this build; `--baseline DIR` another arbor-ls checkout's build (DIR/dist/server/cli.js,
 * e.g. main); tabby-agent 1.5.0, installed with npm into a folder under the system temp directory
 * on first use (its debounce set to 0 through its own config file under a temporary HOME). Rows:
 * startup and memory, 20 open ~2,000-line documents, a 2,000-request soak, the first completion in
 * a fresh 5k-line file on a cold server, and warm typing / new-place latency at 5k lines. RSS of
 * identical runs differs by up to ~10 MB on a 2-core VM: `--memory-runs N` repeats the memory runs
 * (subjects alternating) and shows the median with the range.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, SERVER_JS } from '../../test/support/lsp-client';
import { startOpenAIServer, type OpenAITestServer } from '../../test/support/openai-server';
import { percentile, table } from './stats';
import { pythonModule, typescriptModule } from './syntax';
import { LOOPBACK_MODEL, loopbackBackend } from './loopback';

const TABBY_VERSION = '1.5.0';
const ANSWER = 'result = compute(value)';

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One server under test: how to start it so it talks to the loopback model. */
interface Subject {
  name: string;
  start(): Promise<{ client: LspClient; initMs: number }>;
}

function arborSubject(name: string, serverJs: string, model: OpenAITestServer): Subject {
  return {
    name,
    async start() {
      const client = new LspClient({
        command: [process.execPath, serverJs, '--stdio'],
        env: { ARBOR_LOG_LEVEL: 'warn' },
      });
      const t = performance.now();
      await client.initialize(
        {},
        {
          initializationOptions: {
            arbor: {
              backend: loopbackBackend(model.url),
              completion: { debounceMs: 0 },
            },
          },
        },
      );
      return { client, initMs: performance.now() - t };
    },
  };
}

/** A loopback Tabby server: health, events, and completions that answer at once. */
async function startTabbyModel(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = (req.url ?? '').split('?')[0];
      const json = (body: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url === '/v1/health')
        return json({
          model: 'TabbyML/StarCoder-1B',
          device: 'cpu',
          arch: 'x86_64',
          cpu_info: 'bench',
          cpu_count: 2,
          cuda_devices: [],
          version: { build_date: '', build_timestamp: '', git_sha: '', git_describe: 'v0.11.1' },
        });
      if (url === '/v1/completions') return json({ id: 'bench', choices: [{ index: 0, text: ANSWER }] });
      json({});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** tabby-agent's CLI, installed once into the temp directory; undefined (with the reason printed) when npm cannot. */
function tabbyCli(): string | undefined {
  const dir = path.join(os.tmpdir(), `arbor-bench-tabby-agent-${TABBY_VERSION}`);
  const cli = path.join(dir, 'node_modules', 'tabby-agent', 'dist', 'cli.js');
  if (fs.existsSync(cli)) return cli;
  try {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, `tabby-agent@${TABBY_VERSION}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return cli;
  } catch (err) {
    console.log(`(tabby-agent ${TABBY_VERSION} column skipped: npm install failed: ${String(err).slice(0, 200)})`);
    return undefined;
  }
}

function tabbySubject(cli: string, modelUrl: string): Subject {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-bench-tabby-home-'));
  fs.mkdirSync(path.join(home, '.tabby-client', 'agent'), { recursive: true });
  fs.writeFileSync(
    path.join(home, '.tabby-client', 'agent', 'config.toml'),
    [
      `[server]`,
      `endpoint = "${modelUrl}"`,
      '',
      '[completion.debounce]',
      'mode = "fixed"',
      'interval = 0',
      '',
      '[logs]',
      'level = "silent"',
      '',
      '[anonymousUsageTracking]',
      'disable = true',
      '',
    ].join('\n'),
  );
  return {
    name: `tabby-agent ${TABBY_VERSION}`,
    async start() {
      const client = new LspClient({ command: [process.execPath, cli, '--lsp', '--stdio'], env: { HOME: home } });
      const t = performance.now();
      await client.initialize({}, { clientInfo: { name: 'arbor-bench', version: '0' } });
      return { client, initMs: performance.now() - t };
    },
  };
}

interface Doc {
  uri: string;
  languageId: string;
  lines: string[];
  version: number;
}

/** Where a new statement may go: before these lines (inside a function body, after a complete statement). */
const STATEMENT_BEFORE: Record<string, RegExp> = { python: /^ {8}items = \[/, typescript: /^ {4}const text = await/ };

function makeDoc(uri: string, languageId: string, lines: number): Doc {
  const text = languageId === 'python' ? pythonModule(lines) : typescriptModule(lines);
  return { uri, languageId, lines: text.split('\n'), version: 1 };
}

function statementLines(doc: Doc): number[] {
  const out: number[] = [];
  for (const [i, l] of doc.lines.entries()) if (STATEMENT_BEFORE[doc.languageId].test(l)) out.push(i);
  return out;
}

function openDoc(c: LspClient, d: Doc): void {
  c.open(d.uri, d.lines.join('\n'), d.languageId, d.version);
}

/** Inserts `text` as a new line before `line` (same indentation) and returns the cursor after it. */
function insertLine(c: LspClient, d: Doc, line: number, text: string): { line: number; character: number } {
  const indent = /^\s*/.exec(d.lines[line])![0];
  d.lines.splice(line, 0, indent + text);
  c.notify('textDocument/didChange', {
    textDocument: { uri: d.uri, version: ++d.version },
    contentChanges: [
      { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${indent}${text}\n` },
    ],
  });
  return { line, character: indent.length + text.length };
}

function typeChar(
  c: LspClient,
  d: Doc,
  at: { line: number; character: number },
  ch: string,
): { line: number; character: number } {
  d.lines[at.line] = d.lines[at.line].slice(0, at.character) + ch + d.lines[at.line].slice(at.character);
  c.notify('textDocument/didChange', {
    textDocument: { uri: d.uri, version: ++d.version },
    contentChanges: [{ range: { start: at, end: at }, text: ch }],
  });
  return { line: at.line, character: at.character + 1 };
}

async function complete(
  c: LspClient,
  d: Doc,
  position: { line: number; character: number },
): Promise<{ ms: number; items: number }> {
  const t = performance.now();
  const answer = await c.call('textDocument/completion', { textDocument: { uri: d.uri }, position });
  return { ms: performance.now() - t, items: (Array.isArray(answer) ? answer : (answer?.items ?? [])).length };
}

interface MemoryResult {
  initMs: number;
  rssInit: number;
  rss20: number;
  rssSoak: number;
  /** After the user pauses (a server may tidy up when idle). */
  rssPaused: number;
  soakP50: number;
}

async function memoryRun(s: Subject, soakRequests: number): Promise<MemoryResult> {
  const { client: c, initMs } = await s.start();
  try {
    await sleep(500);
    const rssInit = rssMb(c.proc.pid!);
    const docs = Array.from({ length: 20 }, (_, i) =>
      makeDoc(`file:///bench/lean/m${i}.${i % 2 ? 'ts' : 'py'}`, i % 2 ? 'typescript' : 'python', 2000),
    );
    for (const d of docs) openDoc(c, d);
    for (const d of docs) await complete(c, d, { line: d.lines.length - 1, character: 0 });
    await sleep(500);
    const rss20 = rssMb(c.proc.pid!);
    const times: number[] = [];
    for (let i = 0; i < soakRequests; i++) {
      const d = docs[(i * 7) % docs.length];
      const spots = statementLines(d);
      const at = insertLine(
        c,
        d,
        spots[(i >> 1) % spots.length],
        i % 2 ? `step_${i} = ` : `step_${i} = helper_${i % 9}(`,
      );
      times.push((await complete(c, d, at)).ms);
    }
    await sleep(500);
    const rssSoak = rssMb(c.proc.pid!);
    await sleep(2000);
    return { initMs, rssInit, rss20, rssSoak, rssPaused: rssMb(c.proc.pid!), soakP50: percentile(times, 50) };
  } finally {
    await c.shutdown();
  }
}

/** A fresh server, a fresh 5k-line file opened, and at once a completion on a new line in its middle. */
async function coldRun(s: Subject, languageId: string): Promise<{ ms: number; items: number }> {
  const { client: c } = await s.start();
  try {
    const d = makeDoc(`file:///bench/lean/cold.${languageId === 'python' ? 'py' : 'ts'}`, languageId, 5000);
    openDoc(c, d);
    const spots = statementLines(d);
    const at = insertLine(c, d, spots[Math.floor(spots.length / 2)], 'total = ');
    return await complete(c, d, at);
  } finally {
    await c.shutdown();
  }
}

/** Warm: 20 jumps to a new place in a 5k-line file, a word typed at each, a completion per keystroke. */
async function warmRun(s: Subject, languageId: string): Promise<{ place: number[]; typing: number[] }> {
  const { client: c } = await s.start();
  const place: number[] = [];
  const typing: number[] = [];
  try {
    const d = makeDoc(`file:///bench/lean/warm.${languageId === 'python' ? 'py' : 'ts'}`, languageId, 5000);
    openDoc(c, d);
    await sleep(1500);
    const word = 'values_total';
    for (let p = 0; p < 21; p++) {
      const spots = statementLines(d);
      let at = insertLine(c, d, spots[(p * 37) % spots.length], '');
      const first = await complete(c, d, at);
      if (p > 0) place.push(first.ms); // the first place warms up and is not counted
      for (const ch of word.slice(0, 8)) {
        at = typeChar(c, d, at, ch);
        const r = await complete(c, d, at);
        if (p > 0) typing.push(r.ms);
      }
    }
  } finally {
    await c.shutdown();
  }
  return { place, typing };
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

export async function runLeanBench(): Promise<void> {
  const openai = await startOpenAIServer({ models: [LOOPBACK_MODEL] });
  openai.respond(ANSWER);
  const tabbyModel = await startTabbyModel();
  const subjects: Subject[] = [arborSubject('this build', SERVER_JS, openai)];
  const baseline = arg('baseline');
  if (baseline)
    subjects.push(
      arborSubject(
        `baseline (${path.basename(path.resolve(baseline))})`,
        path.resolve(baseline, 'dist', 'server', 'cli.js'),
        openai,
      ),
    );
  const cli = process.argv.includes('--no-tabby') ? undefined : tabbyCli();
  if (cli) subjects.push(tabbySubject(cli, tabbyModel.url));
  const soak = Number(arg('soak') ?? 2000);
  const coldRuns = Number(arg('cold') ?? 3);
  const memoryRuns = Math.max(1, Number(arg('memory-runs') ?? 1));
  try {
    const runs = new Map<string, MemoryResult[]>(subjects.map((s) => [s.name, []]));
    for (let r = 0; r < memoryRuns; r++) for (const s of subjects) runs.get(s.name)!.push(await memoryRun(s, soak));
    /** The median of the runs, with their range when there are several. */
    const memCell = (name: string, f: (m: MemoryResult) => number): string => {
      const values = runs.get(name)!.map(f);
      const median = percentile(values, 50).toFixed(2);
      return values.length > 1
        ? `${median} (${Math.min(...values).toFixed(1)}-${Math.max(...values).toFixed(1)})`
        : median;
    };
    const cold = new Map<string, Record<string, Array<{ ms: number; items: number }>>>(
      subjects.map((s) => [s.name, { python: [], typescript: [] }]),
    );
    for (let r = 0; r < coldRuns; r++) {
      for (const lang of ['python', 'typescript'])
        for (const s of subjects) cold.get(s.name)![lang].push(await coldRun(s, lang));
    }
    const warm = new Map<string, Record<string, { place: number[]; typing: number[] }>>();
    for (const s of subjects)
      warm.set(s.name, { python: await warmRun(s, 'python'), typescript: await warmRun(s, 'typescript') });

    const col = (f: (name: string) => number | string) => subjects.map((s) => f(s.name));
    const coldCell = (name: string, lang: string) => {
      const runs = cold.get(name)![lang];
      return `${percentile(
        runs.map((r) => r.ms),
        50,
      ).toFixed(1)} (${runs.filter((r) => r.items > 0).length}/${runs.length} with items)`;
    };
    table(
      `Lean and instant (#18): instant loopback models, debounce 0, same run. RSS targets: 20 docs <= 100 MB, after soak <= 150 MB; cold first completion <= 150 ms p50; 5k-line typing p50 <= 3 ms, p99 <= 15; new place p50 <= 5 ms`,
      ['measure', ...subjects.map((s) => s.name)],
      [
        ['spawn → initialize result (ms)', ...col((n) => memCell(n, (m) => m.initMs))],
        ['RSS after initialize (MB)', ...col((n) => memCell(n, (m) => m.rssInit))],
        [
          'RSS, 20 open ~2,000-line documents (10 Python, 10 TypeScript), one completion each (MB)',
          ...col((n) => memCell(n, (m) => m.rss20)),
        ],
        [`RSS after ${soak} edit+completion requests over them (MB)`, ...col((n) => memCell(n, (m) => m.rssSoak))],
        ['RSS 2.5 s after the last of them (MB)', ...col((n) => memCell(n, (m) => m.rssPaused))],
        ['soak request p50 (ms)', ...col((n) => memCell(n, (m) => m.soakP50))],
        [
          `first completion, fresh 5k-line Python file, cold server, p50 of ${coldRuns} (ms)`,
          ...col((n) => coldCell(n, 'python')),
        ],
        [
          `first completion, fresh 5k-line TypeScript file, cold server, p50 of ${coldRuns} (ms)`,
          ...col((n) => coldCell(n, 'typescript')),
        ],
        ['new place, 5k lines, p50 (ms) Python', ...col((n) => percentile(warm.get(n)!.python.place, 50))],
        ['new place, 5k lines, p50 (ms) TypeScript', ...col((n) => percentile(warm.get(n)!.typescript.place, 50))],
        [
          'typing, 5k lines, p50 / p99 (ms) Python',
          ...col(
            (n) =>
              `${percentile(warm.get(n)!.python.typing, 50).toFixed(2)} / ${percentile(warm.get(n)!.python.typing, 99).toFixed(2)}`,
          ),
        ],
        [
          'typing, 5k lines, p50 / p99 (ms) TypeScript',
          ...col(
            (n) =>
              `${percentile(warm.get(n)!.typescript.typing, 50).toFixed(2)} / ${percentile(warm.get(n)!.typescript.typing, 99).toFixed(2)}`,
          ),
        ],
      ],
    );
    console.log(
      '(latencies: request sent → answer received, including the loopback model round trip of about 1 ms. Cold: spawn, initialize, didOpen, and the',
    );
    console.log(' completion request at once, on a new line in the middle of the file.)');
  } finally {
    await openai.close();
    await tabbyModel.close();
  }
}

if (require.main === module) {
  runLeanBench().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
