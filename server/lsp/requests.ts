import { type CancellationToken, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { Logger } from '../log/logger';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isToken = (v: unknown): v is CancellationToken => isObject(v) && typeof v.onCancellationRequested === 'function';
const NEVER_CANCELLED: CancellationToken = {
  isCancellationRequested: false,
  onCancellationRequested: () => ({ dispose() {} }),
};

/** Thrown for client mistakes (unknown document, position past the end): answered as InvalidParams. */
export class ClientError extends Error {}

export interface AnswerOptions<R> {
  method: string;
  /** What to answer when the deadline passes before the work is done. */
  empty: R;
  /** Helix gives up at 20 s; answer well before any client does. */
  deadlineMs?: number;
}

/**
 * Wraps a request handler so every request gets exactly one answer, on time:
 * cancelled → RequestCancelled; client mistakes → InvalidParams; a bug → InternalError (logged);
 * past the deadline → the empty answer. The server never dies from one request.
 */
export function answer<P, R>(
  log: () => Logger,
  opts: AnswerOptions<R>,
  handler: (params: P, token: CancellationToken, signal: AbortSignal) => Promise<R> | R,
): (...args: unknown[]) => Promise<R | ResponseError<void>> {
  // vscode-jsonrpc passes (token) for requests without params and (params, token, ...progress) otherwise.
  return async (...args) => {
    const token = args.find(isToken) ?? NEVER_CANCELLED;
    const params = (isToken(args[0]) ? undefined : args[0]) as P;
    const controller = new AbortController();
    const onCancel = token.onCancellationRequested(() => controller.abort(new Error('cancelled by the client')));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), opts.deadlineMs ?? 15000);
    });
    try {
      const work = Promise.resolve().then(() => handler(params, token, controller.signal));
      const result = await Promise.race([work, deadline]);
      if (token.isCancellationRequested)
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${opts.method} cancelled`);
      if (result === 'deadline') {
        controller.abort(new Error('deadline'));
        log().warn({ method: opts.method }, 'request passed its deadline; answering empty');
        work.catch(() => {});
        return opts.empty;
      }
      return result;
    } catch (err) {
      if (token.isCancellationRequested)
        return new ResponseError(LSPErrorCodes.RequestCancelled, `${opts.method} cancelled`);
      if (err instanceof ClientError || err instanceof RangeError)
        return new ResponseError(ErrorCodes.InvalidParams, `${opts.method}: ${err.message}`);
      if (err instanceof ResponseError) return err;
      log().error({ err, method: opts.method }, 'request failed');
      return new ResponseError(ErrorCodes.InternalError, `${opts.method} failed: ${(err as Error).message ?? err}`);
    } finally {
      clearTimeout(timer);
      onCancel.dispose();
    }
  };
}

/** Checks the shape every text-document request shares; wrong types get InvalidParams, not a crash. */
export function requireDocumentPosition(params: unknown): { uri: string; line: number; character: number } {
  if (!isObject(params) || !isObject(params.textDocument) || typeof params.textDocument.uri !== 'string') {
    throw new ClientError('params.textDocument.uri must be a string');
  }
  const pos = params.position;
  if (
    !isObject(pos) ||
    !Number.isInteger(pos.line) ||
    !Number.isInteger(pos.character) ||
    (pos.line as number) < 0 ||
    (pos.character as number) < 0
  ) {
    throw new ClientError('params.position must be {line, character} with non-negative integers');
  }
  return { uri: params.textDocument.uri, line: pos.line as number, character: pos.character as number };
}
