import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grewEnough } from '../../server/lsp/memory';

const MB = 1024 * 1024;
const heap = (used: number, committed: number) => ({ used_heap_size: used * MB, total_heap_size: committed * MB });

test('the collection at a pause runs once the heap grew by 16 MB, counting what it holds or what it committed', () => {
  const last = heap(30, 40);
  assert.equal(grewEnough(heap(38, 48), last), false, 'a few keystrokes are not worth a full collection');
  assert.equal(grewEnough(heap(47, 52), last), true, 'what the heap holds grew');
  assert.equal(
    grewEnough(heap(31, 57), last),
    true,
    "V8's own collections in a burst kept what it holds low, while the heap it grew stays committed",
  );
  assert.equal(grewEnough(heap(20, 30), last), false, 'smaller than after the last one');
});
