/**
 * Whether a request is being answered right now. Background warm-up (a first parse, compiling a
 * grammar's queries, lexing a document) runs one step per event-loop turn, and a step that lands
 * between the turns of a request in flight (its model call, its setImmediate) holds that request
 * up by as long as the step takes: steps wait until no request is in flight.
 */
let active = 0;

/** Runs `work` as a request in flight. */
export async function inForeground<T>(work: () => Promise<T>): Promise<T> {
  active++;
  try {
    return await work();
  } finally {
    active--;
  }
}

/** Calls `step` at a later turn when no request is in flight. */
export function whenNoRequest(step: () => void): void {
  const go = (): void => {
    if (active > 0) setTimeout(go, 1);
    else step();
  };
  setImmediate(go);
}
