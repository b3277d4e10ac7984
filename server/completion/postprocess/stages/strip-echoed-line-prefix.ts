import type { Stage } from '../stage';

/** Shortest typed text worth recognising: shorter echoes are too likely to be a real continuation (`i` → `in`). */
const MIN_ECHO = 3;

/**
 * The join at the completion's start. Some models start their answer with the code already typed on the cursor line (`    return ` →
 * `return x`). When the completion begins with everything typed on the line (from its first
 * non-blank character), that part is dropped. Mid-line after typed white space, white space the
 * completion starts with is dropped too.
 */
export const stripEchoedLinePrefix: Stage = (text, sit) => {
  const typed = sit.linePrefix.trimStart();
  if (typed.length >= MIN_ECHO && text.startsWith(typed)) text = text.slice(typed.length);
  // The space already typed, written again (`return ` + ` x`): spaces join exactly once.
  if (!sit.atLineStart && /[ \t]$/.test(sit.linePrefix)) text = text.replace(/^[ \t]+(?=\S)/, '');
  return text;
};
