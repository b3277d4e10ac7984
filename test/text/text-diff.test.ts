import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commonPrefixLength, commonSuffixLength, textChange } from '../../server/text/text-diff';

test('textChange is the smallest single edit, across block boundaries and overlapping ends', () => {
  let seed = 5;
  const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  const alphabet = 'ab\n\r é😀';
  for (let round = 0; round < 300; round++) {
    let prev = '';
    const length = rnd(6000);
    while (prev.length < length) prev += alphabet[rnd(alphabet.length)];
    const at = rnd(prev.length + 1);
    const removed = rnd(3) === 0 ? 0 : rnd(50);
    const inserted = ['', 'a', 'ab', 'b\n', '😀'][rnd(5)];
    const next = prev.slice(0, at) + inserted + prev.slice(at + removed);
    const { start, oldEnd, newEnd } = textChange(prev, next);
    assert.equal(prev.slice(0, start) + next.slice(start, newEnd) + prev.slice(oldEnd), next, `round ${round}`);
    // Smallest: the characters just inside each end differ (or the span is empty there).
    assert.ok(start === oldEnd || start === newEnd || prev[start] !== next[start], `round ${round}: start`);
    assert.ok(oldEnd === start || newEnd === start || prev[oldEnd - 1] !== next[newEnd - 1], `round ${round}: end`);
  }
  assert.equal(commonPrefixLength('x'.repeat(5000), 'x'.repeat(5000)), 5000);
  assert.equal(commonSuffixLength('ab', 'aab', 1), 1);
  assert.deepEqual(textChange('aaa', 'aaaa'), { start: 3, oldEnd: 3, newEnd: 4 });
});
