/**
 * The `fetch` the `openai` client sends its requests with: node:http(s) on a keep-alive agent.
 * Node's global fetch (undici + web streams) costs ~0.4 ms per request at the median and several ms
 * at p90 on loopback, which every completion pays before its first streamed piece.
 *
 * Only what the `openai` package uses is provided: status, headers, url, a body that is an async
 * iterable of byte chunks, text() and json(). Redirects (rare for an API) are handed to the global
 * fetch, which follows them. No Accept-Encoding is sent, so answers come uncompressed.
 */
import * as http from 'node:http';
import * as https from 'node:https';

/** Like undici's default: an idle connection is closed after 4 s (a server hint may make it sooner). */
const IDLE_SOCKET_MS = 4000;

export interface HttpFetch {
  fetch: typeof globalThis.fetch;
  /** Closes the pooled connections. */
  destroy(): void;
}

interface Answer {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: Headers;
  body: AsyncIterable<Buffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

export function createHttpFetch(): HttpFetch {
  const agents = {
    http: new http.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    https: new https.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
  };
  const send = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = typeof input === 'string' || input instanceof URL ? new URL(input) : undefined;
    const body = init.body ?? undefined;
    // Anything but a plain http(s) call with a JSON text body (what the client sends) goes to the global fetch.
    if (
      !url ||
      (url.protocol !== 'http:' && url.protocol !== 'https:') ||
      (body !== undefined && typeof body !== 'string')
    ) {
      return globalThis.fetch(input, init);
    }
    const secure = url.protocol === 'https:';
    const signal = init.signal ?? undefined;
    const options = {
      method: init.method ?? 'GET',
      headers: requestHeaders(init.headers, body),
      agent: secure ? agents.https : agents.http,
    };
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      let answer: http.IncomingMessage | undefined;
      const req = (secure ? https : http).request(url, options, (res) => {
        answer = res;
        if (!isRedirect(res)) return resolve(answerOf(res, url, signal) as unknown as Response);
        res.resume();
        resolve(globalThis.fetch(input, init));
      });
      // The client aborts when it stops reading, also after the last byte arrived (the stream's
      // end marker comes before the HTTP message ends). A complete answer is read to its end
      // instead, so its connection goes back to the pool: a new one costs a TLS handshake.
      const onAbort = () => (answer?.complete ? answer.resume() : req.destroy(abortError()));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => signal?.removeEventListener('abort', onAbort));
      req.on('error', reject);
      req.end(body);
    });
  };
  return {
    fetch: send as typeof globalThis.fetch,
    destroy: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

function requestHeaders(init: RequestInit['headers'], body: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of new Headers(init)) out[name] = value;
  if (body !== undefined) out['content-length'] = String(Buffer.byteLength(body));
  return out;
}

function isRedirect(res: http.IncomingMessage): boolean {
  const status = res.statusCode ?? 0;
  return status >= 300 && status < 400 && status !== 304 && res.headers.location !== undefined;
}

/**
 * The body's chunks, failing as fetch's would: with an AbortError after an abort (the client treats
 * that as a cancel), with TypeError "terminated" when the connection broke off mid-answer.
 */
async function* bodyOf(res: http.IncomingMessage, signal: AbortSignal | null | undefined): AsyncGenerator<Buffer> {
  let ended = false;
  try {
    // Not destroyed when the reader stops early: a complete answer is drained instead (below).
    for await (const chunk of res.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
    ended = true;
  } catch (err) {
    if (signal?.aborted) throw abortError();
    throw (err as { code?: unknown }).code === 'ECONNRESET' ? new TypeError('terminated', { cause: err }) : err;
  } finally {
    // The reader stopped early. A complete answer is read to its end, so its connection goes back
    // to the pool (a new one may cost a TLS handshake); an unfinished one is closed.
    if (!ended) {
      if (res.complete) res.resume();
      else res.destroy();
    }
  }
}

function answerOf(res: http.IncomingMessage, url: URL, signal: AbortSignal | null | undefined): Answer {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const status = res.statusCode ?? 0;
  const body = bodyOf(res, signal);
  const text = async (): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8');
  };
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url: url.href,
    headers,
    body,
    text,
    json: async () => JSON.parse(await text()),
  };
}

function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}
