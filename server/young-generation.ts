/**
 * Caps V8's young generation: under a burst of opens it grows to 32 MB, resident for good. Process
 * tuning with no other dependency, so the lowest layer: lsp/memory.ts starts it, and the workspace
 * index's parsing thread puts the cap back after a worker start resets V8's flags.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import * as v8 from 'node:v8';

/** The young generation stops growing here: at the starting 2 MB requests were ~30 % slower (scavenges promote more); at 4 MB as fast as at 32. */
const YOUNG_GENERATION_BYTES = 4 * 1024 * 1024;

let capped = false;

/** A flag V8 reads at each growth (--max-semi-space-size is read only at start-up, too late from here). */
export function keepYoungGenerationSmall(): void {
  const observer = new PerformanceObserver(() => {
    const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    if (!young || young.space_size < YOUNG_GENERATION_BYTES) return;
    capped = true;
    reapplyHeapFlags();
    observer.disconnect();
  });
  observer.observe({ entryTypes: ['gc'] });
}

/**
 * A worker thread, as it starts, sets V8's flags back to their defaults for the whole process: while
 * the workspace index built, the young generation then grew to 32 MB. Called once a worker is online.
 */
export function reapplyHeapFlags(): void {
  if (capped) v8.setFlagsFromString('--semi-space-growth-factor=1');
}
