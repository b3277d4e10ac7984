import { isBlankLine } from '../../../text/lines';
import type { Situation } from '../situation';
import type { StopRule } from './rule';

/** Consecutive lines of the suffix a completion must repeat before the stream is stopped for it. */
const REGEN_LINES = 2;

/**
 * The completion starts repeating the lines that follow the cursor: it is cut where the repetition
 * starts. While streaming that takes REGEN_LINES repeated lines; at the end, repeated lines up to
 * the end of the completion (the last one possibly cut off) are enough. Lines compare with their
 * indentation (code recurs at other depths, a regeneration does not), and a run of closers alone
 * (`}`, `);`) is no evidence.
 */
export function suffixRegenRule(sit: Situation): StopRule {
  const following = sit.followingLines;
  return {
    onText(text, final) {
      if (following.length === 0) return undefined;
      const lines = text.split('\n');
      const complete = final ? lines.length : lines.length - 1;
      let start = 0;
      for (let i = 0; i < complete; start += lines[i].length + 1, i++) {
        if ((i === 0 && !sit.atLineStart) || isBlankLine(lines[i])) continue;
        const run = repeatedRun(lines, i, complete, final);
        if (run.evidence && (run.matched >= Math.min(REGEN_LINES, following.length) || run.toEnd))
          return { index: start, reason: 'suffix-regen' };
      }
      return undefined;
    },
  };

  function repeatedRun(
    lines: string[],
    from: number,
    complete: number,
    final: boolean,
  ): { matched: number; evidence: boolean; toEnd: boolean } {
    let matched = 0;
    let evidence = false;
    let j = from;
    for (; j < complete && matched < following.length; j++) {
      const line = (j === 0 ? sit.linePrefix : '') + lines[j].trimEnd();
      if (line.trim() === '') continue;
      const want = following[matched];
      if (line === want) {
        matched++;
        evidence ||= /\w/.test(line);
        continue;
      }
      // The model was cut off inside a repeated line.
      const partial = final && j === lines.length - 1 && matched > 0 && want.startsWith(lines[j]);
      return { matched, evidence, toEnd: partial };
    }
    return { matched, evidence, toEnd: final && j >= complete && matched > 0 };
  }
}
