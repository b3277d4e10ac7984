/** The model connection is warmed once a document is open: one GET /models, no document content. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';

test('opening a document warms the backend with one GET /models before the first completion; nothing before that', {
  timeout: 30_000,
}, async () => {
  const srv = await startOpenAIServer({ models: ['starcoder2-3b'] });
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
  try {
    await c.initialize(
      {},
      {
        initializationOptions: {
          arbor: {
            backend: { kind: 'openai', baseURL: srv.url, model: 'starcoder2-3b', api: 'completions', fim: 'starcoder' },
          },
        },
      },
    );
    await c.waitFor((m) => m.method === 'window/logMessage' && /starcoder2/.test(m.params.message), 10_000, 'backend');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(srv.requests.length, 0, 'no request before anyone opens a document');
    c.open('file:///warm/a.py', 'def add(a, b):\n    return a + b\n');
    c.open('file:///warm/b.py', 'x = 1\n');
    for (let i = 0; i < 50 && srv.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(
      srv.requests.map((r) => `${r.method} ${r.path}`),
      ['GET /v1/models'],
      'one warm-up for both documents',
    );
  } finally {
    await c.shutdown();
    await srv.close();
  }
});
