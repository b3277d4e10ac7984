/**
 * Issue #12 finding 7 (streams): a client that stops reading the server's stderr used to stop the
 * server once the pipe was full (synchronous log writes); one that stops reading stdout made it
 * queue answers without bound. Real server over stdio; the client really stops reading its pipes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { LspClient, type RpcMessage } from '../support/lsp-client';

const rssMB = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uri = 'file:///tmp/arbor-backpressure/big.py';

test('with stderr unread and debug logging, every request is still answered', { timeout: 60_000 }, async () => {
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: 'debug' } });
  try {
    await client.initialize();
    client.proc.stderr.removeAllListeners('data');
    client.proc.stderr.pause();
    client.open(uri, `def f(x):\n    return x\n${'# filler line for logs\n'.repeat(200)}`);
    // Each completion logs several debug lines: 3,000 of them are far more than a 64 KB pipe holds.
    const answers: Array<Promise<RpcMessage>> = [];
    for (let i = 0; i < 3000; i++)
      answers.push(
        client.request(
          'textDocument/completion',
          { textDocument: { uri }, position: { line: 2, character: 0 } },
          30_000,
        ),
      );
    const all = await Promise.all(answers);
    assert.equal(all.filter((m) => m.error).length, 0);
  } finally {
    client.proc.stderr.resume();
    await client.shutdown();
  }
});

test('with stdout unread, the server stops taking requests instead of queueing answers; all are answered once read again', {
  timeout: 90_000,
}, async () => {
  // A small heap makes V8 collect the answers' garbage (100 KB strings) promptly, so RSS shows what
  // is really held: answers queued for the client.
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn', NODE_OPTIONS: '--max-old-space-size=128' } });
  try {
    await client.initialize();
    client.open(uri, `x = 1\n${`s = "${'a'.repeat(200)}"\n`.repeat(500)}`); // ~100 KB: each documentState answer is that big
    await client.call('arbor/documentState', { uri });
    const before = rssMB(client.proc.pid!);
    client.proc.stdout.pause();
    // 2,000 requests whose answers total ~200 MB, written only as fast as the server takes them.
    const sent: Array<Promise<RpcMessage>> = [];
    while (sent.length < 2000) {
      if (client.proc.stdin.writableLength > 256 << 10) {
        await sleep(10);
        continue;
      }
      sent.push(client.request('arbor/documentState', { uri }, 60_000));
    }
    let during = 0;
    for (let i = 0; i < 16; i++) {
      await sleep(400);
      during = Math.max(during, rssMB(client.proc.pid!));
    }
    console.error(`stdout unread: RSS ${before.toFixed(0)} -> ${during.toFixed(0)} MB`);
    client.proc.stdout.resume();
    let done = 0;
    for (const p of sent) void p.then(() => done++);
    while (done < sent.length) {
      client.received.length = 0; // the answers are 200 MB; the test keeps only the count
      await sleep(50);
    }
    const all = await Promise.all(sent);
    assert.equal(all.filter((m) => m.error).length, 0, 'every request answered after resuming');
    // Without the bound every request read is an answer queued (100 KB each, 200 MB in all).
    assert.ok(during - before < 80, `RSS grew by ${(during - before).toFixed(0)} MB while stdout was unread`);
  } finally {
    await client.shutdown();
  }
});
