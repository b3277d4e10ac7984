import { indentWidth } from '../../../text/lines';
import type { Situation } from '../situation';
import type { StopRule } from './rule';

/**
 * Keyword-delimited blocks (`end`, `fi`) and plain text: the block is the indentation the
 * completion started at. A line indented less leaves it: the completion stops before it when the
 * suffix continues at that lower level (it has the closing line), else keeps it as the closing line.
 */
export function dedentRule(sit: Situation): StopRule {
  // Mid-line (after an opener) the block is deeper than the cursor line; at a line start, at the first line's level.
  let blockIndent: number | undefined = sit.atLineStart ? undefined : indentWidth(sit.linePrefix) + 1;
  return {
    onLine(line) {
      if (line.depth > 0) return undefined;
      if (blockIndent === undefined) {
        blockIndent = line.width;
        return undefined;
      }
      if (line.width >= blockIndent) return undefined;
      const next = sit.followingLines[0];
      const suffixCloses = next !== undefined && indentWidth(next) < blockIndent;
      return { index: suffixCloses ? line.start : line.end, reason: 'dedent' };
    },
  };
}
