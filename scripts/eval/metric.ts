/**
 * The truncation metric, as /work/shared/evals/README.md defines it. Texts are compared after
 * normalisation: CRLF becomes LF, trailing white space is stripped from each line, blank lines are
 * dropped.
 */

export function normalise(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line) => line !== '')
    .join('\n');
}

export interface Verdict {
  /** prefix + output + suffix equals prefix + middle + suffix. */
  restored: boolean;
  /** Not restored, and not a prefix of the middle: wrong code in the buffer. */
  harm: boolean;
  empty: boolean;
}

export function judge(task: { prefix: string; suffix: string; middle: string }, output: string): Verdict {
  const empty = normalise(output) === '';
  const restored = normalise(task.prefix + output + task.suffix) === normalise(task.prefix + task.middle + task.suffix);
  const harm = !restored && !normalise(task.middle).startsWith(normalise(output));
  return { restored, harm, empty };
}
