/** Each way a server can fail, as the BackendError kind and message the user gets. */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import { type OpenAITestServer, startOpenAIServer } from '../support/openai-server';
import { backendFor, collect, failure, fim, request } from './helpers';

let srv: OpenAITestServer;
before(async () => {
  srv = await startOpenAIServer({ models: ['qwen2.5-coder:1.5b', 'llama3:8b'] });
});
after(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.respond('ok');
  srv.respondModels(['qwen2.5-coder:1.5b', 'llama3:8b']);
});

const KEY = 'sk-secret-key-0123456789';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('connection refused → unreachable, naming the URL', async () => {
  const url = `http://127.0.0.1:${await closedPort()}/v1`;
  const err = await failure(backendFor(srv, { baseURL: url }), request(fim('a')));
  assert.equal(err.kind, 'unreachable');
  assert.ok(err.message.includes(url), err.message);
  assert.ok(err.message.includes('connection refused'), err.message);
});

test('no answer within backend.timeoutMs → timeout, and the request is closed', { timeout: 5000 }, async () => {
  srv.respond({ hang: true });
  const before = srv.earlyCloses;
  const err = await failure(backendFor(srv, { timeoutMs: 150 }), request(fim('a')));
  assert.equal(err.kind, 'timeout');
  assert.ok(err.message.includes('backend.timeoutMs'), err.message);
  await srv.untilEarlyCloses(before + 1);
});

test('a stream that stalls mid-answer also times out', async () => {
  srv.respond({ stall: ['partial'] });
  const err = await failure(backendFor(srv, { timeoutMs: 150 }), request(fim('a')));
  assert.equal(err.kind, 'timeout');
});

test('401 without a key → auth, saying where keys come from', async () => {
  srv.respond({ status: 401 });
  const err = await failure(backendFor(srv), request(fim('a')));
  assert.equal(err.kind, 'auth');
  assert.match(err.message, /none is set/);
  for (const source of ['backend.apiKey', 'backend.apiKeyEnv', 'OPENAI_API_KEY'])
    assert.ok(err.message.includes(source), source);
});

test('403 with a key → auth; the key never appears, even when the server echoes it', async () => {
  srv.respond({ status: 403, message: `Incorrect API key provided: ${KEY}` });
  const err = await failure(backendFor(srv, { apiKey: KEY }), request(fim('a')));
  assert.equal(err.kind, 'auth');
  assert.match(err.message, /refused the API key/);
  assert.ok(!err.message.includes(KEY) && !err.message.includes('0123456789'), err.message);
});

test('404 → model-not-found, listing the models the server offers (asked once)', async () => {
  srv.respond({ status: 404, message: 'model "nope" not found, try pulling it first' });
  const backend = backendFor(srv, { model: 'nope' });
  const err = await failure(backend, request(fim('a')));
  assert.equal(err.kind, 'model-not-found');
  assert.ok(err.message.includes('"nope"') && err.message.includes('qwen2.5-coder:1.5b, llama3:8b'), err.message);
  await failure(backend, request(fim('b')));
  assert.equal(srv.requests.filter((r) => r.path === '/v1/models').length, 1);
});

test('404 for a model the server lists → the endpoint is missing: config, suggesting backend.api', async () => {
  srv.respond({ status: 404 });
  const err = await failure(backendFor(srv, { model: 'llama3:8b' }), request(fim('a')));
  assert.equal(err.kind, 'config');
  assert.ok(err.message.includes('/completions') && err.message.includes('backend.api'), err.message);
});

test('429 with retry-after → rate-limited with retryAfterMs; later requests are refused without reaching the server', async () => {
  srv.script({ status: 429, headers: { 'retry-after': '30' } });
  const backend = backendFor(srv);
  const err = await failure(backend, request(fim('a')));
  assert.equal(err.kind, 'rate-limited');
  assert.equal(err.retryAfterMs, 30_000);
  for (let i = 0; i < 5; i++) {
    const again = await failure(backend, request(fim('b')));
    assert.equal(again.kind, 'rate-limited');
    assert.ok(again.retryAfterMs! > 0 && again.retryAfterMs! <= 30_000);
  }
  assert.equal(srv.completions().length, 1, 'one request reached the server');
});

test('429: retry-after-ms is honoured, and requests flow again once it has passed', async () => {
  let now = 1_000_000;
  srv.script({ status: 429, headers: { 'retry-after-ms': '1500' } });
  const backend = backendFor(srv, {}, () => now);
  assert.equal((await failure(backend, request(fim('a')))).retryAfterMs, 1500);
  now += 1499;
  assert.equal((await failure(backend, request(fim('a')))).kind, 'rate-limited');
  now += 1;
  assert.equal((await collect(backend, request(fim('a')))).texts[0], 'ok');
  assert.equal(srv.completions().length, 2);
});

test('429 without a header → exponential backoff, reset by a success', async () => {
  let now = 0;
  srv.script({ status: 429 }, { status: 429 }, 'fine', { status: 429 });
  const backend = backendFor(srv, {}, () => now);
  const waits: number[] = [];
  for (let i = 0; i < 2; i++) {
    waits.push((await failure(backend, request(fim('a')))).retryAfterMs!);
    now += waits[waits.length - 1];
  }
  await collect(backend, request(fim('a')));
  waits.push((await failure(backend, request(fim('a')))).retryAfterMs!);
  assert.deepEqual(waits, [1000, 2000, 1000]);
});

test('5xx → server, quoting the server’s message', async () => {
  srv.respond({ status: 503, message: 'model is loading' });
  const err = await failure(backendFor(srv), request(fim('a')));
  assert.equal(err.kind, 'server');
  assert.ok(err.message.includes('503') && err.message.includes('model is loading'), err.message);
});

test('400 → config, quoting the server (e.g. an unsupported parameter)', async () => {
  srv.respond({ status: 400, message: 'suffix is not supported' });
  const err = await failure(backendFor(srv, { fim: 'suffix' }), request(fim('a', 'b')));
  assert.equal(err.kind, 'config');
  assert.ok(err.message.includes('suffix is not supported'), err.message);
});

test('malformed JSON in the stream → bad-response', async () => {
  srv.respond({ malformed: ['fine so far'] });
  const err = await failure(backendFor(srv), request(fim('a')));
  assert.equal(err.kind, 'bad-response');
  assert.match(err.message, /malformed/);
});

test('connection dropped mid-stream → bad-response', async () => {
  srv.respond({ truncate: ['half ', 'an answer'] });
  const err = await failure(backendFor(srv), request(fim('a')));
  assert.equal(err.kind, 'bad-response');
  assert.match(err.message, /broke off/);
});

test('stream that ends without the model finishing → bad-response', async () => {
  srv.respond({ noFinish: ['half'] });
  const err = await failure(backendFor(srv), request(fim('a')));
  assert.equal(err.kind, 'bad-response');
  assert.match(err.message, /truncated/);
});

test('an already-aborted signal fails at once, without a request', async () => {
  const ctl = new AbortController();
  ctl.abort();
  const err = await failure(backendFor(srv), request(fim('a')), ctl.signal);
  assert.equal(err.kind, 'cancelled');
  assert.equal(srv.completions().length, 0);
});

test('dispose() ends requests in flight', { timeout: 5000 }, async () => {
  srv.respond({ hang: true });
  const backend = backendFor(srv, { timeoutMs: 60_000 });
  const pending = failure(backend, request(fim('a')));
  while (srv.completions().length === 0) await new Promise((r) => setTimeout(r, 5));
  backend.dispose();
  assert.equal((await pending).kind, 'cancelled');
});

test('a server that was down when the model list was first needed is asked again later', async () => {
  srv.respondModels({ status: 503 });
  const backend = backendFor(srv, { model: '' });
  assert.equal((await failure(backend, request(fim('a')))).kind, 'server');
  srv.respondModels(['qwen2.5-coder:1.5b']);
  assert.equal((await collect(backend, request(fim('a')))).texts[0], 'ok');
  assert.equal(backend.model, 'qwen2.5-coder:1.5b');
});
