/**
 * Whether a request is being answered right now. Background warm-up (a first parse, compiling a
 * grammar's queries, lexing a document) runs one step per event-loop turn, and a step that lands
 * between the turns of a request in flight (its model call, its setImmediate) holds that request
 * up by as long as the step takes: steps wait until no request is in flight, or at most
 * MAX_WAIT_MS: a request is in flight for as long as its model takes to answer, and someone
 * typing steadily keeps one in flight nearly all the time (the first parse of the file being
 * typed in would otherwise never finish).
 */
let active = 0;
let lastEnded = 0;

/** Runs `work` as a request in flight. */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
  active++;
  try {
    return await work();
  } finally {
    active--;
    lastEnded = performance.now();
  }
}

/** How long no request has been in flight, in ms (0 while one is). */
export function quietForMs(): number {
  return active > 0 ? 0 : performance.now() - lastEnded;
}

const MAX_WAIT_MS = 50;

/** Calls `step` at a later turn when no request is in flight (or once one has been for MAX_WAIT_MS). */
export function whenNoRequest(step: () => void): void {
  const since = performance.now();
  const go = (): void => {
    if (active > 0 && performance.now() - since < MAX_WAIT_MS) setTimeout(go, 1);
    else step();
  };
  setImmediate(go);
}
