/** One contiguous edit: prev[start, oldEnd) became next[start, newEnd); everything else is equal. */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** How far from `near` an edit is looked for: typing touches a few characters, a paste more. */
const REACHES = [256, 4096];

/**
 * The span where `next` differs from `prev`, when the change lies within a few KB of `near` (the
 * cursor); undefined otherwise (callers then start over). The guess is verified by comparing the
 * texts on both sides, which V8 does natively (a few µs on 200 KB), so a result is always exact.
 */
export function changeNear(prev: string, next: string, near: number): TextChange | undefined {
  for (const reach of REACHES) {
    const change = changeWithin(prev, next, near, reach);
    if (change) return change;
  }
  return undefined;
}

function changeWithin(prev: string, next: string, near: number, reach: number): TextChange | undefined {
  const delta = next.length - prev.length;
  const from = Math.max(0, Math.min(near, next.length) - reach);
  const to = Math.min(next.length, Math.max(near, from) + reach); // in `next`
  if (to - delta < from || to - delta > prev.length) return undefined;
  if (prev.slice(0, from) !== next.slice(0, from) || prev.slice(to - delta) !== next.slice(to)) return undefined;
  // Narrow the verified span to the characters that really differ.
  let start = from;
  while (start < to && start < to - delta && prev.charCodeAt(start) === next.charCodeAt(start)) start++;
  let newEnd = to;
  while (newEnd > start && newEnd - delta > start && prev.charCodeAt(newEnd - delta - 1) === next.charCodeAt(newEnd - 1)) newEnd--;
  return { start, oldEnd: newEnd - delta, newEnd };
}
