/**
 * Whether a completion is worth asking the model for, from the cursor line alone.
 * No request when word characters follow the cursor; mid-line only when the rest of the line is
 * closers and punctuation (the model then completes inside them).
 */
export type GateResult = { ok: true } | { ok: false; reason: string };

const CLOSERS_ONLY = /^[\s)\]}>"'`;,:.]*$/u;
const WORD_AFTER = /^[\p{L}\p{N}_$]/u;

export function gateCompletion(lineAfterCursor: string): GateResult {
  if (WORD_AFTER.test(lineAfterCursor)) return { ok: false, reason: 'word characters follow the cursor' };
  if (!CLOSERS_ONLY.test(lineAfterCursor)) return { ok: false, reason: 'text other than closers follows the cursor' };
  return { ok: true };
}

const WORD_CHAR = /^[\p{L}\p{N}_$]$/u;

/**
 * The identifier-like word that ends at the cursor (what the user is typing). Scanned backwards by
 * hand: an end-anchored regex (`/[\p{L}\p{N}_$]*$/u`) retries from every start position and is
 * quadratic on a long line of word characters (a minified or generated 1 MB line).
 */
export function wordBeforeCursor(lineBeforeCursor: string): string {
  let i = lineBeforeCursor.length;
  while (i > 0) {
    const low = lineBeforeCursor.charCodeAt(i - 1);
    const pair =
      low >= 0xdc00 &&
      low <= 0xdfff &&
      i >= 2 &&
      lineBeforeCursor.charCodeAt(i - 2) >= 0xd800 &&
      lineBeforeCursor.charCodeAt(i - 2) <= 0xdbff;
    const width = pair ? 2 : 1;
    if (!WORD_CHAR.test(lineBeforeCursor.slice(i - width, i))) break;
    i -= width;
  }
  return lineBeforeCursor.slice(i);
}
