import { estimateTokens, headWithin, tailWithin, tokenUnits, unitsToTokens } from './tokens';

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
 * over the whole budget (minified code) is it cut to its tail.
 */
export function prefixWindow(text: string, cursor: number, budget: number): Window {
  let start = lineStartOf(text, cursor);
  const partial = text.slice(start, cursor);
  let units = tokenUnits(partial);
  if (unitsToTokens(units) > budget) {
    const tail = tailWithin(partial, budget);
    return { start: cursor - tail.length, end: cursor, text: tail, tokens: estimateTokens(tail) };
  }
  while (start > 0) {
    const lineStart = lineStartOf(text, start - 1);
    const w = tokenUnits(text.slice(lineStart, start));
    if (unitsToTokens(units + w) > budget) break;
    units += w;
    start = lineStart;
  }
  const out = text.slice(start, cursor);
  return { start, end: cursor, text: out, tokens: estimateTokens(out) };
}

/**
 * The text after the cursor that fits `budget`: always starts exactly at the cursor and ends after
 * a line break (or at the end of the text). The rest of the cursor line is kept whole unless it
 * alone is over the budget.
 */
export function suffixWindow(text: string, cursor: number, budget: number): Window {
  let end = lineEndAfter(text, cursor);
  const rest = text.slice(cursor, end);
  let units = tokenUnits(rest);
  if (unitsToTokens(units) > budget) {
    const head = headWithin(rest, budget);
    return { start: cursor, end: cursor + head.length, text: head, tokens: estimateTokens(head) };
  }
  while (end < text.length) {
    const next = lineEndAfter(text, end);
    const w = tokenUnits(text.slice(end, next));
    if (unitsToTokens(units + w) > budget) break;
    units += w;
    end = next;
  }
  const out = text.slice(cursor, end);
  return { start: cursor, end, text: out, tokens: estimateTokens(out) };
}

/** The start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just past the line break of the line holding `offset` (or the text length). */
function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}
