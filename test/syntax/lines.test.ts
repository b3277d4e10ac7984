import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lineAt, lineEndAt, lineStartAt } from '../../server/text/lines';

// [text, offset, lineStartAt, lineEndAt]
const TABLE: [string, number, number, number][] = [
  ['', 0, 0, 0],
  ['', 3, 0, 0],
  ['abc', 0, 0, 3],
  ['abc', 3, 0, 3], // text end
  ['abc', 9, 0, 3], // past the end
  ['\nabc', 0, 0, 0], // offset 0 at a '\n': lastIndexOf('\n', -1) would still see index 0
  ['\nabc', 1, 1, 4],
  ['ab\ncd', 2, 0, 2], // at the '\n': it belongs to the line it ends
  ['ab\ncd', 3, 3, 5],
  ['ab\ncd\n', 6, 6, 6], // after a final '\n': an empty last line
  ['\n\n', 1, 1, 1],
  ['ab\r\ncd', 1, 0, 3], // CRLF: the end is the '\n', the '\r' stays in the line
  ['ab\r\ncd', 2, 0, 3], // at the '\r'
  ['ab\r\ncd', 3, 0, 3], // at the '\n'
  ['ab\r\ncd', 4, 4, 6],
  ['ab\rcd', 3, 0, 5], // a lone '\r' is not a line break
];

test('lineStartAt / lineEndAt: edge cases', () => {
  for (const [text, offset, start, end] of TABLE) {
    assert.equal(lineStartAt(text, offset), start, `lineStartAt(${JSON.stringify(text)}, ${offset})`);
    assert.equal(lineEndAt(text, offset), end, `lineEndAt(${JSON.stringify(text)}, ${offset})`);
  }
});

test('lineStartAt / lineEndAt: agree with the expressions they replaced, and with lineAt', () => {
  const texts = ['', '\n', '\n\n', 'a', 'a\n', '\na', 'ab\ncd', 'ab\r\ncd\r\n', '\r\n\r\n', 'x\r', '\n\r\nx\n'];
  for (const text of texts) {
    for (let offset = -1; offset <= text.length + 1; offset++) {
      const at = `${JSON.stringify(text)} @ ${offset}`;
      const nl = text.indexOf('\n', offset);
      assert.equal(lineStartAt(text, offset), offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1, at);
      assert.equal(lineEndAt(text, offset), nl === -1 ? text.length : nl, at);
      assert.equal(lineStartAt(text, offset), lineAt(text, offset).start, at);
      // completion/extent.ts lastNonBlankLine: the line ending just before `end`.
      const end = offset;
      assert.equal(lineStartAt(text, end - 1), end < 2 ? 0 : text.lastIndexOf('\n', end - 2) + 1, at);
    }
  }
});
