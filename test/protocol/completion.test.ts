import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';

const settings = (url: string, extra: Record<string, unknown> = {}) => ({
  arbor: {
    backend: {
      kind: 'openai',
      baseURL: url,
      model: 'starcoder2-3b',
      api: 'completions',
      fim: 'starcoder',
      timeoutMs: 5000,
    },
    completion: { debounceMs: 0, ...extra },
  },
});

async function readyClient(url: string, caps: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const c = new LspClient();
  await c.initialize(caps, { initializationOptions: settings(url, extra) });
  await c.waitFor(
    (m) => m.method === 'window/logMessage' && /arbor-ls: .*starcoder2-3b/i.test(m.params.message),
    10000,
    'backend chosen',
  );
  return c;
}

test('completion: a model suggestion arrives as a textEdit from the word start, with filterText', async () => {
  const srv = await startOpenAIServer();
  srv.respond({ text: ['bers: list', '[int]) -> int:'] });
  const c = await readyClient(srv.url);
  try {
    const text = 'import math\n\ndef sum_num\n';
    c.open('file:///w/a.py', text);
    const list = await c.call('textDocument/completion', {
      textDocument: { uri: 'file:///w/a.py' },
      position: { line: 2, character: 11 },
    });
    assert.equal(list.isIncomplete, true);
    assert.equal(list.items.length, 1);
    const item = list.items[0];
    assert.deepEqual(item.textEdit.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 11 } });
    assert.equal(item.textEdit.newText, 'sum_numbers: list[int]) -> int:');
    assert.equal(item.filterText, item.textEdit.newText);
    assert.equal(item.additionalTextEdits, undefined);
    const body = srv.completions()[0].body;
    // Suffix first (backend.fimOrder auto): the code before the cursor ends the prompt.
    assert.match(body.prompt, /^<fim_prefix><fim_suffix>/);
    assert.match(body.prompt, /<fim_middle>[\s\S]*def sum_num$/);
    assert.equal(body.stream, true);
  } finally {
    await c.shutdown();
    await srv.close();
  }
});

test('completion: typing into a shown suggestion is answered from cache without a model call', async () => {
  const srv = await startOpenAIServer();
  srv.respond('print("hello world")');
  const c = await readyClient(srv.url);
  try {
    const uri = 'file:///w/b.py';
    c.open(uri, 'def greet():\n    \n');
    const first = await c.call('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 4 },
    });
    assert.equal(first.items[0].textEdit.newText, 'print("hello world")');
    assert.equal(srv.completions().length, 1);
    c.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, text: 'pri' }],
    });
    const second = await c.call('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 7 },
    });
    assert.equal(second.items[0].textEdit.newText, 'print("hello world")', 'word start + remaining suggestion');
    assert.deepEqual(second.items[0].textEdit.range.start, { line: 1, character: 4 });
    assert.equal(srv.completions().length, 1, 'no second model call');
  } finally {
    await c.shutdown();
    await srv.close();
  }
});

test('completion: no model request when word characters follow the cursor', async () => {
  const srv = await startOpenAIServer();
  const c = await readyClient(srv.url);
  try {
    c.open('file:///w/c.py', 'x = foo(bar)\n');
    const list = await c.call('textDocument/completion', {
      textDocument: { uri: 'file:///w/c.py' },
      position: { line: 0, character: 8 },
    });
    assert.deepEqual(list.items, []);
    assert.equal(srv.completions().length, 0);
  } finally {
    await c.shutdown();
    await srv.close();
  }
});

test('cancellation: $/cancelRequest answers RequestCancelled and closes the model request', async () => {
  const srv = await startOpenAIServer();
  srv.respond({ hang: true });
  const c = await readyClient(srv.url);
  try {
    c.open('file:///w/d.py', 'def f():\n    ');
    const pending = c.request('textDocument/completion', {
      textDocument: { uri: 'file:///w/d.py' },
      position: { line: 1, character: 4 },
    });
    await c.waitFor(() => srv.completions().length > 0, 5000, 'model request').catch(() => {});
    for (let i = 0; i < 100 && srv.completions().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    c.notify('$/cancelRequest', { id: pending.id });
    const answer = await pending;
    assert.equal(answer.error?.code, -32800);
    await srv.untilEarlyCloses(1);
  } finally {
    await c.shutdown();
    await srv.close();
  }
});

test('a superseded request is answered (empty, isIncomplete) and its model call is closed', async () => {
  const srv = await startOpenAIServer();
  srv.script({ hang: true }, ' = compute()');
  const c = await readyClient(srv.url);
  try {
    const uri = 'file:///w/e.py';
    c.open(uri, 'def f():\n    ');
    const first = c.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 4 } });
    for (let i = 0; i < 200 && srv.completions().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    c.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, text: 'x' }],
    });
    const second = await c.call('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 5 },
    });
    const firstAnswer = await first;
    assert.deepEqual(firstAnswer.result, { isIncomplete: true, items: [] });
    assert.equal(second.items[0]?.textEdit.newText, 'x = compute()');
    await srv.untilEarlyCloses(1);
  } finally {
    await c.shutdown();
    await srv.close();
  }
});

test('inline completion is registered only when the client declares it, and answers ghost text at the cursor', async () => {
  const srv = await startOpenAIServer();
  srv.respond('return a + b');
  const plain = new LspClient();
  const caps = await plain.initialize({});
  assert.equal(caps.capabilities.inlineCompletionProvider, undefined);
  await plain.shutdown();

  const c = await readyClient(srv.url, {
    textDocument: { inlineCompletion: {} },
    general: { positionEncodings: ['utf-8'] },
  });
  try {
    const uri = 'file:///w/f.py';
    c.open(uri, 'def add(a, b):  # 😀\n    ');
    const result = await c.call('textDocument/inlineCompletion', {
      textDocument: { uri },
      position: { line: 1, character: 4 },
      context: { triggerKind: 2 },
    });
    assert.equal(result.items[0].insertText, 'return a + b');
    assert.deepEqual(result.items[0].range, { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } });
  } finally {
    await c.shutdown();
    await srv.close();
  }
});

test('a model server that is down gives an empty answer and one clear message, not one per request', async () => {
  const srv = await startOpenAIServer();
  const url = srv.url;
  await srv.close();
  const c = await readyClient(url);
  try {
    c.open('file:///w/g.py', 'def f():\n    ');
    for (let i = 0; i < 3; i++) {
      const list = await c.call('textDocument/completion', {
        textDocument: { uri: 'file:///w/g.py' },
        position: { line: 1, character: 4 },
      });
      assert.deepEqual(list.items, []);
    }
    const shown = c.notifications.filter((n) => n.method === 'window/showMessage' && n.params.type === 1);
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].params.message, /127\.0\.0\.1/);
  } finally {
    await c.shutdown();
  }
});
