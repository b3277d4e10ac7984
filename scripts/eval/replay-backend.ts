import {
  BackendError,
  type Backend,
  type BackendCapabilities,
  type BackendRequest,
  type StreamPiece,
} from '../../server/backends/types';

export interface ReplayOptions {
  /** Characters per streamed piece, roughly (pieces break at token-like boundaries). Default 8. */
  chunkChars?: number;
}

/**
 * A Backend that replays a recorded model output instead of calling a model: it streams `raw` in
 * token-like pieces, honours stop sequences the way OpenAI-compatible servers do (the output ends
 * before the first occurrence, which is not included) and stops when the request is aborted.
 * maxTokens is not applied: the recording already ended where the model ended.
 * With n > 1 every choice replays the same text.
 */
export class ReplayBackend implements Backend {
  readonly name = 'replay';
  readonly model = 'recorded';
  readonly capabilities: BackendCapabilities = { fim: true, chat: false };
  /** Pieces handed out so far, over all requests (to observe early stops). */
  piecesSent = 0;
  /** The last request and its signal, as the caller sent them. */
  lastRequest: BackendRequest | undefined;
  lastSignal: AbortSignal | undefined;

  constructor(
    private readonly raw: string,
    private readonly options: ReplayOptions = {},
  ) {}

  async *complete(request: BackendRequest, signal: AbortSignal): AsyncIterable<StreamPiece> {
    this.lastRequest = request;
    this.lastSignal = signal;
    const text = cutAtStop(this.raw, request.stop);
    const pieces = chunk(text, this.options.chunkChars ?? 8);
    const n = Math.max(1, request.n ?? 1);
    for (const piece of pieces) {
      for (let choice = 0; choice < n; choice++) {
        if (signal.aborted) throw new BackendError('cancelled', 'request aborted');
        this.piecesSent++;
        yield { choice, text: piece };
      }
    }
  }
}

export function cutAtStop(text: string, stop: readonly string[]): string {
  let end = text.length;
  for (const s of stop) {
    if (s === '') continue;
    const at = text.indexOf(s);
    if (at !== -1 && at < end) end = at;
  }
  return text.slice(0, end);
}

/** Splits text into pieces of about `size` characters at word / punctuation / white-space boundaries. */
export function chunk(text: string, size: number): string[] {
  const tokens = text.match(/\r?\n|[^\S\n]+|\w+|[^\w\s]/g) ?? [];
  const pieces: string[] = [];
  let current = '';
  for (const token of tokens) {
    if (current !== '' && current.length + token.length > size) {
      pieces.push(current);
      current = '';
    }
    current += token;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}
