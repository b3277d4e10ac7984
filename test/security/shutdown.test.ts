/** Issue #12 finding 9: requests after `shutdown` were served instead of answered InvalidRequest. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

test('after shutdown every request but exit is answered InvalidRequest, and exit still ends the process with 0', {
  timeout: 30_000,
}, async () => {
  const client = new LspClient();
  await client.initialize();
  const uri = 'file:///tmp/arbor-shutdown/a.py';
  client.open(uri, 'x = 1\n');
  await client.call('shutdown');
  client.open('file:///tmp/arbor-shutdown/b.py', 'y = 2\n'); // a notification: dropped, no answer expected
  for (const [method, params] of [
    ['textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } }],
    ['arbor/config', undefined],
    ['shutdown', undefined],
  ] as const) {
    const r = await client.request(method, params, 10_000);
    assert.equal(r.error?.code, -32600, `${method}: ${JSON.stringify(r)}`);
  }
  client.notify('exit');
  assert.equal(await client.exited, 0);
});
