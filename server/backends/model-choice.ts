/**
 * Which of a server's models to use when none is configured: one we have FIM tokens for, a code
 * model, a base model (better at infilling than its instruct twin); never an embedding model.
 */
import { templateForModel } from '../prompt/fim-mode';

function score(model: string): number {
  let s = 0;
  if (/embed|rerank|whisper|tts|vision|clip/i.test(model)) s -= 100;
  if (templateForModel(model)) s += 4;
  if (/cod(e|er|ing)/i.test(model)) s += 2;
  if (/instruct|chat|-it\b/i.test(model)) s -= 1;
  return s;
}

/** The best-scoring model, the server's order breaking ties; undefined for an empty list or only unusable models. */
export function pickModel(models: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -Infinity;
  for (const m of models) {
    const s = score(m);
    if (s > bestScore) [best, bestScore] = [m, s];
  }
  return bestScore > -100 ? best : undefined;
}
