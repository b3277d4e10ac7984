import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

test('malformed JSON gets a parse error and the server goes on', async () => {
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'debug' } });
  try {
    await c.initialize();
    c.writeRaw('{"jsonrpc": "2.0", "id": 99, "method": ');
    const parseError = await c.waitFor((m) => m.error?.code === -32700, 5000, 'parse error');
    assert.equal(parseError.id, null);
    const state = await c.request('arbor/documentState', { uri: 'file:///nope.py' });
    assert.equal(state.error?.code, -32602, 'still answering');
  } finally {
    await c.shutdown();
  }
  assert.equal(c.framingError, undefined, 'debug logs must not reach stdout');
});

test('unknown methods get MethodNotFound; unknown notifications are ignored', async () => {
  const c = new LspClient();
  try {
    await c.initialize();
    c.notify('arbor/noSuchNotification', { x: 1 });
    const res = await c.request('arbor/noSuchMethod', {});
    assert.equal(res.error?.code, -32601);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('invalid params and unknown documents get InvalidParams naming the problem', async () => {
  const c = new LspClient();
  try {
    await c.initialize();
    const wrongType = await c.request('arbor/documentState', { uri: 42 });
    assert.equal(wrongType.error?.code, -32602);
    assert.match(wrongType.error!.message, /uri must be a string/);
    const unknown = await c.request('arbor/documentState', { uri: 'file:///never-opened.py' });
    assert.match(unknown.error!.message, /never-opened\.py is not open/);
    // Notifications with garbage params must not kill the server either.
    c.notify('textDocument/didOpen', { textDocument: 7 });
    c.notify('textDocument/didChange', { textDocument: { uri: 'file:///x.py' }, contentChanges: 'nope' });
    c.notify('textDocument/didClose', null);
    c.open('file:///ok.py', 'x = 1\n');
    const ok = await c.call('arbor/documentState', { uri: 'file:///ok.py' });
    assert.equal(ok.text, 'x = 1\n');
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});
