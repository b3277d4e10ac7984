import type { Stage } from '../stage';

/** A line repeated this many times in a row means the model is looping. */
const LOOP_RUN = 3;

/** Lines too plain to call a repetition (`}`, `end`, `pass`, blank): they legitimately recur. */
function significant(line: string): boolean {
  const t = line.trim();
  return t.length >= 4 && /[A-Za-z0-9_]/.test(t) && !/^(end|pass|break|continue|else:?|return;?|\}.*)$/.test(t);
}

/**
 * Drops what a looping or restarting model repeats:
 * - at a line start, leading lines equal to the code line just above the cursor (the model restarted there);
 * - from the first run of LOOP_RUN identical consecutive lines on, everything but the run's first line.
 */
export const dropRepeatedLines: Stage = (text, sit) => {
  const lines = text.split('\n');
  let from = 0;
  if (sit.atLineStart) {
    const above = lastCodeLine(sit.prefix);
    while (from < lines.length - 1 && above !== undefined && significant(above) && lines[from].trim() === above.trim())
      from++;
  }
  let end = lines.length;
  for (let i = from; i + LOOP_RUN <= lines.length; i++) {
    if (!significant(lines[i])) continue;
    let run = 1;
    while (run < LOOP_RUN && lines[i + run].trim() === lines[i].trim()) run++;
    if (run === LOOP_RUN) {
      end = i + 1;
      break;
    }
  }
  return from === 0 && end === lines.length ? text : lines.slice(from, end).join('\n');
};

function lastCodeLine(prefix: string): string | undefined {
  const lines = prefix.replace(/\r/g, '').split('\n');
  lines.pop(); // the cursor line itself
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return lines[i];
  return undefined;
}
