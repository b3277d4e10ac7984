/**
 * Soak benchmark (not a test): many completion requests over many open documents, with an edit
 * before each, against a loopback model that answers at once. Shows whether memory and latency
 * drift over time: RSS before/after/peak, and p50/p99 latency per window of requests.
 *
 *   node dist/scripts/bench/soak.js [--requests 20000] [--documents 50]
 *   npm run bench -- --only soak
 *
 * Requests go one at a time (await each) with completion.debounceMs 0, so the number measures the
 * server's own work per request (edit applied, syntax tree updated, context, model round trip,
 * post-processing), not the debounce. Every request follows an edit, so neither the typeahead
 * cache nor in-flight sharing answers it: each one reaches the model.
 */
import * as fs from 'node:fs';
import { LspClient } from '../../test/support/lsp-client';
import { startOpenAIServer } from '../../test/support/openai-server';
import { percentile, table } from './stats';
import { LOOPBACK_MODEL, loopbackBackend } from './loopback';

export interface SoakOptions {
  requests?: number;
  documents?: number;
  /** Requests per latency window. */
  window?: number;
  /** Stops early (and says so) after this long. */
  maxMinutes?: number;
}

export interface SoakResult {
  requests: number;
  modelRequests: number;
  errors: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  rssPeakMb: number;
  windows: Array<{ from: number; to: number; p50: number; p99: number; max: number; rssMb: number }>;
  seconds: number;
  stoppedEarly: boolean;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** A Python module of `functions` small functions: realistic shapes for the syntax and context layers. */
function moduleText(doc: number, functions: number): string {
  const out = [
    `"""Module ${doc}: soak benchmark."""`,
    'import math',
    `from helpers_${doc % 7} import normalise, combine`,
    '',
  ];
  for (let f = 0; f < functions; f++) {
    out.push(`def compute_${doc}_${f}(values, scale=${f + 1}):`);
    out.push(`    """Scaled total of values, item ${f} (漢字 ok)."""`);
    out.push('    total = 0');
    out.push('    for value in values:');
    out.push(`        total += normalise(value) * scale`);
    out.push('    return combine(total, math.pi)');
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export async function runSoakBench(opts: SoakOptions = {}): Promise<SoakResult> {
  const total = opts.requests ?? 20_000;
  const documents = opts.documents ?? 50;
  const windowSize = opts.window ?? 2_000;
  const deadline = Date.now() + (opts.maxMinutes ?? 30) * 60_000;
  const started = Date.now();

  const srv = await startOpenAIServer({ models: [LOOPBACK_MODEL] });
  srv.respond('normalise(value) * scale');
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
  const result: SoakResult = {
    requests: 0,
    modelRequests: 0,
    errors: 0,
    rssBeforeMb: NaN,
    rssAfterMb: NaN,
    rssPeakMb: 0,
    windows: [],
    seconds: 0,
    stoppedEarly: false,
  };
  try {
    await c.initialize(
      { textDocument: { inlineCompletion: {} } },
      {
        initializationOptions: {
          arbor: {
            backend: loopbackBackend(srv.url),
            completion: { debounceMs: 0 },
          },
        },
      },
    );
    await c.waitFor(
      (m) => m.method === 'window/logMessage' && /starcoder2/.test(m.params?.message ?? ''),
      10_000,
      'backend chosen',
    );
    const pid = c.proc.pid!;

    // 50 open documents of ~200 lines; their line counts are tracked to address edits.
    const docs = Array.from({ length: documents }, (_, d) => {
      const text = moduleText(d, 28);
      return { uri: `file:///soak/module_${d}.py`, lines: text.split('\n').length, version: 1, added: 0 };
    });
    for (const [d, doc] of docs.entries()) c.open(doc.uri, moduleText(d, 28), 'python', 1);
    // Warm up: one completion per document (grammar loaded, every tree parsed once).
    for (const doc of docs)
      await c.call('textDocument/completion', { textDocument: { uri: doc.uri }, position: { line: 1, character: 0 } });
    result.rssBeforeMb = rssMb(pid);
    result.rssPeakMb = result.rssBeforeMb;
    const modelBefore = srv.completions().length;
    let modelSeen = 0;

    let latencies: number[] = [];
    for (let i = 0; i < total; i++) {
      if (Date.now() > deadline) {
        result.stoppedEarly = true;
        break;
      }
      const doc = docs[(i * 7) % documents];
      const text = i % 2 === 0 ? `    step_${i} = ` : `    step_${i} = compute_${i % documents}_1(`;
      // The edit: a new line in a function body (before the `for` line of function `fn`, as long as
      // nothing shifted it); once a document has 40 added lines, a line is removed first, so
      // documents stop growing at ~240 lines.
      const fn = (i >> 1) % 28;
      const line = 4 + fn * 7 + 3;
      doc.version++;
      if (doc.added >= 40) {
        c.notify('textDocument/didChange', {
          textDocument: { uri: doc.uri, version: doc.version },
          contentChanges: [
            { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' },
          ],
        });
        doc.added--;
        doc.version++;
      }
      c.notify('textDocument/didChange', {
        textDocument: { uri: doc.uri, version: doc.version },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${text}\n` }],
      });
      doc.added++;
      const t = performance.now();
      const method = i % 3 === 2 ? 'textDocument/inlineCompletion' : 'textDocument/completion';
      const answer = await c.request(method, {
        textDocument: { uri: doc.uri },
        position: { line, character: text.length },
        context: { triggerKind: 2 },
      });
      latencies.push(performance.now() - t);
      result.requests++;
      if (answer.error) result.errors++;
      if (i % 100 === 99) result.rssPeakMb = Math.max(result.rssPeakMb, rssMb(pid));
      if (latencies.length === windowSize || i === total - 1) {
        const rss = rssMb(pid);
        result.rssPeakMb = Math.max(result.rssPeakMb, rss);
        result.windows.push({
          from: i + 1 - latencies.length + 1,
          to: i + 1,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: Math.max(...latencies),
          rssMb: rss,
        });
        latencies = [];
        // The recording model keeps every body; drop them so the benchmark itself stays small.
        modelSeen += srv.completions().length;
        srv.requests.splice(0);
      }
    }
    if (latencies.length > 0) {
      result.windows.push({
        from: result.requests - latencies.length + 1,
        to: result.requests,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: Math.max(...latencies),
        rssMb: rssMb(pid),
      });
      modelSeen += srv.completions().length;
    }
    result.modelRequests = modelSeen - modelBefore;
    result.rssAfterMb = rssMb(pid);
    result.rssPeakMb = Math.max(result.rssPeakMb, result.rssAfterMb);
    const code = await c.shutdown();
    if (code !== 0) throw new Error(`server exited with ${code}`);
  } finally {
    if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await srv.close();
  }
  result.seconds = (Date.now() - started) / 1000;

  table(
    `Soak: ${result.requests} completion requests over ${documents} documents, an edit before each, instant loopback model (debounce 0)`,
    ['requests', 'p50 (ms)', 'p99 (ms)', 'max (ms)', 'RSS at end (MB)'],
    result.windows.map((w) => [`${w.from}–${w.to}`, w.p50, w.p99, w.max, w.rssMb]),
  );
  table(
    'Soak: memory and totals',
    ['measure', 'value'],
    [
      ['RSS before (after opening and parsing all documents) (MB)', result.rssBeforeMb],
      ['RSS after (MB)', result.rssAfterMb],
      ['RSS peak (sampled every 100 requests) (MB)', result.rssPeakMb],
      ['model requests', result.modelRequests],
      ['error answers', result.errors],
      ['wall time (s)', result.seconds],
      ['stopped early (time limit)', String(result.stoppedEarly)],
    ],
  );
  return result;
}

if (require.main === module) {
  const arg = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  runSoakBench({ requests: arg('requests'), documents: arg('documents'), maxMinutes: arg('minutes') }).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
