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

/** The identifier-like word that ends at the cursor (what the user is typing). */
export function wordBeforeCursor(lineBeforeCursor: string): string {
  return /[\p{L}\p{N}_$]*$/u.exec(lineBeforeCursor)?.[0] ?? '';
}
