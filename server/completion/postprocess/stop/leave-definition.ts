import type { Situation } from '../situation';
import type { StopRule } from './rule';

/**
 * Indentation languages. The completion may restructure anything inside the outermost definition
 * (or top-level statement) around the cursor — dedents included — but a line back at that
 * definition's own level (`def other():`, new top-level code) starts unrelated code. Comment lines
 * just before it go with it; `else:`-like continuations do not count. When the completion's first
 * line is at that level itself, there is nothing to leave.
 */
export function leaveDefinitionRule(sit: Situation): StopRule {
  let unit = sit.unitIndent;
  let seenCode = !sit.atLineStart; // mid-line, the cursor line is the first line
  let commentRun: number | undefined;
  return {
    onLine(line) {
      if (!seenCode) {
        seenCode = true; // the first line, comment or code, shows the level the completion writes at
        if (unit !== undefined && line.width <= unit) unit = undefined;
        return undefined;
      }
      if (unit === undefined || line.width > unit) {
        if (!line.comment) commentRun = undefined;
        return undefined;
      }
      if (line.comment) {
        if (line.depth === 0) commentRun ??= line.start;
        return undefined;
      }
      // Inside brackets the completion opened layout is free, but not back at the definition's level.
      if (line.depth === 0 && sit.rules.continuation?.test(line.text.trim())) return undefined;
      return { index: line.depth === 0 ? (commentRun ?? line.start) : line.start, reason: 'left-definition' };
    },
  };
}
