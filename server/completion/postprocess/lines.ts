/** Line helpers for post-processing (LF text; a CR before a line break is not content). */

/** Width of the leading whitespace, a tab counting to the next multiple of `tabWidth` columns. */
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

/** The first `count` non-blank lines of `text`, each trimmed at the end (so without a CR). */
export function nonBlankLines(text: string, count: number): string[] {
  const out: string[] = [];
  let start = 0;
  while (out.length < count && start <= text.length) {
    const nl = text.indexOf('\n', start);
    const line = text.slice(start, nl === -1 ? text.length : nl).trimEnd();
    if (line.trim() !== '') out.push(line);
    if (nl === -1) break;
    start = nl + 1;
  }
  return out;
}

/**
 * `kept` (the completion cut before text that is already on the cursor line) joined to the rest of
 * the line `lineSuffix`: trailing white space goes when the line has its own or continues with a
 * closer or separator (`f(a|)`); it stays, once, before a word (`error, ` + `message)`).
 */
export function joinBeforeRest(kept: string, lineSuffix: string): string {
  const body = kept.trimEnd();
  const space = kept.slice(body.length);
  if (space === '' || space.includes('\n') || /^[ \t]/.test(lineSuffix) || !/^[\w"'`$@#\[{(]/.test(lineSuffix)) return body;
  return body + space;
}
