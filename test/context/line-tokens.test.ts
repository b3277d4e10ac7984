import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IDENTIFIER, isStopWord } from '../../server/context/identifiers';
import { tokenizeLines } from '../../server/context/line-tokens';

/** The plain definition: each line's distinct identifiers (stop words left out), ids by first appearance. */
function reference(text: string) {
  const vocab = new Map<string, number>();
  const ids: number[] = [];
  const lineIds: number[] = [];
  const lineStarts: number[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl + 1;
    lineStarts.push(start);
    lineIds.push(ids.length);
    const seen = new Set<number>();
    for (const m of text.slice(start, end).matchAll(IDENTIFIER)) {
      if (isStopWord(m[0])) continue;
      let id = vocab.get(m[0]);
      if (id === undefined) vocab.set(m[0], (id = vocab.size));
      if (!seen.has(id)) {
        seen.add(id);
        ids.push(id);
      }
    }
    if (nl === -1) break;
    start = end;
  }
  lineStarts.push(text.length);
  lineIds.push(ids.length);
  return { vocab: [...vocab], ids, lineIds, lineStarts };
}

test('line tokens equal the per-line definition on random texts (CRLF, unicode, stop words, empty lines)', () => {
  const pieces = [
    'foo',
    'bar',
    'x1',
    '$el',
    '_',
    'if',
    'return',
    ' ',
    '  ',
    '\n',
    '\r\n',
    '\n\n',
    '(',
    '.',
    'é',
    '😀',
    '9',
    'foo_bar',
    'self',
  ];
  let seed = 3;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  for (let round = 0; round < 200; round++) {
    let text = '';
    const length = rnd(3000);
    while (text.length < length) text += pieces[rnd(pieces.length)];
    const got = tokenizeLines(text);
    const want = reference(text);
    assert.deepEqual([...got.vocab], want.vocab, `round ${round}`);
    assert.deepEqual([...got.ids], want.ids, `round ${round}`);
    assert.deepEqual([...got.lineIds], want.lineIds, `round ${round}`);
    assert.deepEqual(got.lineStarts, want.lineStarts, `round ${round}`);
  }
});

test('line tokens with more distinct words than the first per-id table holds', () => {
  const words = Array.from({ length: 3000 }, (_, i) => `w${i}`);
  const text = `${words.join(' ')}\n${words.slice(0, 1500).reverse().join(' w0 ')}\n`;
  const got = tokenizeLines(text);
  const want = reference(text);
  assert.deepEqual([...got.ids], want.ids);
  assert.deepEqual([...got.lineIds], want.lineIds);
});
