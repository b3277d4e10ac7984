import type { Stage } from '../stage';

/** Shortest typed text worth recognising: shorter echoes are too likely to be a real continuation (`i` → `in`). */
const MIN_ECHO = 3;

/**
 * Some models start their answer with the code already typed on the cursor line (`    return ` →
 * `return x`). When the completion begins with everything typed on the line (from its first
 * non-blank character), that part is dropped.
 */
export const stripEchoedLinePrefix: Stage = (text, sit) => {
  const typed = sit.linePrefix.trimStart();
  if (typed.length < MIN_ECHO || !text.startsWith(typed)) return text;
  return text.slice(typed.length);
};
