import type { Stage } from '../stage';
import { isBlankLine } from '../../../text/lines';

/**
 * Fits the completion's end to the cursor line. Trailing white space goes from every line and
 * trailing blank lines from the end; then the end is shaped
 * for the cursor: when the rest of the cursor line is empty the completion ends without a line break
 * (the document has one), and so it does in the indentation before closers only (`    |}`: the
 * completion is the block's content, the closers stay on its last line); at the start of a line
 * that has code after the cursor, the inserted lines
 * end with a line break and the cursor line's indentation, so that code keeps its place — unless
 * the completion is one line that cannot end there (`self.`, `defer `): then it joins that code.
 * Mid-line before closers (`{|}`), a one-line body stays on the line and a longer one ends with a
 * break and the line's indentation. A single-line completion before text on the line keeps its
 * trailing space (`a, ` before `b)`).
 */
const ONLY_CLOSERS = /^(\s*[)\]}])+\s*[;,]?\s*$/;
/** A one-line completion ending like this (white space, a member dot, an operator or opener) goes on on the same line. */
const JOINS_NEXT = /(\S[ \t]+|[.([{,=+\-*/%&|!<>~^?@])$/;

export const fitEndToLine: Stage = (text, sit) => {
  const lines = text.split('\n');
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) lines[i] = lines[i].trimEnd();
  const joined = lines.join('\n');
  if (isBlankLine(sit.lineSuffix)) return joined.trimEnd();
  if (sit.atLineStart) {
    // In the indentation before closers only (`    |}`): the closers stay on the completion's last line.
    if (ONLY_CLOSERS.test(sit.lineSuffix) && sit.linePrefix !== '') return joined.trimEnd();
    const body = joined.trimEnd();
    // One line that cannot end a statement (`self.`, `return await `) is the start of the cursor
    // line's code: it joins that line instead of being inserted above it.
    if (last === 0 && JOINS_NEXT.test(joined))
      return joined.replace(/([ \t])[ \t]*$/, /^[ \t]/.test(sit.lineSuffix) ? '' : '$1');
    return body === '' ? '' : `${body}\n${sit.linePrefix}`;
  }
  // Spaces exactly once where the completion meets the rest of the line.
  if (last === 0) return /^[ \t]/.test(sit.lineSuffix) ? joined.trimEnd() : joined;
  const body = joined.replace(/\n[ \t\n]*$/, '');
  // Before closers on the cursor line (`{|}`): a one-line body stays on the line; a body of several
  // lines ends with a break and the line's indentation, so the closers get a line of their own.
  if (ONLY_CLOSERS.test(sit.lineSuffix) && !body.includes('\n')) return body;
  return /\n[ \t]*$/.test(joined) ? `${body}\n${sit.indentation}` : joined;
};
