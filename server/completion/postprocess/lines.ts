/** Line helpers. Post-processing works on LF text; the last stage restores the document's line ending. */

export function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

export function indentationOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Width of the leading whitespace, a tab counting as `tabWidth` columns. */
export function indentWidth(line: string, tabWidth = 4): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += tabWidth - (w % tabWidth);
    else break;
  }
  return w;
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Offset of the start of line `row` in `text` (rows split on LF). */
export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The text of the line containing the end of `text` (after its last LF, without a CR). */
export function lastLine(text: string): string {
  return text.slice(text.lastIndexOf('\n') + 1).replace(/\r$/, '');
}

/** The text of the first line of `text` (before its first LF, without a CR). */
export function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return (nl === -1 ? text : text.slice(0, nl)).replace(/\r$/, '');
}

/** The first `count` non-blank lines of `text`, each trimmed at the end; `text` is LF or CRLF. */
export function nonBlankLines(text: string, count: number, fromLine = 0): string[] {
  const out: string[] = [];
  let start = 0;
  let row = 0;
  while (out.length < count && start <= text.length) {
    const nl = text.indexOf('\n', start);
    const line = text.slice(start, nl === -1 ? text.length : nl).trimEnd();
    if (row >= fromLine && line.trim() !== '') out.push(line);
    if (nl === -1) break;
    start = nl + 1;
    row++;
  }
  return out;
}
