import type { BackendError } from '../backends/types';

/** How much the model is asked to write: the rest of the line, or a block of lines. */
export type CompletionMode = 'line' | 'block';

/** Milliseconds per named stage of one request, in the order they ran. */
export type Timings = Record<string, number>;

export type CompletionOutcome =
  | {
      kind: 'ok';
      /** Post-processed suggestions, ready to insert at the cursor (document line endings), never empty strings. */
      choices: string[];
      mode: CompletionMode;
      timings: Timings;
      /** The stream was stopped (and the request aborted) before the model finished. */
      stoppedEarly: boolean;
    }
  | {
      kind: 'empty' | 'cancelled' | 'error';
      /** Why nothing is shown, in words fit for a debug log. */
      reason: string;
      timings: Timings;
      error?: BackendError;
    };

/** Records the duration of consecutive stages: `lap('extent')` closes the stage that started at the previous lap. */
export class Stopwatch {
  readonly timings: Timings = {};
  private last = performance.now();

  lap(stage: string): number {
    const now = performance.now();
    const ms = Math.round((now - this.last) * 1000) / 1000;
    this.timings[stage] = (this.timings[stage] ?? 0) + ms;
    this.last = now;
    return ms;
  }
}
