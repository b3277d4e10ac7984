/**
 * Issue #12 finding 7 (work per turn): 10,000 didOpen used to stall the next request for 18 s
 * (every open scanned every other open document, and each background parse was its own
 * setImmediate, all run in the same turn).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

test('10,000 didOpen notifications: the next request is still answered, and a completion after it', {
  timeout: 60_000,
}, async () => {
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
  try {
    await client.initialize();
    for (let i = 0; i < 10_000; i++)
      client.open(`file:///tmp/arbor-flood/f${i}.py`, `def f${i}(x):\n    return x + ${i}\n`);
    // 15 s is the server's own deadline for any request; before the fix this took 18 s on an idle machine.
    const config = await client.request('arbor/config', undefined, 15_000);
    assert.equal(config.error, undefined);
    const uri = 'file:///tmp/arbor-flood/f9999.py';
    const state = await client.call('arbor/documentState', { uri });
    assert.match(state.text, /def f9999/);
  } finally {
    await client.shutdown();
  }
});
