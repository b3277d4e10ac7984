/**
 * Issue #12 findings 5 and 6: logs and messages carried credentials (a baseURL with
 * user:password@, a key pasted into apiKeyEnv, V8's quote of a broken config file); an unusable
 * log.file ended the process and each log.* change leaked a descriptor. Real server over stdio.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

const PASSWORD = ['pw', 'Canary', '@/9x'].join('');
const KEY = ['sk', '-live-', 'LogCanary0123456789abcdefXYZ'].join('');
const uri = 'file:///tmp/arbor-logging/a.py';
const fdCount = (pid: number): number => fs.readdirSync(`/proc/${pid}/fd`).length;

async function alive(client: LspClient): Promise<void> {
  const r = await client.request('arbor/config', undefined, 10_000);
  assert.equal(r.error, undefined);
}

test('an unusable log.file falls back to stderr with one message; the server keeps serving', {
  timeout: 60_000,
}, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-logfile-'));
  const aFile = path.join(dir, 'plain');
  fs.writeFileSync(aFile, 'x');
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: 'info' } });
  try {
    await client.initialize();
    const bad = [dir, path.join(aFile, 'under-a-file.log'), '/proc/version/x.log', '/dev/stdout'];
    for (const file of bad) {
      client.notify('workspace/didChangeConfiguration', { settings: { arbor: { log: { file, level: 'debug' } } } });
      await alive(client);
    }
    client.open(uri, 'x = 1\n');
    await client.call('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
    const messages = client.notifications
      .filter((n) => n.method === 'window/showMessage')
      .map((n) => n.params.message as string);
    for (const file of bad)
      assert.equal(
        messages.filter((m) => m.includes(JSON.stringify(file))).length,
        1,
        `one message for ${file}: ${messages.join(' | ')}`,
      );
    assert.equal(client.framingError, undefined, 'nothing but frames on stdout (/dev/stdout was refused)');
    assert.equal(client.proc.exitCode, null);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('changing log settings 1,200 times does not leak descriptors', { timeout: 60_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-logfd-'));
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
  try {
    await client.initialize();
    await alive(client);
    const start = fdCount(client.proc.pid!);
    for (let i = 0; i < 1200; i++) {
      client.notify('workspace/didChangeConfiguration', {
        settings: { arbor: { log: { file: path.join(dir, 'arbor.log'), level: i % 2 ? 'warn' : 'error' } } },
      });
    }
    await alive(client);
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(fdCount(client.proc.pid!) - start < 10, `descriptors ${start} -> ${fdCount(client.proc.pid!)}`);
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('credentials in a baseURL, a key pasted into apiKeyEnv and a broken config file never reach stderr or messages', {
  timeout: 60_000,
}, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-scrub-'));
  const configFile = path.join(dir, 'config.json');
  fs.writeFileSync(configFile, `{"backend": {"apiKey": ${KEY}}}`); // not JSON: V8 would quote the key
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: 'debug', ARBOR_CONFIG: configFile, ARBOR_BACKEND_KIND: '' } });
  try {
    await client.initialize(
      {},
      {
        initializationOptions: {
          arbor: { backend: { baseURL: `http://admin:${PASSWORD}@127.0.0.1:9/v1`, apiKeyEnv: KEY, timeoutMs: 500 } },
        },
      },
    );
    client.open(uri, 'def f(x):\n    return x\n\n');
    await client.call('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 0 } });
    await client.waitFor(
      (m) => m.method === 'window/showMessage' && /127\.0\.0\.1:9/.test(m.params.message),
      10_000,
      'the connection failure message',
    );
    await new Promise((r) => setTimeout(r, 300));
    const messages = client.notifications.map((n) => JSON.stringify(n.params));
    for (const secret of [PASSWORD, KEY, 'LogCanary']) {
      assert.ok(!client.stderr.includes(secret), `stderr carries ${secret}`);
      assert.ok(!messages.some((m) => m.includes(secret)), `a message carries ${secret}`);
    }
    assert.ok(
      messages.some((m) => /apiKeyEnv.*looks like a key itself/.test(m)),
      'the apiKeyEnv mistake is reported',
    );
    assert.ok(
      messages.some((m) => /admin:\*\*\*@127\.0\.0\.1:9/.test(m)),
      'the URL is shown with its password masked',
    );
  } finally {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a typo in a setting gets a "did you mean"; a base URL without /v1 gets told how to fix it', async () => {
  const { validate } = await import('../../server/config/validate.js');
  const { baseURLHint } = await import('../../server/backends/openai-errors.js');
  const { problems } = validate({ backend: { modle: 'x', baseUrl: 'y' }, completion: { maxTokens: 3 } });
  assert.deepEqual(
    problems.map((p) => /did you mean "([^"]+)"/.exec(p.detail)?.[1]),
    ['backend.model', 'backend.baseURL', 'backend.maxTokens'],
  );
  assert.match(baseURLHint('http://127.0.0.1:11434')!, /set it to http:\/\/127\.0\.0\.1:11434\/v1/);
  assert.match(baseURLHint('http://127.0.0.1:11434/api')!, /Ollama's own API/);
  assert.equal(baseURLHint('http://127.0.0.1:11434/v1'), undefined);
});
