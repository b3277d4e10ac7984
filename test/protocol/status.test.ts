import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';

test('arbor/status and the arbor.status / arbor.toggle commands: backend, model, last error, on/off', {
  timeout: 30000,
}, async () => {
  const srv = await startOpenAIServer();
  const c = new LspClient();
  try {
    const init = await c.initialize(
      {},
      {
        initializationOptions: {
          arbor: {
            backend: {
              kind: 'openai',
              baseURL: srv.url,
              model: 'starcoder2-3b',
              api: 'completions',
              fim: 'starcoder',
              timeoutMs: 5000,
            },
            completion: { debounceMs: 0 },
          },
        },
      },
    );
    const commands: string[] = init.capabilities.executeCommandProvider.commands;
    for (const command of ['arbor.status', 'arbor.toggle', 'arbor.applyAction'])
      assert.ok(commands.includes(command), `${command} in ${JSON.stringify(commands)}`);
    await c.waitFor(
      (m) => m.method === 'window/logMessage' && /starcoder2-3b/.test(m.params.message),
      10000,
      'backend chosen',
    );

    const status = await c.call('arbor/status');
    assert.equal(status.enabled, true);
    assert.equal(status.backend, 'openai');
    assert.equal(status.model, 'starcoder2-3b');
    assert.match(status.description, /starcoder2-3b/);
    assert.equal(status.lastError, null);
    assert.deepEqual(await c.call('workspace/executeCommand', { command: 'arbor.status', arguments: [] }), status);

    // A model failure is the last error.
    const uri = 'file:///w/s.py';
    c.open(uri, 'def f():\n    \n');
    const at = { textDocument: { uri }, position: { line: 1, character: 4 } };
    srv.respond({ status: 500, message: 'model exploded' });
    await c.call('textDocument/completion', at);
    const failed = await c.call('arbor/status');
    assert.ok(failed.lastError, JSON.stringify(failed));
    assert.match(failed.lastError.message, /500|exploded/);
    assert.ok(!Number.isNaN(Date.parse(failed.lastError.at)));

    // Off: completions answer empty without a model call; the setting a client sends later does not switch it back.
    srv.respond('return 1');
    const requestsBefore = srv.completions().length;
    const off = await c.call('workspace/executeCommand', { command: 'arbor.toggle', arguments: [] });
    assert.equal(off.enabled, false);
    c.notify('workspace/didChangeConfiguration', {
      settings: { arbor: { completion: { enabled: true, debounceMs: 0 } } },
    });
    const empty = await c.call('textDocument/completion', at);
    assert.deepEqual(empty.items, []);
    assert.equal(srv.completions().length, requestsBefore);
    assert.equal((await c.call('arbor/status')).enabled, false);

    // On again (an explicit boolean sets the state).
    const on = await c.call('workspace/executeCommand', { command: 'arbor.toggle', arguments: [true] });
    assert.equal(on.enabled, true);
    const list = await c.call('textDocument/completion', at);
    assert.equal(list.items[0]?.textEdit.newText, 'return 1');
  } finally {
    await c.shutdown();
    await srv.close();
  }
});
