import { indentWidth } from '../../../text/lines';
import type { Situation } from '../situation';
import type { StopRule } from './rule';

/**
 * At the top level of a file (no block around the cursor, the completion writing at column 0), a
 * completion is one paragraph: after a blank line, a new line at column 0 starts unrelated code.
 */
export function topLevelRule(sit: Situation): StopRule {
  const outside =
    sit.rules.family === 'braces' ? sit.openBrackets === 0 : sit.unitIndent === undefined || sit.atLineStart;
  let topLevel = !sit.atLineStart && outside && indentWidth(sit.linePrefix) === 0 ? true : undefined;
  return {
    onLine(line) {
      if (topLevel === undefined) {
        topLevel = outside && line.width === 0 && line.depth === 0;
        return undefined;
      }
      if (topLevel && line.blankBefore && line.width === 0 && line.depth === 0)
        return { index: line.start, reason: 'top-level-paragraph' };
      return undefined;
    },
  };
}
