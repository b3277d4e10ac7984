import { isBlankLine } from '../../../text/lines';
import type { Situation } from '../situation';
import type { StopRule } from './rule';

/** Line mode: the completion is the rest of the cursor line. */
export function firstLineRule(sit: Situation): StopRule {
  // At the start of a line that has code after the cursor, the one line is inserted above it, break included.
  const keepBreak = sit.atLineStart && !isBlankLine(sit.lineSuffix);
  return {
    onText(text, final) {
      const nl = text.indexOf('\n');
      if (nl !== -1) return { index: keepBreak ? nl + 1 : nl, reason: 'first-line' };
      return final ? { index: text.length, reason: 'first-line' } : undefined;
    },
  };
}
