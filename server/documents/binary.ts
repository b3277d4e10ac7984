/** How much of a document's start is sampled to tell binary data from text. */
const SAMPLE_CHARS = 8192;
/** Share of control characters above which the sample is binary data, not text. */
const BINARY_SHARE = 0.1;

/**
 * Whether a document is binary data rather than text: more than a tenth of its first 8192
 * characters are NULs or other control characters (tab, line breaks, form feed, vertical tab and
 * escape count as text). A source file with a few NUL bytes (for example from a completion that
 * Vim's complete() inserted with `^@`) is still text and keeps completing.
 */
export function looksBinary(text: string): boolean {
  const n = Math.min(text.length, SAMPLE_CHARS);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b) control++;
  }
  return control > n * BINARY_SHARE;
}
