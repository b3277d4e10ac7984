/**
 * Where two versions of a text differ, found by comparing them a block at a time (V8 compares
 * strings natively: about 12 µs each way on 200 KB). Used wherever a text arrives whole and what
 * is kept from the previous version must be moved: trees, lexical segments, context caches.
 */

/** Length of the common start of two texts, at most `limit`. */
export function commonPrefixLength(a: string, b: string, limit = Math.min(a.length, b.length)): number {
  const BLOCK = 2048;
  let i = 0;
  while (i + BLOCK <= limit && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Length of the common end of two texts, at most `limit`. */
export function commonSuffixLength(a: string, b: string, limit = Math.min(a.length, b.length)): number {
  const BLOCK = 2048;
  let i = 0;
  while (
    i + BLOCK <= limit &&
    a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)
  )
    i += BLOCK;
  while (i < limit && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** The smallest single edit turning `prev` into `next`: prev[start, oldEnd) became next[start, newEnd). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

export function textChange(prev: string, next: string): TextChange {
  const start = commonPrefixLength(prev, next);
  const tail = commonSuffixLength(prev, next, Math.min(prev.length, next.length) - start);
  return { start, oldEnd: prev.length - tail, newEnd: next.length - tail };
}
