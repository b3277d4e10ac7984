/**
 * Code referencing through the real server over stdio, a loopback model and real files in a temp
 * workspace: a planted GPL-3.0 package under node_modules, a model that returns its function verbatim.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';
import { GPL_FUNCTION, GPL_PARAGRAPH, MIT_PARAGRAPH, plantWorkspace } from './fixtures';

async function session(root: string, url: string, codeReferencing: string, caps: Record<string, unknown> = {}) {
  const c = new LspClient();
  await c.initialize(caps, {
    rootUri: pathToFileURL(root).href,
    initializationOptions: {
      arbor: {
        backend: {
          kind: 'openai',
          baseURL: url,
          model: 'starcoder2-3b',
          api: 'completions',
          fim: 'starcoder',
          timeoutMs: 5000,
        },
        completion: { debounceMs: 0, multiline: 'always', codeReferencing },
      },
    },
  });
  await c.waitFor(
    (m) => m.method === 'window/logMessage' && /arbor-ls: .*starcoder2-3b/i.test(m.params.message),
    10000,
    'backend chosen',
  );
  await c.waitFor(
    (m) => m.method === 'window/logMessage' && /code referencing: indexed [1-9]\d* files/.test(m.params.message),
    10000,
    'index built',
  );
  const uri = pathToFileURL(path.join(root, 'src', 'app.js')).href;
  c.open(uri, '// app\n\n', 'javascript');
  const complete = () =>
    c.call('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } });
  return { c, uri, complete };
}

test('code referencing (reference): the item names the GPL-3.0 package it copies, and the log says so', async () => {
  const root = plantWorkspace('MIT');
  const srv = await startOpenAIServer();
  srv.respond(GPL_FUNCTION);
  const { c, complete } = await session(root, srv.url, 'reference');
  try {
    const list = await complete();
    assert.equal(list.items.length, 1);
    assert.match(list.items[0].textEdit.newText, /zebraquillRebalance/);
    const doc: string = list.items[0].documentation.value;
    assert.match(
      doc,
      /Code reference.*node_modules\/zebraquill\/lib\/ledger\.js.*line 6.*zebraquill@2\.4\.1.*GPL-3\.0/s,
    );
    const log = await c.waitFor(
      (m) => m.method === 'window/logMessage' && /code reference: suggestion matches/.test(m.params.message),
      5000,
      'reference logged',
    );
    assert.match(
      log.params.message,
      /zebraquill@2\.4\.1 \(node_modules\/zebraquill\/lib\/ledger\.js:6\), licence GPL-3\.0/,
    );
  } finally {
    await c.shutdown();
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('code referencing (block, project MIT): the GPL copy is withheld, menu and inline, with one message', async () => {
  const root = plantWorkspace('MIT');
  const srv = await startOpenAIServer();
  srv.respond(GPL_FUNCTION);
  const { c, uri } = await session(root, srv.url, 'block', { textDocument: { inlineCompletion: {} } });
  try {
    const list = await c.call('textDocument/completion', {
      textDocument: { uri },
      position: { line: 1, character: 0 },
    });
    assert.deepEqual(list.items, []);
    const inline = await c.call('textDocument/inlineCompletion', {
      textDocument: { uri },
      position: { line: 1, character: 0 },
      context: { triggerKind: 1 },
    });
    assert.deepEqual(inline.items, []);
    const shown = () =>
      c.received.filter((m) => m.method === 'window/showMessage' && /not shown/.test(m.params.message));
    await c.waitFor(() => shown().length > 0, 5000, 'withheld message');
    assert.match(shown()[0].params.message, /zebraquill.*GPL-3\.0.*"block".*MIT/);
    assert.equal(shown().length, 1, 'said once');
    // Ordinary code still arrives.
    srv.respond('const total = items.reduce((a, b) => a + b, 0);');
    c.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: '// app\n\n\n' }],
    });
    const ok = await c.call('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 0 } });
    assert.equal(ok.items.length, 1);
  } finally {
    await c.shutdown();
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('code referencing: a paragraph of the MIT or GPL text inside a comment is marked', async () => {
  const root = plantWorkspace('MIT');
  const srv = await startOpenAIServer();
  srv.respond(MIT_PARAGRAPH);
  const { c, uri, complete } = await session(root, srv.url, 'reference');
  try {
    const mit = await complete();
    assert.match(mit.items[0].documentation.value, /Licence text.*\*\*MIT\*\*/);
    srv.respond(GPL_PARAGRAPH.replace(/^#/gm, '//'));
    c.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: '// app\n\n\n' }],
    });
    const gpl = await c.call('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 0 } });
    assert.match(gpl.items[0].documentation.value, /Licence text.*GPL-3\.0/);
  } finally {
    await c.shutdown();
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
