/**
 * Inputs far outside the usual: a 20 MB file, NUL bytes, lone UTF-16 surrogates, a 1 MB line.
 * Each gets an empty answer or a suggestion, quickly (generous limits: this is not a timing test),
 * memory stays bounded, and the server goes on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Encoding } from '../fuzz/reference-doc';
import { rssMb, stillServes, timed } from './helpers';
import { session } from '../support/session';

test('a 20 MB file: quick empty-or-suggestion answer, no parse over syntax.maxFileBytes, bounded RSS', {
  timeout: 60_000,
}, async (t) => {
  const s = await session({}, {}, { ARBOR_LOG_LEVEL: 'debug' });
  const { client } = s;
  try {
    const pid = client.proc.pid!;
    const before = rssMb(pid);
    const line = (i: number) => `value_${i} = compute(item_${i}, "漢字")\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 20_000_000; i++) {
      const l = line(i);
      parts.push(l);
      size += l.length;
    }
    parts.push('result = ');
    const text = parts.join('');
    const lines = parts.length;
    const uri = 'file:///hostile/huge.py';
    client.open(uri, text, 'python', 1);
    const { msg, ms } = await timed(
      client,
      'textDocument/completion',
      { textDocument: { uri }, position: { line: lines - 1, character: 9 } },
      30_000,
    );
    assert.equal(msg.error, undefined, JSON.stringify(msg.error));
    assert.ok(Array.isArray(msg.result.items), 'empty or a suggestion');
    assert.ok(ms < 15_000, `answered in ${Math.round(ms)} ms`);
    const inline = await timed(
      client,
      'textDocument/inlineCompletion',
      { textDocument: { uri }, position: { line: 5, character: 0 }, context: { triggerKind: 1 } },
      30_000,
    );
    assert.equal(inline.msg.error, undefined);
    assert.match(client.stderr, /huge\.py is over 2000000 bytes; plain text/, 'the syntax layer declined to parse it');
    for (const r of s.srv.completions())
      assert.ok(JSON.stringify(r.body).length < 200_000, 'the model gets a window, not the file');
    const after = rssMb(pid);
    t.diagnostic(
      `RSS ${before.toFixed(0)} MB → ${after.toFixed(0)} MB; completion ${Math.round(ms)} ms, inline ${Math.round(inline.ms)} ms`,
    );
    assert.ok(after < 600, `RSS ${before.toFixed(0)} MB → ${after.toFixed(0)} MB with a 20 MB document open`);
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await stillServes(s);
  } finally {
    assert.equal(await s.close(), 0);
  }
  assert.equal(client.framingError, undefined);
});

test('NUL bytes: no model request, an empty answer, the text kept byte for byte', { timeout: 20_000 }, async () => {
  const s = await session();
  try {
    const uri = 'file:///hostile/nul.py';
    const text = 'x = 1\u0000\u0000\u0000\ny = \u0000abc\nz = ';
    s.client.open(uri, text, 'python', 1);
    const { msg, ms } = await timed(
      s.client,
      'textDocument/completion',
      { textDocument: { uri }, position: { line: 2, character: 4 } },
      10_000,
    );
    assert.deepEqual(msg.result?.items, []);
    assert.ok(ms < 5000);
    assert.equal(s.srv.completions().length, 0, 'a binary document is not sent to the model');
    assert.equal((await s.client.call('arbor/documentState', { uri })).text, text);
    await stillServes(s);
  } finally {
    assert.equal(await s.close(), 0);
  }
});

for (const encoding of ['utf-8', 'utf-16', 'utf-32'] as Encoding[]) {
  test(`lone UTF-16 surrogates (invalid UTF-16, sent as \\ud800 escapes), ${encoding}: answered, text kept, ranges at the cursor`, {
    timeout: 20_000,
  }, async () => {
    const s = await session({ general: { positionEncodings: [encoding] } });
    try {
      const uri = 'file:///hostile/surrogates.py';
      const text = 'a = "\ud800"\nb = "\udc00x\ud83d"\nc = \udfff';
      s.client.open(uri, text, 'python', 1);
      assert.equal((await s.client.call('arbor/documentState', { uri })).text, text, 'kept exactly');
      // Cursor after each lone surrogate, in the negotiated units (a lone surrogate is one code point:
      // 3 UTF-8 bytes, 1 UTF-16 unit, 1 UTF-32 unit).
      const unit = encoding === 'utf-8' ? 3 : 1;
      const cursors = [
        { line: 0, character: 5 + unit + 1 },
        { line: 1, character: 5 + unit + 1 + unit + 1 },
        { line: 2, character: 4 + unit },
      ];
      for (const position of cursors) {
        const { msg, ms } = await timed(
          s.client,
          'textDocument/inlineCompletion',
          { textDocument: { uri }, position, context: { triggerKind: 1 } },
          10_000,
        );
        assert.equal(msg.error, undefined, JSON.stringify(msg.error));
        assert.ok(ms < 5000);
        for (const item of msg.result.items) assert.deepEqual(item.range, { start: position, end: position });
      }
      const list = await s.client.call('textDocument/completion', { textDocument: { uri }, position: cursors[2] });
      for (const item of list.items) assert.deepEqual(item.textEdit.range.end, cursors[2]);
      s.client.notify('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: cursors[2], end: cursors[2] }, text: '\ud800!' }],
      });
      assert.equal((await s.client.call('arbor/documentState', { uri })).text, `${text}\ud800!`);
      await stillServes(s);
    } finally {
      assert.equal(await s.close(), 0);
    }
  });
}

test('a 1 MB single line (minified code): quick answer, the model gets a cut window', { timeout: 30_000 }, async () => {
  const s = await session();
  try {
    const uri = 'file:///hostile/minified.js';
    const text = `${'a=b+1;c(d,"é");'.repeat(70_000)}x=`;
    s.client.open(uri, text, 'javascript', 1);
    const { msg, ms } = await timed(
      s.client,
      'textDocument/completion',
      { textDocument: { uri }, position: { line: 0, character: text.length } },
      20_000,
    );
    assert.equal(msg.error, undefined);
    assert.ok(ms < 10_000, `answered in ${Math.round(ms)} ms`);
    const sent = s.srv.completions().at(-1);
    if (sent) assert.ok(sent.body.prompt.length < 100_000, 'a window of the line, not the line');
    const inline = await timed(
      s.client,
      'textDocument/inlineCompletion',
      { textDocument: { uri }, position: { line: 0, character: 500_000 }, context: { triggerKind: 1 } },
      20_000,
    );
    assert.equal(inline.msg.error, undefined);
    await stillServes(s);
  } finally {
    assert.equal(await s.close(), 0);
  }
});
