/**
 * The one exit gate every prompt passes, whichever feature built it (DESIGN.md, security invariants):
 * a wrapper around the chosen backend that redacts the request with privacy/redact and caps the answer.
 */
import { redactModelInput } from '../privacy/redact';
import { type Backend, BackendError, type BackendRequest, type StreamPiece } from './types';

/** Most characters one answer may have: the setting, and never more than 32 per requested token. */
function answerCap(maxAnswerChars: number, maxTokens: number): number {
  return Math.min(maxAnswerChars, Math.max(4096, maxTokens * 32));
}

/**
 * The single point where prompts leave the process and answers come in: secrets in any text are
 * replaced by placeholders before the backend sees the request, and an answer longer than the cap
 * (a 100 MB answer became a 105 MB edit; a 5 MB line a 5 MB completion item) ends the request
 * with an error instead of growing without bound.
 */
export class GatedBackend implements Backend {
  constructor(
    readonly inner: Backend,
    private readonly maxAnswerChars: () => number,
  ) {}
  get name() {
    return this.inner.name;
  }
  get model() {
    return this.inner.model;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  async *complete(request: BackendRequest, signal: AbortSignal): AsyncIterable<StreamPiece> {
    const cap = answerCap(this.maxAnswerChars(), request.maxTokens);
    const sizes = new Map<number, number>();
    for await (const piece of this.inner.complete({ ...request, input: redactModelInput(request.input) }, signal)) {
      const size = (sizes.get(piece.choice) ?? 0) + piece.text.length;
      sizes.set(piece.choice, size);
      // Leaving the loop closes the inner stream, and with it the HTTP request.
      if (size > cap)
        throw new BackendError(
          'bad-response',
          `The model's answer passed ${cap.toLocaleString('en')} characters and was not used (backend.maxAnswerChars; a model that does not stop, or a server sending something else).`,
        );
      yield piece;
    }
  }
  warm() {
    this.inner.warm?.();
  }
  dispose() {
    this.inner.dispose?.();
  }
}
