/**
 * The Backend seam: one call that streams text, abortable, plus what the backend can do.
 * Backends never see documents or LSP types: the prompt layer has already decided what to send.
 */

import type { ModelInput } from '../model/input';

export interface BackendRequest {
  input: ModelInput;
  stop: string[];
  maxTokens: number;
  temperature: number;
  /** Several choices (inline completion invoked by hand). Pieces carry their choice index. */
  n?: number;
}

/** One streamed piece of text for one choice. */
export interface StreamPiece {
  choice: number;
  text: string;
}

export interface BackendCapabilities {
  fim: boolean;
  chat: boolean;
}

export interface Backend {
  /** e.g. `openai`, `ollama`, `local`. */
  readonly name: string;
  readonly model: string;
  readonly capabilities: BackendCapabilities;
  /** Streams text pieces. Aborting `signal` closes the underlying request; the iterator then ends or throws a `BackendError` of kind `cancelled`. */
  complete(request: BackendRequest, signal: AbortSignal): AsyncIterable<StreamPiece>;
  /**
   * Gets ready for the first request (opens the connection, runs the client's code paths once):
   * called when someone is about to type. Sends no document content.
   */
  warm?(): void;
  /** Releases sockets, indexes, timers. */
  dispose?(): void;
}

export type BackendErrorKind =
  | 'cancelled'
  | 'unreachable'
  | 'timeout'
  | 'auth'
  | 'model-not-found'
  | 'rate-limited'
  | 'server'
  | 'bad-response'
  | 'config';

/** A failure with a kind (for once-per-kind user messages) and a message a user can act on. */
export class BackendError extends Error {
  constructor(
    readonly kind: BackendErrorKind,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}
