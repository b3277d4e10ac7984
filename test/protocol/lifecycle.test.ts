import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { LspClient, SERVER_JS } from '../support/lsp-client';

test('initialize answers with capabilities, server info and UTF-16 by default', async () => {
  const c = new LspClient();
  try {
    const result = await c.initialize({});
    assert.equal(result.serverInfo.name, 'arbor-ls');
    assert.equal(result.capabilities.positionEncoding, 'utf-16');
    assert.equal(result.capabilities.textDocumentSync.change, 2, 'incremental sync');
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
  assert.equal(c.framingError, undefined);
});

for (const [offered, chosen] of [
  [['utf-8', 'utf-16'], 'utf-8'],
  [['utf-32', 'utf-8'], 'utf-32'],
  [['utf-16'], 'utf-16'],
  [['ucs-2', 'utf-32'], 'utf-32'],
] as const) {
  test(`position encoding: client offers ${offered.join(',')} → ${chosen}`, async () => {
    const c = new LspClient();
    try {
      const result = await c.initialize({ general: { positionEncodings: offered } });
      assert.equal(result.capabilities.positionEncoding, chosen);
    } finally {
      await c.shutdown();
    }
  });
}

test('shutdown then exit ends with code 0; exit alone with code 1', async () => {
  const a = new LspClient();
  await a.initialize();
  assert.equal(await a.shutdown(), 0);

  const b = new LspClient();
  await b.initialize();
  b.notify('exit');
  assert.equal(await b.exited, 1);
});

test('the server exits when its parent process dies', async () => {
  // An "editor" process whose pid is given as processId; it dies once the server is running.
  const parent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  const parentGone = new Promise((r) => parent.on('exit', r));
  const c = new LspClient();
  await c.call('initialize', { processId: parent.pid, rootUri: null, capabilities: {} });
  c.notify('initialized', {});
  parent.kill('SIGKILL');
  await parentGone;
  const timer = setTimeout(() => c.proc.kill('SIGKILL'), 15000);
  const code = await c.exited;
  clearTimeout(timer);
  assert.notEqual(c.proc.signalCode, 'SIGKILL', 'server did not notice its parent died');
  assert.equal(code, 1);
});

test('CLI: --version and --help print to stdout and exit 0; unknown arguments exit 2', async () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, [SERVER_JS, ...args]);
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      p.on('exit', (code) => resolve({ code, out, err }));
    });
  const version = await run(['--version']);
  assert.equal(version.code, 0);
  assert.match(version.out, /^\d+\.\d+\.\d+\n$/);
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.out, /arbor-ls doctor/);
  const bad = await run(['--frobnicate']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown argument "--frobnicate"/);
  assert.equal(bad.out, '');
});
