/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 (random port) for tests. No test ever talks to a
 * live service; point a backend at `srv.url` instead.
 *
 *   const srv = await startOpenAIServer({ models: ['qwen2.5-coder:1.5b'] });
 *   srv.url                        // 'http://127.0.0.1:PORT/v1'
 *   srv.respond('hello world')     // default reply for every completion request (initially 'ok')
 *   srv.script({ status: 429, headers: { 'retry-after': '2' } }, 'then this')  // one-shot replies, in order
 *   srv.respondModels(['a', 'b'])  // GET /v1/models; or a Reply, e.g. { status: 500 } or { hang: true }
 *   startOpenAIServer({ identity: 'ollama' })  // also answers that product's identity endpoint, as
 *                                  // auto-detection requires (Ollama /api/version, llama.cpp /props,
 *                                  // LM Studio /api/v0/models, vLLM /version + owned_by "vllm")
 *   srv.requests                   // every request: method, path, headers, body (parsed JSON), remotePort
 *   srv.completions()              // only the POSTs to /completions, /chat/completions, /fim/completions
 *   await srv.untilEarlyCloses(1)  // resolves once clients have closed 1 (or more) connections before the reply ended
 *   srv.earlyCloses                // how many times that happened so far
 *   await srv.close()
 *
 * Replies (`Reply`) to POST /v1/completions, /v1/chat/completions (delta chunks) and /v1/fim/completions
 * (Mistral: chat-style chunks). Streaming requests get SSE `data: {...}\n\n` … `data: [DONE]`, others one JSON.
 *   'text'                               the text streamed in up to 3 pieces
 *   { text: ['a', 'b'], delayMs: 5 }     exact pieces, optional pause between them
 *   { text: (body) => 'text' | [...] }   computed from the parsed request body
 *   { choices: ['one', 'two'] }          one text per choice (index 0, 1, …), pieces interleaved
 *   { status: 401, message?, headers? }  an error status with OpenAI's error JSON
 *   { hang: true }                       never answers; the request stays open until the client leaves
 *   { stall: ['a'] }                     streams these pieces, then nothing (connection stays open)
 *   { malformed: ['a'] }                 streams these pieces, then a chunk that is not JSON
 *   { truncate: ['a', 'b'] }             streams these pieces, then destroys the socket mid-stream
 *   { noFinish: ['a'] }                  streams pieces and [DONE] but never a finish_reason
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Pieces = string | string[];
export type Reply =
  | string
  | { text: Pieces | ((body: any) => Pieces); delayMs?: number }
  | { choices: Pieces[]; delayMs?: number }
  | { status: number; message?: string; headers?: Record<string, string> }
  | { hang: true }
  | { stall: string[] }
  | { malformed: string[] }
  | { truncate: string[] }
  | { noFinish: string[] };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON, the raw text when it is not JSON, or undefined without a body. */
  body: any;
  /** The client's port: equal for two requests means the connection was reused (keep-alive). */
  remotePort: number;
}

export interface OpenAITestServer {
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  readonly earlyCloses: number;
  respond(reply: Reply): void;
  script(...replies: Reply[]): void;
  respondModels(models: string[] | Reply): void;
  completions(): RecordedRequest[];
  untilEarlyCloses(count?: number): Promise<void>;
  close(): Promise<void>;
}

const COMPLETION_PATHS = new Set(['/v1/completions', '/v1/chat/completions', '/v1/fim/completions']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Up to three pieces, so streaming is really exercised. */
function split(text: string): string[] {
  if (text.length < 3) return [text];
  const a = Math.floor(text.length / 3);
  const b = Math.floor((2 * text.length) / 3);
  return [text.slice(0, a), text.slice(a, b), text.slice(b)];
}
const asPieces = (p: Pieces): string[] => (typeof p === 'string' ? split(p) : p);

export type ServerIdentity = 'ollama' | 'llamacpp' | 'lmstudio' | 'vllm';

/** What each product answers at its own identity endpoint (shapes from their documentation). */
function identityRoute(identity: ServerIdentity | undefined, path: string, models: string[]): object | undefined {
  switch (identity) {
    case 'ollama':
      return path === '/api/version' ? { version: '0.5.7' } : undefined;
    case 'llamacpp':
      return path === '/props'
        ? { default_generation_settings: { n_ctx: 4096 }, total_slots: 1, chat_template: '' }
        : undefined;
    case 'lmstudio':
      return path === '/api/v0/models'
        ? {
            object: 'list',
            data: models.map((id) => ({ id, object: 'model', type: 'llm', publisher: 'test', state: 'loaded' })),
          }
        : undefined;
    case 'vllm':
      return path === '/version' ? { version: '0.6.3' } : undefined;
    default:
      return undefined;
  }
}

export async function startOpenAIServer(
  options: { models?: string[]; identity?: ServerIdentity } = {},
): Promise<OpenAITestServer> {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  let fallback: Reply = 'ok';
  let modelsReply: string[] | Reply = options.models ?? ['test-model'];
  let earlyCloses = 0;
  let closeWaiters: Array<{ count: number; resolve: () => void }> = [];
  let closing = false;

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      let body: any;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      const path = (req.url ?? '').split('?')[0];
      requests.push({
        method: req.method ?? '',
        path,
        headers: req.headers,
        body,
        remotePort: req.socket.remotePort ?? 0,
      });
      res.on('close', () => {
        if (res.writableEnded || closing) return;
        earlyCloses++;
        for (const w of closeWaiters.filter((w) => w.count <= earlyCloses)) w.resolve();
        closeWaiters = closeWaiters.filter((w) => w.count > earlyCloses);
      });
      void handle(req.method ?? '', path, body, res);
    });
  });

  async function handle(method: string, path: string, body: any, res: http.ServerResponse): Promise<void> {
    const owner = options.identity === 'vllm' ? 'vllm' : 'test';
    if (method === 'GET' && path === '/v1/models') {
      if (Array.isArray(modelsReply))
        return json(res, 200, {
          object: 'list',
          data: modelsReply.map((id) => ({ id, object: 'model', created: 0, owned_by: owner })),
        });
      return reply(res, modelsReply, path, body);
    }
    const identity =
      method === 'GET'
        ? identityRoute(options.identity, path, Array.isArray(modelsReply) ? modelsReply : [])
        : undefined;
    if (identity) return json(res, 200, identity);
    if (method === 'POST' && COMPLETION_PATHS.has(path)) return reply(res, queue.shift() ?? fallback, path, body);
    json(res, 404, { error: { message: `no route ${method} ${path}`, type: 'invalid_request_error' } });
  }

  async function reply(res: http.ServerResponse, r: Reply, path: string, body: any): Promise<void> {
    const chatStyle = path !== '/v1/completions';
    const streaming = body?.stream === true;
    if (typeof r === 'string') return answer(res, [asPieces(r)], 0, chatStyle, streaming, body);
    if ('status' in r) {
      res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
      res.end(
        JSON.stringify({ error: { message: r.message ?? `test error ${r.status}`, type: 'test_error', code: null } }),
      );
      return;
    }
    if ('hang' in r) return;
    if ('text' in r)
      return answer(
        res,
        [asPieces(typeof r.text === 'function' ? r.text(body) : r.text)],
        r.delayMs ?? 0,
        chatStyle,
        streaming,
        body,
      );
    if ('choices' in r) return answer(res, r.choices.map(asPieces), r.delayMs ?? 0, chatStyle, streaming, body);
    startSse(res);
    const pieces = 'stall' in r ? r.stall : 'malformed' in r ? r.malformed : 'truncate' in r ? r.truncate : r.noFinish;
    for (const p of pieces) sse(res, chunk(chatStyle, body, 0, p, null));
    if ('malformed' in r) res.write('data: {"choices": [{"text": oops\n\n');
    if ('truncate' in r) setImmediate(() => res.socket?.destroy());
    if ('noFinish' in r) res.end('data: [DONE]\n\n');
  }

  async function answer(
    res: http.ServerResponse,
    perChoice: string[][],
    delayMs: number,
    chatStyle: boolean,
    streaming: boolean,
    body: any,
  ): Promise<void> {
    if (!streaming) {
      const choices = perChoice.map((pieces, index) =>
        chatStyle
          ? { index, message: { role: 'assistant', content: pieces.join('') }, finish_reason: 'stop' }
          : { index, text: pieces.join(''), logprobs: null, finish_reason: 'stop' },
      );
      return json(res, 200, {
        id: 'test',
        object: chatStyle ? 'chat.completion' : 'text_completion',
        created: 0,
        model: body?.model ?? '',
        choices,
      });
    }
    startSse(res);
    const rounds = Math.max(...perChoice.map((p) => p.length));
    for (let i = 0; i < rounds; i++) {
      if (i > 0 && delayMs > 0) await sleep(delayMs);
      if (res.destroyed) return;
      perChoice.forEach((pieces, index) => {
        if (i < pieces.length) sse(res, chunk(chatStyle, body, index, pieces[i], null));
      });
    }
    for (const index of perChoice.keys()) sse(res, chunk(chatStyle, body, index, '', 'stop'));
    res.end('data: [DONE]\n\n');
  }

  function chunk(chatStyle: boolean, body: any, index: number, text: string, finish: string | null): object {
    const model = body?.model ?? '';
    return chatStyle
      ? {
          id: 'test',
          object: 'chat.completion.chunk',
          created: 0,
          model,
          choices: [{ index, delta: { content: text }, finish_reason: finish }],
        }
      : {
          id: 'test',
          object: 'text_completion',
          created: 0,
          model,
          choices: [{ index, text, logprobs: null, finish_reason: finish }],
        };
  }

  const startSse = (res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  };
  const sse = (res: http.ServerResponse, data: object): void => {
    res.write(`data: ${JSON.stringify(data)}\n\n`);
  };
  const json = (res: http.ServerResponse, status: number, data: object): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(data));
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get earlyCloses() {
      return earlyCloses;
    },
    respond(r) {
      fallback = r;
    },
    script(...replies) {
      queue.push(...replies);
    },
    respondModels(models) {
      modelsReply = models;
    },
    completions: () => requests.filter((r) => r.method === 'POST' && COMPLETION_PATHS.has(r.path)),
    untilEarlyCloses: (count = 1) =>
      new Promise<void>((resolve) => {
        if (earlyCloses >= count) resolve();
        else closeWaiters.push({ count, resolve });
      }),
    close() {
      closing = true;
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
