import { indentWidth } from '../../../text/lines';
import type { Situation } from '../situation';
import type { StopRule } from './rule';

/**
 * A line completion widened by its first line (stream-stop's firstLineOpens) ends where what that
 * line opened closes:
 * - `brackets`: at the end of the first later line where the completion's bracket balance is back
 *   at the level the document needs (Situation.bracketTarget, at most 0): `];`, `}`, `});` — or,
 *   when the next line goes on with a method chain (`.catch(…)`), where that closes;
 * - `header` (a line ending with a block opener): brace languages as for brackets; indentation
 *   and keyword languages before the first code line indented no deeper than the header (a
 *   continuation such as `else:` stays; keyword languages keep an `end` at the header's level).
 */
export function widenedBlockRule(sit: Situation, opens: 'brackets' | 'header'): StopRule {
  const base = Math.min(sit.bracketTarget, 0);
  const headerWidth = indentWidth(sit.linePrefix);
  let rel = 0;
  let firstLineDone = false;
  /** End of the line where what the first line opened closed; the cut, unless a chain goes on below. */
  let closedAt: number | undefined;
  const byBrackets = opens === 'brackets' || sit.rules.family === 'braces';
  return {
    onBracket(type) {
      rel += type === 'open' ? 1 : -1;
    },
    onLineEnd(end, text) {
      if (!firstLineDone) {
        firstLineDone = true;
        return undefined;
      }
      if (closedAt !== undefined) {
        // The line after the close: a method chain going on (`.catch(…)`) belongs to the statement.
        const line = text.slice(closedAt + 1, end).trim();
        if (line === '') return undefined;
        if (!/^\??\./.test(line)) return { index: closedAt, reason: 'closed-block' };
        closedAt = undefined;
      }
      if (byBrackets && rel <= base) closedAt = end;
      return undefined;
    },
    onLine(line) {
      if (byBrackets || line.start === 0 || line.depth > 0) return undefined;
      if (line.width > headerWidth) return undefined;
      const code = line.text.trim();
      if (sit.rules.continuation?.test(code)) return undefined;
      if (sit.rules.family === 'keywords')
        return /^(end|fi|done|esac|\})\b/.test(code)
          ? { index: line.end, reason: 'dedent' }
          : { index: line.start, reason: 'dedent' };
      return { index: line.start, reason: 'dedent' };
    },
  };
}
