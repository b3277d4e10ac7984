import type { Stage } from '../stage';
import { isBlank } from '../lines';

/**
 * Trailing white space goes from every line and trailing blank lines from the end. The end is shaped
 * for the cursor: when the rest of the cursor line is empty the completion ends without a line break
 * (the document has one), and so it does before closers only when the cursor is past column 0
 * (`    |}`: the completion is the block's content, the closer stays on its line); at the start of a
 * line that has code after the cursor, the inserted lines
 * end with a line break and the cursor line's indentation, so that code keeps its place.
 * A single-line completion before text on the line keeps its trailing space (`a, ` before `b)`).
 */
const ONLY_CLOSERS = /^(\s*[)\]}])+\s*[;,]?\s*$/;

export const trimTrailingWhitespace: Stage = (text, sit) => {
  const lines = text.split('\n');
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) lines[i] = lines[i].trimEnd();
  const joined = lines.join('\n');
  // Nothing after the cursor, or only closers with the cursor past column 0: the completion ends where they begin.
  if (isBlank(sit.lineSuffix) || (ONLY_CLOSERS.test(sit.lineSuffix) && sit.linePrefix !== '')) return joined.trimEnd();
  if (sit.atLineStart) {
    const body = joined.trimEnd();
    return body === '' ? '' : body + '\n' + sit.linePrefix;
  }
  if (last === 0) return joined;
  const body = joined.replace(/\n[ \t\n]*$/, '');
  // Before text on the cursor line (`{|}`): the lines end with a break and the line's indentation.
  return /\n[ \t]*$/.test(joined) ? body + '\n' + sit.indentation : joined;
};
