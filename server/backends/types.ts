/**
 * The Backend seam: one call that streams text, abortable, plus what the backend can do.
 * Backends never see documents or LSP types: the prompt layer has already decided what to send.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Extra files shown to a FIM model before the current file (Qwen/StarCoder file-separator style). */
export interface ContextFile {
  path: string;
  text: string;
}

export type ModelInput =
  | {
      kind: 'fim';
      prefix: string;
      suffix: string;
      /** Path of the current file, relative to the workspace when possible. */
      filePath: string;
      languageId: string;
      /** Context snippets already within budget, rendered by the FIM template. */
      context: ContextFile[];
      /** Workspace folder name, for templates with a repository token (Qwen `<|repo_name|>`, StarCoder2 `<repo_name>`). */
      repoName?: string;
    }
  | {
      kind: 'chat';
      messages: ChatMessage[];
      /** The file the messages quote (a code action's document): the redaction gate judges them as its text. Never sent. */
      redactHint?: { path?: string; languageId?: string };
    };

/** The fill-in-the-middle form of ModelInput. */
export type FimInput = Extract<ModelInput, { kind: 'fim' }>;

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

/** Long-running work (workspace indexing) shown to the user, e.g. as LSP `$/progress`. */
export interface ProgressReporter {
  begin(title: string): void;
  /** `percent` in 0..100. */
  report(percent: number, message?: string): void;
  end(): void;
}
