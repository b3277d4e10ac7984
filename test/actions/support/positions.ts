/**
 * Client-side position arithmetic for the tests, written independently of the server's
 * PositionConverter: what an editor using `enc` would send and how it would apply an edit.
 */
export type Enc = 'utf-8' | 'utf-16' | 'utf-32';

function units(s: string, enc: Enc): number {
  if (enc === 'utf-16') return s.length;
  if (enc === 'utf-32') return [...s].length;
  return Buffer.byteLength(s, 'utf8');
}

/** Lines end at '\n' (a preceding '\r' belongs to the terminator), as LSP counts them. */
export function position(text: string, offset: number, enc: Enc): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line, character: units(text.slice(lineStart, offset), enc) };
}

export function offsetAt(text: string, pos: { line: number; character: number }, enc: Enc): number {
  let start = 0;
  for (let l = 0; l < pos.line; l++) start = text.indexOf('\n', start) + 1;
  let end = text.indexOf('\n', start);
  if (end === -1) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  let i = start;
  while (i < end && units(text.slice(start, i), enc) < pos.character) i += text.codePointAt(i)! > 0xffff ? 2 : 1;
  return i;
}

export interface LspTextEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** Applies non-overlapping edits (all computed against `text`), as an editor does. */
export function applyEdits(text: string, edits: readonly LspTextEdit[], enc: Enc): string {
  const spans = edits.map((e) => ({
    start: offsetAt(text, e.range.start, enc),
    end: offsetAt(text, e.range.end, enc),
    newText: e.newText,
  }));
  spans.sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}
