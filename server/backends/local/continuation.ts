/**
 * What the offline engine proposes once it knows where in the corpus the cursor's context occurred:
 * the source text from there to the end of the line (or the next line, when that one is empty), or
 * to the end of the block when the cursor sits after a block opener. Lines are re-indented from the
 * source's indentation to the cursor line's.
 */

import { lineEndAt, lineStartAt } from '../../text/lines';

export type Extent = 'line' | 'brace-block' | 'indent-block';

const TAB_WIDTH = 4;
const MAX_BLOCK_LINES = 40;

const indentOf = (line: string): string => /^[ \t]*/.exec(line)![0];
/** Indentation of the line holding offset `at`. */
function indentAt(text: string, at: number): string {
  const start = lineStartAt(text, at);
  let end = start;
  while (text[end] === ' ' || text[end] === '\t') end++;
  return text.slice(start, end);
}
const widthOf = (indent: string): number => [...indent].reduce((w, c) => w + (c === '\t' ? TAB_WIDTH : 1), 0);

/** Moves a line from an anchor at indentation `srcWidth` to one at `dst`, keeping its depth relative to the anchor. */
function reindent(line: string, srcWidth: number, dst: string): string {
  const body = line.trimStart();
  if (body === '') return '';
  const width = Math.max(0, widthOf(dst) + widthOf(indentOf(line)) - srcWidth);
  const indent = dst.includes('\t')
    ? '\t'.repeat(Math.floor(width / TAB_WIDTH)) + ' '.repeat(width % TAB_WIDTH)
    : ' '.repeat(width);
  return indent + body;
}

/** Offset of the end of the line where a brace block opened before `from` closes; the size limit cuts a longer block. */
function braceBlockEnd(text: string, from: number, maxChars: number): number {
  let depth = 1;
  let quote = '';
  let lines = 0;
  const limit = Math.min(text.length, from + maxChars);
  for (let i = from; i < limit; i++) {
    const c = text[i];
    if (c === '\n') {
      if (++lines > MAX_BLOCK_LINES) return i;
      if (quote !== '`') quote = '';
      continue;
    }
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '/' && text[i + 1] === '/') i = lineEndAt(text, i) - 1;
    else if (c === '{' || c === '(' || c === '[') depth++;
    else if ((c === '}' || c === ')' || c === ']') && --depth === 0) return lineEndAt(text, i);
  }
  return limit;
}

/** End of the lines indented deeper than `openerWidth` that start at or after `from`. */
function indentBlockEnd(text: string, from: number, openerWidth: number): number {
  let end = lineEndAt(text, from);
  let pos = end + 1;
  for (let lines = 0; pos < text.length && lines < MAX_BLOCK_LINES; lines++) {
    const e = lineEndAt(text, pos);
    const line = text.slice(pos, e);
    if (line.trim() !== '') {
      if (widthOf(indentOf(line)) <= openerWidth) break;
      end = e;
    }
    pos = e + 1;
  }
  return end;
}

export interface ContinuationOptions {
  extent: Extent;
  /**
   * Lines after the first keep their depth relative to an anchor line: the source line holding
   * `anchorAt` (the block opener, or the start of the proposal) maps to `indent` in the target.
   */
  anchorAt: number;
  indent: string;
  maxChars: number;
}

/** The proposal taken from `text` starting at `from`; '' when there is nothing useful. */
export function continuation(text: string, from: number, opts: ContinuationOptions): string {
  let end: number;
  if (opts.extent === 'brace-block') {
    end = braceBlockEnd(text, from, opts.maxChars);
  } else if (opts.extent === 'indent-block') {
    end = indentBlockEnd(text, from, widthOf(indentAt(text, opts.anchorAt)));
  } else {
    end = lineEndAt(text, from);
    // Nothing left on this line: propose the next line instead.
    if (text.slice(from, end).trim() === '' && end < text.length) {
      const next = lineEndAt(text, end + 1);
      if (text.slice(end + 1, next).trim() === '') return '';
      end = next;
    }
  }
  const srcWidth = widthOf(indentAt(text, opts.anchorAt));
  const lines = text
    .slice(from, Math.min(end, from + opts.maxChars))
    .replace(/\r/g, '')
    .split('\n');
  const out = [lines[0].trimEnd(), ...lines.slice(1).map((l) => reindent(l, srcWidth, opts.indent).trimEnd())];
  while (out.length > 1 && out[out.length - 1] === '') out.pop();
  const joined = out.join('\n');
  return joined.trim() === '' ? '' : joined;
}
