import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { estimateTokens } from '../../server/context/tokens';
import { prefixWindow, suffixWindow } from '../../server/context/windows';

const lines = Array.from({ length: 50 }, (_, i) => `line ${String(i).padStart(2, '0')} = value(${i})`);
const text = `${lines.join('\n')}\n`;
const cursor = text.indexOf('= value(25)'); // mid-line

describe('prefixWindow', () => {
  it('ends exactly at the cursor and starts at a line start', () => {
    for (const budget of [0, 3, 10, 40, 120, 10_000]) {
      const w = prefixWindow(text, cursor, budget);
      assert.equal(w.end, cursor);
      assert.equal(w.text, text.slice(w.start, cursor));
      assert.ok(
        w.start === 0 || text[w.start - 1] === '\n' || budget < estimateTokens('line 25 '),
        `line start at budget ${budget}`,
      );
      assert.ok(w.tokens <= budget, `within ${budget}`);
      assert.equal(w.tokens, estimateTokens(w.text));
    }
  });
  it('keeps the cursor line text before the cursor whole when it fits', () => {
    const w = prefixWindow(text, cursor, 10);
    assert.ok(w.text.endsWith('line 25 '));
    assert.ok(w.text.startsWith('line '), w.text);
  });
  it('cuts the cursor line to its tail only when it alone is over budget', () => {
    const w = prefixWindow(text, cursor, 1);
    assert.equal(w.text, text.slice(cursor - 3, cursor));
  });
  it('grows monotonically with the budget', () => {
    let last = cursor;
    for (let b = 0; b < 200; b += 7) {
      const w = prefixWindow(text, cursor, b);
      assert.ok(w.start <= last);
      last = w.start;
    }
    assert.equal(prefixWindow(text, cursor, 10_000).start, 0);
  });
  it('handles the first offset and leading blank lines', () => {
    assert.deepEqual(prefixWindow('\nabc', 0, 10), { start: 0, end: 0, text: '', tokens: 0 });
    assert.equal(prefixWindow('\n\nabc', 5, 10).text, '\n\nabc');
    assert.equal(prefixWindow('\n\nabc', 2, 10).text, '\n\n');
  });
  it('keeps CRLF line endings whole', () => {
    const crlf = 'a = 1\r\nb = 2\r\nc = '.repeat(1);
    const w = prefixWindow(crlf, crlf.length, 4);
    assert.equal(w.text, 'b = 2\r\nc = ');
  });
});

describe('suffixWindow', () => {
  it('starts exactly at the cursor and ends after a line break', () => {
    for (const budget of [0, 3, 10, 40, 10_000]) {
      const w = suffixWindow(text, cursor, budget);
      assert.equal(w.start, cursor);
      assert.equal(w.text, text.slice(cursor, w.end));
      assert.ok(w.tokens <= budget);
    }
    const w = suffixWindow(text, cursor, 40);
    assert.ok(w.text.startsWith('= value(25)\n'));
    assert.ok(w.text.endsWith('\n'));
  });
  it('reaches the end of a text without a final line break', () => {
    assert.equal(suffixWindow('a\nb\nc', 1, 100).text, '\nb\nc');
    assert.equal(suffixWindow('abc', 3, 100).text, '');
  });
  it('cuts the rest of the cursor line only when it alone is over budget', () => {
    assert.equal(suffixWindow(text, cursor, 1).text, '= v');
  });
});

describe('estimateTokens', () => {
  it('charges 3.5 ASCII characters per token, rounded up', () => {
    assert.equal(estimateTokens(''), 0);
    assert.equal(estimateTokens('a'), 1);
    assert.equal(estimateTokens('abcdefg'), 2);
    assert.equal(estimateTokens('abcdefgh'), 3);
  });
  it('charges other characters one token each', () => {
    assert.equal(estimateTokens('日本語'), 3);
    assert.equal(estimateTokens('😀'), 2);
  });
  it('never charges a joined text more than its parts', () => {
    const parts = ['ab', 'cde', '日本', 'fghij', '\n', 'x'];
    for (let i = 0; i < parts.length; i++) {
      for (let k = 0; k < parts.length; k++) {
        assert.ok(estimateTokens(parts[i] + parts[k]) <= estimateTokens(parts[i]) + estimateTokens(parts[k]));
      }
    }
  });
});
