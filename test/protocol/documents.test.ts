import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

type Enc = 'utf-8' | 'utf-16' | 'utf-32';

/** Column of UTF-16 index `i` in `line`, counted in `enc` units (an independent re-implementation). */
function column(line: string, i: number, enc: Enc): number {
  const head = line.slice(0, i);
  if (enc === 'utf-16') return head.length;
  if (enc === 'utf-32') return [...head].length;
  return Buffer.byteLength(head, 'utf8');
}

function position(text: string, offset: number, enc: Enc) {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const lineEnd = text.slice(lineStart).search(/\r|\n/);
  const lineText = lineEnd < 0 ? text.slice(lineStart) : text.slice(lineStart, lineStart + lineEnd);
  return { line, character: column(lineText, offset - lineStart, enc) };
}

/** Seeded PRNG so a failure reproduces. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

/** Offsets that do not split a surrogate pair or a CRLF (clients never send those). */
function boundary(text: string, offset: number): number {
  while (
    offset > 0 &&
    offset < text.length &&
    ((text.charCodeAt(offset) & 0xfc00) === 0xdc00 || (text[offset - 1] === '\r' && text[offset] === '\n'))
  )
    offset--;
  return offset;
}

const PIECES = ['x', 'é', '😀', '漢字', 'e\u0301', '\n', '\r\n', 'def f():\n    return 1\n', '👩‍👩‍👧', '', ' '];

for (const enc of ['utf-8', 'utf-16', 'utf-32'] as const) {
  test(`incremental edits with emoji, CJK, combining marks and CRLF match a reference text (${enc})`, async () => {
    const c = new LspClient();
    try {
      const init = await c.initialize({ general: { positionEncodings: [enc] } });
      assert.equal(init.capabilities.positionEncoding, enc);
      let text = 'héllo 😀 wörld\r\n漢字 e\u0301 end\nlast line 👍\r\n';
      const uri = `file:///edits-${enc}.py`;
      c.open(uri, text);
      const random = rng(enc.length * 7919);
      let version = 1;
      for (let step = 0; step < 150; step++) {
        const a = boundary(text, Math.floor(random() * (text.length + 1)));
        const b = boundary(text, Math.min(text.length, a + Math.floor(random() * 6)));
        const insert = PIECES[Math.floor(random() * PIECES.length)];
        const range = { start: position(text, a, enc), end: position(text, b, enc) };
        text = text.slice(0, a) + insert + text.slice(b);
        c.notify('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [{ range, text: insert }],
        });
      }
      const state = await c.call('arbor/documentState', { uri });
      assert.equal(state.version, version);
      assert.equal(state.text, text);
    } finally {
      await c.shutdown();
    }
  });
}

test('several changes in one didChange apply in order; full replacement works; close frees', async () => {
  const c = new LspClient({});
  try {
    await c.initialize({ general: { positionEncodings: ['utf-8'] } });
    const uri = 'file:///multi.py';
    c.open(uri, 'a😀b\r\nc\n');
    c.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 6 } }, text: 'B' }, // after the 4-byte emoji
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'C\r\nD' },
      ],
    });
    assert.equal((await c.call('arbor/documentState', { uri })).text, 'a😀B\r\nC\r\nD\n');
    c.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: 'new\r\n' }] });
    assert.equal((await c.call('arbor/documentState', { uri })).text, 'new\r\n');
    c.notify('textDocument/didClose', { textDocument: { uri } });
    const gone = await c.request('arbor/documentState', { uri });
    assert.equal(gone.error?.code, -32602);
  } finally {
    await c.shutdown();
  }
});
