/** Line arithmetic on JS strings; '\n' ends a line and a '\r' before it is not content. */

export interface LineSpan {
  /** Offset of the first character. */
  start: number;
  /** Offset of the line break (or text length), '\r' excluded. */
  end: number;
}

/**
 * Offset of the first character of the line holding `offset`: just past the previous '\n', or 0.
 * An offset at a '\n' belongs to the line that '\n' ends. (`offset <= 0` is special-cased because
 * `lastIndexOf('\n', -1)` still looks at index 0.)
 */
export function lineStartAt(text: string, offset: number): number {
  return offset <= 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * Offset of the '\n' ending the line holding `offset` (`offset` itself when it is at a '\n'), or
 * the text length when no '\n' follows. A '\r' before the '\n' is NOT excluded; see lineAt.
 */
export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl;
}

export function lineAt(text: string, offset: number): LineSpan {
  const start = lineStartAt(text, offset);
  let end = lineEndAt(text, offset);
  if (end > start && text.charCodeAt(end - 1) === 13) end--;
  return { start, end: Math.max(end, Math.min(offset, text.length)) };
}

export function isBlank(text: string, line: LineSpan): boolean {
  return text.slice(line.start, line.end).trim() === '';
}

/** The nearest line above the one holding `offset` that has non-whitespace text. */
export function previousNonBlankLine(text: string, offset: number): LineSpan | undefined {
  let line = lineAt(text, offset);
  while (line.start > 0) {
    line = lineAt(text, line.start - 1);
    if (!isBlank(text, line)) return line;
  }
  return undefined;
}

/** The nearest line below the one holding `offset` that has non-whitespace text. */
export function nextNonBlankLine(text: string, offset: number): LineSpan | undefined {
  let line = lineAt(text, offset);
  for (;;) {
    const nl = text.indexOf('\n', line.end);
    if (nl === -1) return undefined;
    line = lineAt(text, nl + 1);
    if (!isBlank(text, line)) return line;
  }
}

/** Width of the leading whitespace of a line, in code units (a tab counts as one). */
export function indentOf(text: string, line: LineSpan): number {
  let i = line.start;
  while (i < line.end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - line.start;
}

/** Indentation of the line that holds `offset`. */
export function indentAt(text: string, offset: number): number {
  return indentOf(text, lineAt(text, offset));
}

/** Collapses a multi-line header to one line: "def f(\n    a,\n    b):" → "def f( a, b):". */
export function oneLine(text: string, max = 400): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
