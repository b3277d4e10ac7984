import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

const warnings = (c: LspClient) =>
  c.notifications
    .filter((n) => n.method === 'window/showMessage' && n.params.type === 2)
    .map((n) => n.params.message as string);

test('a bad key or type is reported once, naming the key; the rest applies; the server survives', async () => {
  const c = new LspClient();
  try {
    await c.initialize(
      {},
      { initializationOptions: { arbor: { completion: { debounceMs: 'soon' }, log: { level: 'warn' }, bogusKey: 1 } } },
    );
    await c.waitFor(
      (m) => m.method === 'window/showMessage' && /bogusKey/.test(m.params.message),
      5000,
      'unknown-key warning',
    );
    const w = warnings(c);
    assert.ok(
      w.some((m) => /"completion\.debounceMs" must be an integer/.test(m)),
      w.join('\n'),
    );
    // The same mistake sent again is not reported twice.
    c.notify('workspace/didChangeConfiguration', { settings: { arbor: { bogusKey: 1 } } });
    c.notify('workspace/didChangeConfiguration', { settings: { arbor: { bogusKey: 1 } } });
    await c.call('arbor/config');
    assert.equal(warnings(c).filter((m) => /bogusKey/.test(m)).length, 1);
    const cfg = await c.call('arbor/config');
    assert.equal(cfg['log.level'], 'warn', 'the valid key still applied');
    assert.equal(cfg['completion.debounceMs'], 60, 'the bad key kept its previous value');
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('sources override per key: file < env < initializationOptions < client settings', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-cfg-'));
  fs.mkdirSync(path.join(dir, 'arbor-ls'));
  fs.writeFileSync(
    path.join(dir, 'arbor-ls', 'config.json'),
    JSON.stringify({ backend: { model: 'from-file', maxTokens: 11 }, completion: { maxLines: 3 } }),
  );
  const c = new LspClient({
    env: { XDG_CONFIG_HOME: dir, ARBOR_BACKEND_MAXTOKENS: '22', ARBOR_COMPLETION_CONTEXTTOKENS: '999' },
  });
  try {
    await c.initialize({}, { initializationOptions: { 'backend.maxTokens': 33, backend: { temperature: 0.5 } } });
    let cfg = await c.call('arbor/config');
    assert.equal(cfg['backend.model'], 'from-file');
    assert.equal(cfg['completion.maxLines'], 3);
    assert.equal(cfg['completion.contextTokens'], 999);
    assert.equal(cfg['backend.maxTokens'], 33);
    assert.equal(cfg['backend.temperature'], 0.5);
    c.notify('workspace/didChangeConfiguration', { settings: { backend: { maxTokens: 44 } } });
    await c.waitFor(() => false, 200).catch(() => {});
    cfg = await c.call('arbor/config');
    assert.equal(cfg['backend.maxTokens'], 44, 'settings without the arbor wrapper are accepted');
  } finally {
    await c.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('workspace/configuration is pulled for section arbor when the client supports it; secrets are masked', async () => {
  const c = new LspClient({
    onRequest: (method, params) =>
      method === 'workspace/configuration'
        ? params.items.map(() => ({ backend: { model: 'pulled', apiKey: 'sk-secret-abcdefghijklmnop' } }))
        : null,
  });
  try {
    await c.initialize({ workspace: { configuration: true } });
    const req = await c.waitFor((m) => m.method === 'workspace/configuration', 5000);
    assert.equal(req.params.items[0].section, 'arbor');
    let cfg: any;
    for (let i = 0; i < 50 && cfg?.['backend.model'] !== 'pulled'; i++) cfg = await c.call('arbor/config');
    assert.equal(cfg['backend.model'], 'pulled');
    assert.doesNotMatch(JSON.stringify(cfg), /sk-secret-abcdefghijklmnop/);
  } finally {
    await c.shutdown();
  }
  assert.doesNotMatch(c.stderr, /sk-secret-abcdefghijklmnop/);
});
