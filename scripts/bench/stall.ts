/**
 * Stalled-client benchmark (not a test; issue #12): the client stops reading the server's stdout
 * for a while, then its stderr, each time sending requests all along, then reads again. Every
 * request must be answered after resuming, and memory must stay bounded meanwhile.
 *
 *   node dist/scripts/bench/stall.js [--seconds 30]
 *   npm run bench -- --only stall
 */
import * as fs from 'node:fs';
import { LspClient, type RpcMessage } from '../../test/support/lsp-client';
import { startOpenAIServer } from '../../test/support/openai-server';
import { table } from './stats';
import { LOOPBACK_MODEL, loopbackBackend } from './loopback';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const rssMB = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface PhaseResult {
  phase: string;
  sent: number;
  answered: number;
  errors: number;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
  drainSeconds: number;
}

async function phase(name: 'stdout' | 'stderr', seconds: number): Promise<PhaseResult> {
  const model = await startOpenAIServer({ models: [LOOPBACK_MODEL] });
  model.respond('value + 1');
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: name === 'stderr' ? 'debug' : 'warn' } });
  try {
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
    const uri = 'file:///tmp/arbor-stall/big.py';
    client.open(uri, `def f(x):\n    return x\n\n${`s = "${'a'.repeat(200)}"\n`.repeat(500)}`); // documentState answers ~100 KB
    await client.call('arbor/documentState', { uri });
    const rssBefore = rssMB(client.proc.pid!);
    const stream = name === 'stdout' ? client.proc.stdout : client.proc.stderr;
    if (name === 'stderr') stream.removeAllListeners('data');
    stream.pause();
    const sent: Array<Promise<RpcMessage>> = [];
    let rssPeak = rssBefore;
    const until = Date.now() + seconds * 1000;
    while (Date.now() < until) {
      // 20 requests per 100 ms: completions and big answers, written only as fast as the server reads them.
      if (client.proc.stdin.writableLength < 256 << 10) {
        for (let i = 0; i < 10; i++) {
          sent.push(
            client.request(
              'textDocument/completion',
              { textDocument: { uri }, position: { line: 2, character: 0 } },
              600_000,
            ),
          );
          sent.push(client.request('arbor/documentState', { uri }, 600_000));
        }
      }
      await sleep(100);
      rssPeak = Math.max(rssPeak, rssMB(client.proc.pid!));
    }
    const resumed = Date.now();
    if (name === 'stderr') stream.on('data', () => {});
    stream.resume();
    let answered = 0;
    let errors = 0;
    for (const p of sent)
      void p.then(
        (m) => (m.error ? errors++ : answered++),
        () => errors++,
      );
    while (answered + errors < sent.length) {
      client.received.length = 0;
      await sleep(50);
    }
    return {
      phase: `${name} unread ${seconds} s`,
      sent: sent.length,
      answered,
      errors,
      rssBefore,
      rssPeak,
      rssAfter: rssMB(client.proc.pid!),
      drainSeconds: (Date.now() - resumed) / 1000,
    };
  } finally {
    await client.shutdown();
    await model.close();
  }
}

export async function runStallBench(seconds = 30): Promise<void> {
  const rows: PhaseResult[] = [await phase('stdout', seconds), await phase('stderr', seconds)];
  table(
    'A client that stops reading (every request answered after it reads again; RSS bounded meanwhile)',
    ['phase', 'requests sent', 'answered', 'errors', 'RSS before (MB)', 'RSS peak (MB)', 'RSS after (MB)', 'drain (s)'],
    rows.map((r) => [
      r.phase,
      String(r.sent),
      String(r.answered),
      String(r.errors),
      r.rssBefore.toFixed(0),
      r.rssPeak.toFixed(0),
      r.rssAfter.toFixed(0),
      r.drainSeconds.toFixed(1),
    ]),
  );
}

if (require.main === module) {
  const i = process.argv.indexOf('--seconds');
  runStallBench(i >= 0 ? Number(process.argv[i + 1]) : 30).then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
