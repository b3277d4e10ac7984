/**
 * Fitting model code into the document: the model sees the target dedented to column 0 and
 * answers the same way; here its answer is dedented again (models drift), converted to the
 * file's tabs-or-spaces, re-indented to the target's line and joined with the document's line
 * ending, so a CRLF file gets CRLF and never a lone '\r' or '\n' mid-insert.
 */

import { type Eol, lineStartAt } from '../text/lines';

/** The leading whitespace of the line holding `offset`. */
export function lineIndent(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  return /^[ \t]*/.exec(text.slice(start, start + 400))![0];
}

/** Lines with '\n' endings, without leading and trailing blank lines or trailing whitespace. */
function cleanLines(code: string): string[] {
  const lines = code
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''));
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Removes the indentation all non-blank lines share. */
export function dedent(code: string): string {
  const lines = cleanLines(code);
  const widths = lines.filter((l) => l !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const common = widths.length ? Math.min(...widths) : 0;
  return lines.map((l) => l.slice(common)).join('\n');
}

/**
 * The target as the model sees it: its first line starts at the target, the following lines lose
 * the target line's indentation, so the code sits at column 0.
 */
export function targetCode(text: string, start: number, end: number): string {
  const indent = lineIndent(text, start);
  const lines = text.slice(start, end).replace(/\r\n?/g, '\n').split('\n');
  return lines.map((l, i) => (i > 0 && l.startsWith(indent) ? l.slice(indent.length) : l)).join('\n');
}

export interface IndentStyle {
  tabs: boolean;
  /** Spaces per level (for converting tab-indented answers). */
  width: number;
}

/** How `sample` (the target's code) indents: tabs, or the smallest space step seen (default 4). */
export function indentStyle(sample: string): IndentStyle {
  let tabs = 0;
  let spaces = 0;
  let width = 0;
  for (const line of sample.split('\n')) {
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead === '' || line.trim() === '') continue;
    if (lead.startsWith('\t')) tabs++;
    else {
      spaces++;
      width = width === 0 ? lead.length : Math.min(width, lead.length);
    }
  }
  return { tabs: tabs > spaces, width: width >= 2 && width <= 8 ? width : 4 };
}

/** Converts leading indentation between tabs and spaces; a mixed answer keeps what it has. */
export function convertIndentation(code: string, style: IndentStyle): string {
  const lines = code.split('\n');
  if (style.tabs) {
    const answer = indentStyle(code);
    if (answer.tabs) return code;
    return lines
      .map((l) =>
        l.replace(
          /^ +/,
          (lead) => '\t'.repeat(Math.floor(lead.length / answer.width)) + ' '.repeat(lead.length % answer.width),
        ),
      )
      .join('\n');
  }
  return lines.map((l) => l.replace(/^\t+/, (lead) => ' '.repeat(lead.length * style.width))).join('\n');
}

/** Code at column 0 → text to put at a position whose line is indented by `indent`. */
export function placeCode(code: string, indent: string, eol: Eol): string {
  return code
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : indent + l))
    .join(eol);
}

/** One step: the model's code, fitted to replace a target whose line is indented by `indent`. */
export function fitCode(answer: string, opts: { indent: string; eol: Eol; style: IndentStyle }): string {
  return placeCode(convertIndentation(dedent(answer), opts.style), opts.indent, opts.eol);
}
