import type { Situation } from './situation';

/** One post-processing step: the completion so far (LF line endings until the last stage) → kept text, or null to drop it. */
export type Stage = (text: string, situation: Situation) => string | null;

export interface NamedStage {
  name: string;
  run: Stage;
}
