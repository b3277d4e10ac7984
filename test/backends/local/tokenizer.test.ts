/** The offline engine's tokenizer. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endsInWord, NL, scan, SEP, Vocab } from '../../../server/backends/local/tokenizer';

function tokens(text: string): string[] {
  const vocab = new Vocab();
  const s = scan(text, vocab, true);
  return [...s.ids.subarray(0, s.count)].map((id) => vocab.strings[id]);
}

test('words, numbers, single punctuation; spaces and indentation are not tokens', () => {
  assert.deepEqual(tokens('  const x_1 = a.b(1.5e3, 0xff) >= $y;'), [
    'const',
    'x_1',
    '=',
    'a',
    '.',
    'b',
    '(',
    '1.5e3',
    ',',
    '0xff',
    ')',
    '>',
    '=',
    '$y',
    ';',
  ]);
});

test('line breaks are one token however many; none at the start; CRLF is one break', () => {
  assert.deepEqual(tokens('\n\na\r\n\r\n\n  b\n'), ['a', '\n', 'b', '\n']);
});

test('identifiers in any script, emoji as single tokens', () => {
  assert.deepEqual(tokens('größe = 名前 + 😀'), ['größe', '=', '名前', '+', '😀']);
});

test('offsets point into the text; unknown tokens are -1 when not interning', () => {
  const vocab = new Vocab();
  scan('alpha beta', vocab, true);
  const s = scan('beta  gamma', vocab, false);
  assert.deepEqual([...s.ids.subarray(0, s.count)], [vocab.lookup('beta'), -1]);
  assert.deepEqual([...s.starts.subarray(0, 2)], [0, 6]);
  assert.deepEqual([...s.ends.subarray(0, 2)], [4, 11]);
});

test('no text becomes the document separator, not even a NUL character', () => {
  const vocab = new Vocab();
  const s = scan('a\u0000b', vocab, true);
  assert.ok(![...s.ids.subarray(0, s.count)].includes(SEP));
  assert.equal(vocab.lookup('\n'), NL);
});

test('endsInWord', () => {
  assert.equal(endsInWord('foo.ba'), true);
  assert.equal(endsInWord('x1'), true);
  assert.equal(endsInWord('foo('), false);
  assert.equal(endsInWord('foo '), false);
  assert.equal(endsInWord(''), false);
});
