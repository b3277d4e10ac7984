/**
 * API keys never appear in the server's stderr, its log file or anything it sends the editor, even
 * at `log.level: trace` and when the model server rejects the key (401) — from settings, from a
 * settings change, and from the environment.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { type Reply, startOpenAIServer } from '../support/openai-server';

const KEY_SETTINGS = 'sk-canaryKEY9f8e7d6c5b4a3Z2Y1X0w9V8u7';
const KEY_ROTATED = 'sk-rotatedKEY1a2b3c4d5e6f7G8H9i0J1k2L';
const KEY_ENV = 'sk-envKEY5m4n3o2p1q0R9S8T7U6V5W4x3y2z';

/** Pieces of each key long enough to identify it (the `sk-` prefix alone is not a leak). */
function keyLeaks(where: string, text: string, keys: readonly string[]): string[] {
  const out: string[] = [];
  for (const key of keys) {
    const body = key.slice(3);
    for (let i = 0; i + 10 <= body.length; i += 3) {
      if (text.includes(body.slice(i, i + 10))) {
        out.push(
          `${where} holds ${JSON.stringify(body.slice(i, i + 10))} of ${key.slice(0, 8)}…: ${JSON.stringify(text.slice(Math.max(0, text.indexOf(body.slice(i, i + 10)) - 80), text.indexOf(body.slice(i, i + 10)) + 40))}`,
        );
        break;
      }
    }
  }
  return out;
}

async function rejectedKeySession(opts: {
  reply: Reply;
  settingsKey?: string;
  envKey?: string;
  rotate?: string;
}): Promise<{ leaks: string[]; authorizations: string[]; logBytes: number; completions: number }> {
  const srv = await startOpenAIServer({ models: ['starcoder2-3b'] });
  srv.respond(opts.reply);
  srv.respondModels(typeof opts.reply === 'object' && 'status' in opts.reply ? opts.reply : ['starcoder2-3b']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-keylog-'));
  const logFile = path.join(dir, 'arbor.log');
  const c = new LspClient({
    env: { ARBOR_LOG_LEVEL: 'trace', ...(opts.envKey ? { OPENAI_API_KEY: opts.envKey } : {}) },
    onRequest: () => [null],
  });
  const keys = [opts.settingsKey, opts.envKey, opts.rotate].filter((k): k is string => k !== undefined);
  try {
    const backend = {
      kind: 'openai',
      baseURL: srv.url,
      model: 'starcoder2-3b',
      api: 'completions',
      fim: 'starcoder',
      timeoutMs: 3000,
      ...(opts.settingsKey ? { apiKey: opts.settingsKey } : {}),
    };
    await c.initialize(
      {
        textDocument: { inlineCompletion: {} },
        workspace: { configuration: true },
        window: { workDoneProgress: true },
      },
      {
        initializationOptions: {
          arbor: { backend, completion: { debounceMs: 0 }, log: { level: 'trace', file: logFile } },
        },
      },
    );
    await c.waitFor(
      (m) => m.method === 'window/logMessage' || m.method === 'window/showMessage',
      10_000,
      'backend chosen',
    );
    const uri = 'file:///keys/a.py';
    c.open(uri, 'def f():\n    ', 'python', 1);
    const ask = async () => {
      await c.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 4 } });
      await c.request('textDocument/inlineCompletion', {
        textDocument: { uri },
        position: { line: 1, character: 4 },
        context: { triggerKind: 1 },
      });
    };
    await ask();
    await ask();
    if (opts.rotate) {
      c.notify('workspace/didChangeConfiguration', {
        settings: { arbor: { backend: { ...backend, apiKey: opts.rotate }, log: { level: 'trace', file: logFile } } },
      });
      await c
        .waitFor(
          (m) => m.method === 'window/logMessage' && m !== c.received.find((x) => x.method === 'window/logMessage'),
          10_000,
          'backend re-chosen',
        )
        .catch(() => {});
      await ask();
    }
    const config = await c.call('arbor/config');
    await ask();
    const code = await c.shutdown();
    assert.equal(code, 0);
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
    const leaks = [
      ...keyLeaks('stderr', c.stderr, keys),
      ...keyLeaks('the log file', log, keys),
      ...keyLeaks('messages to the editor', JSON.stringify(c.received), keys),
      ...keyLeaks('arbor/config', JSON.stringify(config), keys),
    ];
    const authorizations = srv.requests.map((r) => String(r.headers.authorization ?? ''));
    return { leaks, authorizations, logBytes: log.length + c.stderr.length, completions: srv.completions().length };
  } finally {
    if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('an API key from settings (and a rotated one) never reaches stderr, the log file or the editor, even at trace with 401s', {
  timeout: 30_000,
}, async () => {
  const r = await rejectedKeySession({
    reply: {
      status: 401,
      message:
        'Incorrect API key provided: sk-canar*****************u7. You can find your API key at https://platform.openai.com/account/api-keys.',
    },
    settingsKey: KEY_SETTINGS,
    rotate: KEY_ROTATED,
  });
  assert.ok(r.logBytes > 2000, 'trace logging wrote something');
  assert.ok(r.completions >= 2, `completion requests met the 401 (${r.completions})`);
  assert.ok(r.authorizations.includes(`Bearer ${KEY_SETTINGS}`), 'the key was really used (sent to the model server)');
  assert.ok(r.authorizations.includes(`Bearer ${KEY_ROTATED}`), 'the rotated key was used');
  assert.deepEqual(r.leaks, []);
});

test('an API key from OPENAI_API_KEY never reaches the logs, with 401 and with success', {
  timeout: 30_000,
}, async () => {
  for (const reply of [{ status: 401, message: 'invalid key' }, 'return 1'] as Reply[]) {
    const r = await rejectedKeySession({ reply, envKey: KEY_ENV });
    assert.ok(r.authorizations.includes(`Bearer ${KEY_ENV}`), 'the key from the environment was used');
    assert.ok(r.completions >= 1, `completion requests were made (${r.completions})`);
    assert.deepEqual(r.leaks, []);
  }
});

test('a model server that echoes the whole key in its 401 message does not get it into the logs', {
  timeout: 30_000,
}, async () => {
  const r = await rejectedKeySession({
    reply: { status: 401, message: `Incorrect API key provided: ${KEY_SETTINGS}.` },
    settingsKey: KEY_SETTINGS,
  });
  assert.ok(r.completions >= 1, `completion requests met the 401 (${r.completions})`);
  assert.deepEqual(r.leaks, []);
});
