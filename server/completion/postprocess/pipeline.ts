import type { Timings } from '../outcome';
import type { NamedStage } from './stage';
import type { Situation } from './situation';
import { applyStopRules } from './stages/apply-stop-rules';
import { balanceClosers } from './stages/balance-closers';
import { dropRepeatedLines } from './stages/drop-repeated-lines';
import { limitLines } from './stages/limit-lines';
import { normalizeLineEndings } from './stages/normalize-line-endings';
import { rejectNewSyntaxErrors } from './stages/reject-new-syntax-errors';
import { restoreLineEndings } from './stages/restore-line-endings';
import { stripEchoedLinePrefix } from './stages/strip-echoed-line-prefix';
import { trimRestOfLineEcho } from './stages/trim-rest-of-line-echo';
import { fitEndToLine } from './stages/fit-end-to-line';

/** The post-processing stages, in order. Each is tested alone on golden fixtures (test/fixtures/postprocess/<name>/). */
export const STAGES: readonly NamedStage[] = [
  { name: 'normalize-line-endings', run: normalizeLineEndings },
  { name: 'strip-echoed-line-prefix', run: stripEchoedLinePrefix },
  { name: 'apply-stop-rules', run: applyStopRules },
  { name: 'trim-rest-of-line-echo', run: trimRestOfLineEcho },
  { name: 'balance-closers', run: balanceClosers },
  { name: 'drop-repeated-lines', run: dropRepeatedLines },
  { name: 'limit-lines', run: limitLines },
  { name: 'fit-end-to-line', run: fitEndToLine },
  { name: 'reject-new-syntax-errors', run: rejectNewSyntaxErrors },
  { name: 'restore-line-endings', run: restoreLineEndings },
];

/** The stages after a streamed completion: its stop rules ran while it streamed, on the same LF text. */
export const AFTER_STREAM: readonly NamedStage[] = STAGES.filter((stage) => stage.name !== 'apply-stop-rules');

export interface PostprocessResult {
  text: string | null;
  /** The stage that dropped the completion (returned null or left nothing). */
  droppedBy?: string;
}

/** Runs every stage; null as soon as one drops the completion or nothing but white space is left. */
export function postprocess(
  raw: string,
  sit: Situation,
  timings?: Timings,
  stages: readonly NamedStage[] = STAGES,
): PostprocessResult {
  let text: string | null = raw;
  for (const stage of stages) {
    const start = timings ? performance.now() : 0;
    text = stage.run(text, sit);
    if (timings) timings[`stage:${stage.name}`] = (timings[`stage:${stage.name}`] ?? 0) + (performance.now() - start);
    if (text === null || text.trim() === '') return { text: null, droppedBy: stage.name };
  }
  return { text };
}
