/**
 * Keeps the server's resident memory near what it holds. V8 sizes its heap for throughput: the
 * young generation grows to 32 MB under a burst of opens, and the old generation fills with
 * garbage between full collections, which it runs only when the heap nears a limit that grows
 * with use. After 2,000 edits and completions the server held ~55 MB of heap in ~115 MB of old
 * space (RSS ~200 MB); a full collection once the user pauses brings RSS to 137-169 MB (five runs,
 * noisy). Growth counts the committed heap too: V8's own collections in a burst keep the used size
 * low while the heap they grew stays committed (counting used size only: 167-190 MB in four runs).
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { quietForMs } from '../documents/foreground';
import { keepYoungGenerationSmall } from '../young-generation';

/** A full collection (10-20 ms at this heap size) runs once no request has been in flight for this long (a pause in typing)... */
const QUIET_MS = 400;
/** ...and the heap (used or committed) grew by this much since the last one (a pause after a few keystrokes costs nothing). */
const GROWTH_BYTES = 16 * 1024 * 1024;
const CHECK_EVERY_MS = 200;

export function keepMemoryLean(): void {
  keepYoungGenerationSmall();
  collectWhenQuiet();
}

function collectWhenQuiet(): void {
  // The gc() function, without starting node with --expose-gc: a context made after the flag is set has it.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as (() => void) | undefined;
  if (typeof gc !== 'function') return;
  let afterLast = v8.getHeapStatistics();
  setInterval(() => {
    if (quietForMs() < QUIET_MS) return;
    if (!grewEnough(v8.getHeapStatistics(), afterLast)) return;
    gc();
    afterLast = v8.getHeapStatistics();
  }, CHECK_EVERY_MS).unref();
}

type HeapSize = Pick<v8.HeapInfo, 'used_heap_size' | 'total_heap_size'>;

/** Whether the heap grew by GROWTH_BYTES since the last collection, counting what it holds or what it has committed. */
export function grewEnough(now: HeapSize, afterLast: HeapSize): boolean {
  const grew = Math.max(now.used_heap_size - afterLast.used_heap_size, now.total_heap_size - afterLast.total_heap_size);
  return grew >= GROWTH_BYTES;
}
