/**
 * Approximate token counts, no tokenizer: ASCII text costs 1 token per 3.5 characters (a typical
 * BPE rate for source code), every other UTF-16 code unit 1 token (CJK, emoji and accented letters
 * are 1+ tokens each in code tokenizers), rounded up. Counted in integer sevenths of a token
 * (ASCII 2/7, other 7/7) so sums are exact. Additive before rounding, hence
 * estimate(a + b) <= estimate(a) + estimate(b): budgets charged piecewise hold for the joined text.
 */
export const ASCII_CHARS_PER_TOKEN = 3.5;
const UNITS_PER_TOKEN = 7;
const ASCII_UNITS = 2;
const OTHER_UNITS = 7;

/** The cost of `text` in sevenths of a token. */
export function tokenUnits(text: string): number {
  return tokenUnitsIn(text, 0, text.length);
}

/** tokenUnits(text.slice(start, end)) without making the slice (windows count line by line). */
export function tokenUnitsIn(text: string, start: number, end: number): number {
  let other = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x7f) other++;
  return (end - start - other) * ASCII_UNITS + other * OTHER_UNITS;
}

export function unitsToTokens(units: number): number {
  return Math.ceil(units / UNITS_PER_TOKEN);
}

export function estimateTokens(text: string): number {
  return unitsToTokens(tokenUnits(text));
}

function charUnits(code: number): number {
  return code > 0x7f ? OTHER_UNITS : ASCII_UNITS;
}

/** The longest tail of `text` whose estimate fits `budget` tokens. */
export function tailWithin(text: string, budget: number): string {
  const max = budget * UNITS_PER_TOKEN;
  let units = 0;
  let i = text.length;
  while (i > 0 && units + charUnits(text.charCodeAt(i - 1)) <= max) units += charUnits(text.charCodeAt(--i));
  if (i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i))) i++; // never split a surrogate pair
  return text.slice(i);
}

/** The longest head of `text` whose estimate fits `budget` tokens. */
export function headWithin(text: string, budget: number): string {
  const max = budget * UNITS_PER_TOKEN;
  let units = 0;
  let i = 0;
  while (i < text.length && units + charUnits(text.charCodeAt(i)) <= max) units += charUnits(text.charCodeAt(i++));
  if (i > 0 && i < text.length && isLowSurrogate(text.charCodeAt(i))) i--;
  return text.slice(0, i);
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
