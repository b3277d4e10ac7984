import { lineStartAt } from '../text/lines';
import { estimateTokens, headWithin, tailWithin, tokenUnitsIn, unitsToTokens } from './tokens';

/** A contiguous span of the document around the cursor. */
export interface Window {
  start: number;
  end: number;
  text: string;
  tokens: number;
}

/**
 * The text before the cursor that fits `budget`: always ends exactly at the cursor, always starts
 * at a line start. The cursor line's text before the cursor is kept whole; only when it alone is
 * over the whole budget (minified code) is it cut to its tail. `from`: a narrower window of the
 * same text and cursor, to widen.
 */
export function prefixWindow(text: string, cursor: number, budget: number, from?: Window): Window {
  const resumed =
    from && from.end === cursor && (from.start === 0 || text[from.start - 1] === '\n') && resumable(text, from, budget);
  let start = resumed ? from.start : lineStartAt(text, cursor);
  let units = resumed ? unitsOf.get(from)! : tokenUnitsIn(text, start, cursor);
  if (unitsToTokens(units) > budget) {
    const tail = tailWithin(text.slice(start, cursor), budget);
    return { start: cursor - tail.length, end: cursor, text: tail, tokens: estimateTokens(tail) };
  }
  while (start > 0) {
    const lineStart = lineStartAt(text, start - 1);
    const w = tokenUnitsIn(text, lineStart, start);
    if (unitsToTokens(units + w) > budget) break;
    units += w;
    start = lineStart;
  }
  // Units add up exactly, so the sum is the estimate of the whole window.
  return counted({ start, end: cursor, text: text.slice(start, cursor), tokens: unitsToTokens(units) }, units);
}

/**
 * The text after the cursor that fits `budget`: always starts exactly at the cursor and ends after
 * a line break (or at the end of the text). The rest of the cursor line is kept whole unless it
 * alone is over the budget. `from` as for prefixWindow.
 */
export function suffixWindow(text: string, cursor: number, budget: number, from?: Window): Window {
  const resumed =
    from &&
    from.start === cursor &&
    (from.end === text.length || text[from.end - 1] === '\n') &&
    resumable(text, from, budget);
  let end = resumed ? from.end : lineEndAfter(text, cursor);
  let units = resumed ? unitsOf.get(from)! : tokenUnitsIn(text, cursor, end);
  if (unitsToTokens(units) > budget) {
    const head = headWithin(text.slice(cursor, end), budget);
    return { start: cursor, end: cursor + head.length, text: head, tokens: estimateTokens(head) };
  }
  while (end < text.length) {
    const next = lineEndAfter(text, end);
    const w = tokenUnitsIn(text, end, next);
    if (unitsToTokens(units + w) > budget) break;
    units += w;
    end = next;
  }
  return counted({ start: cursor, end, text: text.slice(cursor, end), tokens: unitsToTokens(units) }, units);
}

/*
 * Widening a window (assemble.ts does, a few times per completion) carries on from the narrower
 * one instead of walking back over its lines. Same result: the walk is greedy and units only
 * grow, so with a budget at least the narrower window's tokens it passes through that window.
 * Only windows not cut mid-line carry their units, and only when `from` is the same span of the
 * same text, still ending at line boundaries.
 */
const unitsOf = new WeakMap<Window, number>();

function counted(w: Window, units: number): Window {
  unitsOf.set(w, units);
  return w;
}

/** Whether `from` may be widened to `budget` (its ends were checked to be line boundaries of `text`). */
function resumable(text: string, from: Window, budget: number): boolean {
  return unitsOf.has(from) && budget >= from.tokens && text.slice(from.start, from.end) === from.text;
}

/** The offset just past the line break of the line holding `offset` (or the text length). */
/** Offset just past the '\n' ending the line holding `offset` (the text length on the last line). */
export function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
