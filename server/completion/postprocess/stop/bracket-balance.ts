import { isBlankLine, lineStartAt } from '../../../text/lines';
import type { Situation } from '../situation';
import type { StopRule } from './rule';

/**
 * Brace languages. The completion should leave open exactly the brackets the suffix closes beyond
 * those open at the cursor (Situation.bracketTarget). A line that ends having closed more — a closer
 * the suffix already has, such as the end of the block the completion started in — is cut before
 * that closer, once the syntax tree confirms it is a bracket token (`} else {` reopens on the same
 * line and is fine). When the suffix closes more than is open at the cursor, the completion's own
 * closers count only once it has opened that many (or when it closes what the prefix opened). When every bracket open at the cursor is closed, the completion ends with that line (or, when the
 * next line goes on with a method chain such as `.catch(…)`, with the line that closes it).
 */
export function bracketBalanceRule(sit: Situation): StopRule {
  let rel = 0;
  let breach: number | undefined;
  let closedOnLine = false;
  /** End of the line that closed everything open at the cursor: the cut, unless a chain goes on below. */
  let closedAt: number | undefined;
  // Until the completion has opened what the suffix closes, its own closers are no breach.
  let reached = rel >= sit.bracketTarget;
  const breached = () => rel < sit.bracketTarget && (reached || rel < 0);
  return {
    onBracket(type, index) {
      if (type === 'open') {
        rel++;
        reached ||= rel >= sit.bracketTarget;
        return;
      }
      rel--;
      closedOnLine = true;
      if (breached()) breach ??= index;
    },
    onLineEnd(end, text) {
      if (closedAt !== undefined) {
        // The line after: a method chain going on (`.catch(…)`) belongs to the statement just closed.
        const line = text.slice(closedAt + 1, end).trim();
        if (line !== '' && !/^\??\./.test(line)) return { index: closedAt, reason: 'closed-block' };
        if (line !== '') closedAt = undefined;
      }
      const at = breach;
      const closed = closedOnLine;
      breach = undefined;
      closedOnLine = false;
      if (at !== undefined && breached()) {
        if (sit.syntax?.isBracketToken(text.slice(0, at + 1), at) === false) return undefined;
        const lineStart = lineStartAt(text, at);
        const before = (lineStart === 0 ? sit.linePrefix : '') + text.slice(lineStart, at);
        // Mid-line, the white space before the closer goes too: the suffix brings its own.
        return {
          index: isBlankLine(before) ? lineStart : at - (before.length - before.trimEnd().length),
          reason: 'closed-block',
        };
      }
      if (closed && sit.openBrackets > 0 && rel <= -sit.openBrackets) closedAt ??= end; // nothing open any more
      return undefined;
    },
  };
}
