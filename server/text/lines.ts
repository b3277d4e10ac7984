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
  return isBlankLine(text.slice(line.start, line.end));
}

/** A line (or any text) with nothing but whitespace. */
export function isBlankLine(line: string): boolean {
  return line.trim() === '';
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

/** Width of the leading whitespace of a line, in code units (a tab counts as one); see indentWidth for columns. */
export function indentOf(text: string, line: LineSpan): number {
  let i = line.start;
  while (i < line.end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i - line.start;
}

/** Width of the leading whitespace in columns, a tab counting to the next multiple of `tabWidth`. */
export function indentWidth(line: string, tabWidth = 4): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += tabWidth - (w % tabWidth);
    else break;
  }
  return w;
}

/** The first `count` non-blank lines of `text`, each trimmed at the end (so without a CR). */
export function nonBlankLines(text: string, count: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < count && start <= text.length) {
    const nl = text.indexOf('\n', start);
    const line = text.slice(start, nl === -1 ? text.length : nl).trimEnd();
    if (!isBlankLine(line)) out.push(line);
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
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

export type Eol = '\r\n' | '\n';

/** The document's line ending: that of its first line break ('\n' when it has none). */
export function documentEol(text: string): Eol {
  return eolOfBreak(text, text.indexOf('\n'));
}

/** The line ending at `offset`: of its line, else of the line above, else LF (mixed documents exist). */
export function eolAt(text: string, offset: number): Eol {
  let nl = text.indexOf('\n', offset);
  if (nl === -1) nl = text.lastIndexOf('\n', offset - 1);
  return eolOfBreak(text, nl);
}

function eolOfBreak(text: string, nl: number): Eol {
  return nl > 0 && text.charCodeAt(nl - 1) === 13 ? '\r\n' : '\n';
}
