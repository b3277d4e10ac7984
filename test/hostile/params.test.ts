/**
 * Wrong types in params for every method the server serves, positions past the end, negative
 * positions and documents that were never opened: each request gets InvalidParams or an empty
 * answer quickly (never InternalError, never silence), garbage notifications change nothing they
 * should not, and a normal completion works afterwards.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { stillServes, timed } from './helpers';
import { session } from '../support/session';

const OPEN = 'file:///hostile/open.py';
const OPEN_TEXT = 'def f(x):\n    return x\n\ny = 😀 + "漢字"\n';

/** Values that are wrong wherever an object is expected. */
const JUNK: unknown[] = [undefined, null, 42, -1, 1.5, 'text', true, [], [1, 2], {}, { uri: 5 }];
const BAD_POSITIONS: unknown[] = [
  null,
  5,
  'x',
  [0, 0],
  {},
  { line: '0', character: 0 },
  { line: 0, character: '4' },
  { line: 0.5, character: 0 },
  { line: -1, character: 0 },
  { line: 0, character: -3 },
  { line: 1e20, character: 0 },
  { line: 2 ** 53, character: 2 ** 53 },
  { line: 4000, character: 0 }, // past the last line
  { line: Number.MAX_SAFE_INTEGER, character: 0 },
];
const BAD_RANGES: unknown[] = [
  null,
  5,
  { start: 5 },
  { start: { line: 0, character: 0 } },
  { start: { line: 0, character: 0 }, end: { line: -2, character: 0 } },
  { start: { line: 3, character: 0 }, end: { line: 0, character: 0 } }, // reversed
  { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } }, // past the end
  { start: { line: 0, character: 1e9 }, end: { line: 0, character: 1e9 } },
];

function requestParams(): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const doc = { uri: OPEN };
  for (const method of ['textDocument/completion', 'textDocument/inlineCompletion']) {
    for (const j of JUNK) out.push([method, j]);
    for (const j of JUNK) out.push([method, { textDocument: j, position: { line: 0, character: 0 } }]);
    for (const p of BAD_POSITIONS) out.push([method, { textDocument: doc, position: p }]);
    out.push([method, { textDocument: { uri: 'file:///never/opened.py' }, position: { line: 0, character: 0 } }]);
    out.push([method, { textDocument: { uri: '' }, position: { line: 0, character: 0 } }]);
    out.push([method, { textDocument: { uri: 'not a uri at all \u0000' }, position: { line: 0, character: 0 } }]);
    out.push([method, { textDocument: doc, position: { line: 1, character: 4 }, context: 'x' }]);
    out.push([
      method,
      {
        textDocument: doc,
        position: { line: 1, character: 4 },
        context: { triggerKind: 'x', selectedCompletionInfo: 5 },
      },
    ]);
    out.push([method, { textDocument: doc, position: { line: 1, character: 4 }, context: { triggerKind: 99 } }]);
  }
  for (const j of JUNK) out.push(['textDocument/codeAction', j]);
  for (const r of BAD_RANGES)
    out.push(['textDocument/codeAction', { textDocument: { uri: OPEN }, range: r, context: { diagnostics: [] } }]);
  const range = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
  for (const context of [
    undefined,
    null,
    'x',
    { diagnostics: 'x' },
    { diagnostics: [null, 5, { range: 5 }, { range, message: 7 }] },
    { diagnostics: [], only: 'quickfix' },
    { diagnostics: [], only: [5, null] },
    { diagnostics: [], triggerKind: 'x' },
  ]) {
    out.push(['textDocument/codeAction', { textDocument: { uri: OPEN }, range, context }]);
  }
  out.push([
    'textDocument/codeAction',
    { textDocument: { uri: 'file:///never/opened.py' }, range, context: { diagnostics: [] } },
  ]);
  for (const j of JUNK) out.push(['codeAction/resolve', j]);
  for (const data of [
    null,
    5,
    'x',
    {},
    { uri: OPEN },
    { uri: OPEN, version: 'x', action: 'explain' },
    { uri: OPEN, version: 1, action: 'nope', target: { kind: 'function', name: 'f', start: 0, end: 5, outerEnd: 5 } },
    {
      uri: OPEN,
      version: 1,
      action: 'explain',
      target: { kind: 'function', name: 'f', start: 50, end: 10, outerEnd: 5 },
    },
    {
      uri: 'file:///never/opened.py',
      version: 1,
      action: 'explain',
      target: { kind: 'function', name: 'f', start: 0, end: 5, outerEnd: 5 },
    },
  ]) {
    out.push(['codeAction/resolve', { title: 'x', data }]);
  }
  for (const j of JUNK) out.push(['workspace/executeCommand', j]);
  for (const args of [undefined, null, 'x', [], [null], [5], [{ uri: OPEN }]])
    out.push(['workspace/executeCommand', { command: 'arbor.applyAction', arguments: args }]);
  out.push(['workspace/executeCommand', { command: 'no.such.command', arguments: [] }]);
  out.push(['workspace/executeCommand', { command: 42 }]);
  for (const j of JUNK) out.push(['arbor/documentState', j]);
  out.push(['arbor/documentState', { uri: 'file:///never/opened.py' }]);
  for (const j of JUNK) out.push(['arbor/config', j]);
  return out;
}

test('wrong types, bad positions and unknown documents: InvalidParams or an empty answer, quickly', {
  timeout: 60_000,
}, async () => {
  const s = await session({ general: { positionEncodings: ['utf-8'] } });
  const { client } = s;
  const problems: string[] = [];
  try {
    client.open(OPEN, OPEN_TEXT, 'python', 1);
    const cases = requestParams();
    let slowest = 0;
    for (const [method, params] of cases) {
      const { msg, ms } = await timed(client, method, params, 10_000).catch((err: Error) => {
        throw new Error(`${method} ${JSON.stringify(params)}: no answer (${err.message.slice(0, 300)})`);
      });
      slowest = Math.max(slowest, ms);
      if (msg.error) {
        if (msg.error.code !== -32602)
          problems.push(`${method} ${JSON.stringify(params)} → error ${msg.error.code} ${msg.error.message}`);
      } else if (ms > 5000) {
        problems.push(`${method} ${JSON.stringify(params)} → took ${Math.round(ms)} ms`);
      }
    }
    assert.deepEqual(problems, [], 'every bad request is answered InvalidParams or empty (no InternalError)');
    assert.ok(slowest < 5000, `slowest answer ${Math.round(slowest)} ms`);
    // Column past the end clamps to the line end (LSP): a normal answer, not an error.
    const clamped = await client.request('textDocument/completion', {
      textDocument: { uri: OPEN },
      position: { line: 1, character: 500 },
    });
    assert.equal(clamped.error, undefined);
    // The document is untouched by all of that.
    const state = await client.call('arbor/documentState', { uri: OPEN });
    assert.equal(state.text, OPEN_TEXT);
    await stillServes(s);
  } finally {
    assert.equal(await s.close(), 0);
  }
  assert.equal(client.framingError, undefined);
});

test('garbage notifications are ignored or applied safely; the server goes on', { timeout: 30_000 }, async () => {
  const s = await session();
  const { client } = s;
  const uri = 'file:///hostile/notes.py';
  try {
    const garbage: Array<[string, unknown]> = [
      ['textDocument/didOpen', null],
      ['textDocument/didOpen', { textDocument: 5 }],
      ['textDocument/didOpen', { textDocument: { uri: 5, text: 'x' } }],
      ['textDocument/didOpen', { textDocument: { uri: 'file:///hostile/bad-open.py', text: 5 } }],
      [
        'textDocument/didOpen',
        { textDocument: { uri: 'file:///hostile/odd-open.py', text: 'x = 1\n', languageId: 7, version: 'x' } },
      ],
      ['textDocument/didChange', null],
      ['textDocument/didChange', { textDocument: null, contentChanges: [] }],
      [
        'textDocument/didChange',
        { textDocument: { uri: 'file:///never/opened.py', version: 2 }, contentChanges: [{ text: 'x' }] },
      ],
      ['textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: 'nope' }],
      [
        'textDocument/didChange',
        { textDocument: { uri, version: 2 }, contentChanges: [null, 5, 'x', { text: 5 }, { range: 5 }] },
      ],
      ['textDocument/didClose', null],
      ['textDocument/didClose', { textDocument: 5 }],
      ['textDocument/didClose', { textDocument: { uri: 'file:///never/opened.py' } }],
      ['textDocument/didSave', null],
      ['textDocument/didSave', { textDocument: { uri: 5 } }],
      ['workspace/didChangeConfiguration', null],
      ['workspace/didChangeConfiguration', { settings: 'x' }],
      [
        'workspace/didChangeConfiguration',
        { settings: { arbor: { completion: { debounceMs: 'fast', contextTokens: -1 }, backend: 7, exclude: 'x' } } },
      ],
      ['workspace/didChangeWatchedFiles', { changes: 5 }],
      ['$/cancelRequest', null],
      ['$/cancelRequest', { id: { a: 1 } }],
      ['$/cancelRequest', { id: 999_999 }],
      ['$/setTrace', { value: 5 }],
      ['initialized', 5],
      ['no/such/notification', { x: 1 }],
    ];
    client.open(uri, 'x = 1\n', 'python', 1);
    for (const [method, params] of garbage) client.notify(method, params);
    const state = await client.call('arbor/documentState', { uri });
    assert.equal(state.text, 'x = 1\n', 'the open document is unchanged');
    // A didOpen with odd languageId/version still opens (as plain text, version 0).
    const odd = await client.call('arbor/documentState', { uri: 'file:///hostile/odd-open.py' });
    assert.equal(odd.text, 'x = 1\n');
    // Ranges past the end of the document clamp (LSP): the edit lands at the end.
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [
        { range: { start: { line: 99, character: 0 }, end: { line: 99, character: 5 } }, text: 'y = 2\n' },
      ],
    });
    assert.equal((await client.call('arbor/documentState', { uri })).text, 'x = 1\ny = 2\n');
    // A reversed range is normalised (start before end).
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 4 },
      contentChanges: [{ range: { start: { line: 1, character: 5 }, end: { line: 1, character: 4 } }, text: '3' }],
    });
    assert.equal((await client.call('arbor/documentState', { uri })).text, 'x = 1\ny = 3\n');
    // The invalid configuration was reported, and the server still completes with its previous settings.
    await client.waitFor(
      (m) => m.method === 'window/showMessage' && /debounceMs|contextTokens|backend|exclude/.test(m.params.message),
      5000,
      'a configuration warning',
    );
    await stillServes(s);
  } finally {
    assert.equal(await s.close(), 0);
  }
  assert.equal(client.framingError, undefined);
});

test('initialize with wrong types answers (result or error), and a usable server follows', {
  timeout: 30_000,
}, async () => {
  const variants: unknown[] = [
    null,
    42,
    { processId: 'x', rootUri: 7, capabilities: 5 },
    { processId: null, rootUri: 'not a uri', capabilities: { general: { positionEncodings: 'utf-8' } } },
    {
      processId: null,
      rootUri: null,
      workspaceFolders: 'x',
      capabilities: { textDocument: 5, workspace: 'x', window: [] },
    },
    {
      processId: null,
      rootUri: null,
      workspaceFolders: [null, { uri: 5 }, { uri: 'file:///tmp', name: 1 }],
      capabilities: {},
      initializationOptions: 'abc',
    },
    {
      processId: null,
      rootUri: null,
      rootPath: 5,
      capabilities: { general: { positionEncodings: [5, null, 'utf-8'] } },
      initializationOptions: { arbor: 'x', completion: 5 },
    },
  ];
  for (const params of variants) {
    const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
    try {
      const answer = await c.request('initialize', params, 10_000);
      assert.ok(
        answer.result !== undefined || answer.error !== undefined,
        `initialize ${JSON.stringify(params)} answered`,
      );
      if (answer.error) {
        assert.notEqual(
          answer.error.code,
          -32603,
          `initialize ${JSON.stringify(params)}: not an InternalError (${answer.error.message})`,
        );
        continue;
      }
      c.notify('initialized', {});
      c.open('file:///hostile/init.py', 'x = 1\n', 'python', 1);
      const state = await c.request('arbor/documentState', { uri: 'file:///hostile/init.py' }, 5000);
      assert.equal(state.result?.text, 'x = 1\n', `the server works after initialize ${JSON.stringify(params)}`);
      const list = await c.request(
        'textDocument/completion',
        { textDocument: { uri: 'file:///hostile/init.py' }, position: { line: 1, character: 0 } },
        10_000,
      );
      assert.ok(
        list.result !== undefined,
        `completion answers after initialize ${JSON.stringify(params)}: ${JSON.stringify(list.error)}`,
      );
    } finally {
      assert.equal(
        await c.shutdown(),
        0,
        `clean exit after initialize ${JSON.stringify(params)}; stderr: ${c.stderr.slice(-500)}`,
      );
    }
    assert.equal(c.framingError, undefined);
  }
});
