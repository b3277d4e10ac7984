/**
 * Failures of an OpenAI-compatible server as BackendErrors whose messages tell the user what to do.
 * Keys never appear: server messages are scrubbed, and auth errors do not quote the server at all
 * (some echo the key they were given).
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { scrubSecrets } from '../privacy/log-scrub';
import { BackendError } from './types';

export interface FailureContext {
  label: string;
  baseURL: string;
  model: string;
  apiKeySet: boolean;
  timeoutMs: number;
  /** Our idle timer fired. */
  timedOut: boolean;
  /** The caller's signal aborted. */
  cancelled: boolean;
}

export const KEY_SOURCES = 'backend.apiKey, the environment variable named by backend.apiKeyEnv, or OPENAI_API_KEY';

function serverMessage(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : err.message;
  const clean = scrubSecrets(text).replace(/\s+/g, ' ').trim();
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

function connectionCause(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code === 'ECONNREFUSED' ? 'connection refused' : code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'connection failed';
}

/** Every failure except 404 and 429, which need the backend's state (model list, rate gate). */
export function toBackendError(err: unknown, ctx: FailureContext): BackendError {
  if (err instanceof BackendError) return err;
  const where = `${ctx.label} at ${ctx.baseURL}`;
  if (ctx.cancelled) return new BackendError('cancelled', 'Request cancelled.');
  if (ctx.timedOut || err instanceof APIConnectionTimeoutError) {
    return new BackendError(
      'timeout',
      `${where} sent nothing for ${ctx.timeoutMs} ms; the request was abandoned. Raise backend.timeoutMs or use a smaller model.`,
    );
  }
  if (err instanceof APIUserAbortError) return new BackendError('cancelled', 'Request cancelled.');
  if (err instanceof APIConnectionError) {
    return new BackendError(
      'unreachable',
      `Cannot reach ${where} (${connectionCause(err)}). Start the server, or point backend.baseURL / backend.preset at one that runs.`,
    );
  }
  if (err instanceof APIError) {
    const status = err.status;
    if (status === 401 || status === 403) {
      const problem = ctx.apiKeySet ? 'refused the API key' : 'needs an API key and none is set';
      return new BackendError('auth', `${where} ${problem} (HTTP ${status}). Keys are read from ${KEY_SOURCES}.`);
    }
    if (status === 400 || status === 413 || status === 422) {
      return new BackendError(
        'config',
        `${where} rejected the request (HTTP ${status}): ${serverMessage(err)}. Check backend.api, backend.fim and backend.model.`,
      );
    }
    if (status === undefined)
      return new BackendError('server', `${where} reported an error mid-answer: ${serverMessage(err)}`);
    return new BackendError('server', `${where} failed (HTTP ${status}): ${serverMessage(err)}`);
  }
  if (err instanceof SyntaxError)
    return new BackendError(
      'bad-response',
      `${where} sent a malformed stream (not JSON). Is backend.baseURL an OpenAI-compatible /v1 endpoint?`,
    );
  const detail = err instanceof Error ? scrubSecrets(err.message) : String(err);
  return new BackendError('bad-response', `The answer from ${where} broke off (${detail}).`);
}

/**
 * A base URL that cannot be an OpenAI-compatible root: no `/v1` (or `/beta`, DeepSeek's), or
 * Ollama's native `/api`. Servers then answer 404 for everything, which reads as an unknown model.
 */
export function baseURLHint(baseURL: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, '');
  const root = `${url.protocol}//${url.host}`;
  if (/\/api$/.test(path))
    return `backend.baseURL ends in /api, Ollama's own API; arbor-ls speaks the OpenAI-compatible one: set it to ${root}/v1.`;
  if (path === '')
    return `backend.baseURL has no path; OpenAI-compatible servers answer under /v1: set it to ${root}/v1.`;
  return undefined;
}

/** A 404: the model is unknown, or the server lacks the endpoint. `offered` is GET /models, if it answered. */
export function notFoundError(ctx: FailureContext, path: string, offered: string[] | undefined): BackendError {
  const where = `${ctx.label} at ${ctx.baseURL}`;
  const hint = baseURLHint(ctx.baseURL);
  if (hint && offered === undefined) return new BackendError('config', `${where} answered 404 (not found). ${hint}`);
  if (offered?.includes(ctx.model)) {
    return new BackendError(
      'config',
      `${where} has no ${path} endpoint (HTTP 404). Set backend.api to the other API ("chat" or "completions").`,
    );
  }
  const list =
    offered === undefined
      ? 'it did not say which models it has'
      : offered.length
        ? `it offers: ${offered.slice(0, 20).join(', ')}`
        : 'it lists no models';
  return new BackendError(
    'model-not-found',
    `${where} does not know the model "${ctx.model}"; ${list}. Set backend.model.`,
  );
}
