/** What the openai backend sends for each API / FIM mode, and how it streams answers back. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { MAX_SERVER_STOPS } from '../../server/backends/openai-request';
import { HOLE_MARKER } from '../../server/prompt/chat';
import { FIM_TEMPLATES } from '../../server/prompt/fim-templates';
import { type OpenAITestServer, startOpenAIServer } from '../support/openai-server';
import { backendFor, collect, fim, request } from './helpers';

let srv: OpenAITestServer;
before(async () => {
  srv = await startOpenAIServer({ models: ['test-model', 'qwen2.5-coder:1.5b'] });
});
after(() => srv.close());
beforeEach(() => {
  srv.requests.length = 0;
  srv.respond('ok');
});

test('completions API with a FIM template: raw prompt, sampling parameters, streamed in pieces', async () => {
  srv.respond({ text: ['return ', 'a + ', 'b;'] });
  const backend = backendFor(srv, { model: 'qwen2.5-coder:7b', fim: 'auto' });
  const input = fim('function add(a, b) {\n  ', '\n}\n');
  const { pieces, texts } = await collect(backend, request(input, { maxTokens: 32, temperature: 0.3 }));
  assert.deepEqual(
    pieces.map((p) => p.text),
    ['return ', 'a + ', 'b;'],
  );
  assert.equal(texts[0], 'return a + b;');
  const [req] = srv.completions();
  assert.equal(req.path, '/v1/completions');
  assert.equal(req.body.prompt, '<|fim_prefix|>function add(a, b) {\n  <|fim_suffix|>\n}\n<|fim_middle|>');
  assert.equal(req.body.model, 'qwen2.5-coder:7b');
  assert.equal(req.body.stream, true);
  assert.equal(req.body.max_tokens, 32);
  assert.equal(req.body.temperature, 0.3);
  assert.equal(req.body.n, undefined, 'n only when more than one choice is asked for');
  assert.equal(req.headers.authorization, undefined, 'no key, no Authorization header');
});

test('stop sequences: at most 4 go to the server, the request’s own first; all are enforced while streaming', async () => {
  // `<|file_sep|>` is the template's 2nd stop, so it is not among the 4 sent; it straddles two pieces.
  srv.respond({ text: ['x = 1<|file', '_sep|>garbage'] });
  const backend = backendFor(srv, { model: 'qwen2.5-coder', fim: 'qwen' });
  const { texts } = await collect(backend, request(fim('let '), { stop: ['\n\n', ';;', '//'] }));
  assert.equal(texts[0], 'x = 1');
  const sent = srv.completions()[0].body.stop;
  assert.equal(sent.length, MAX_SERVER_STOPS);
  assert.deepEqual(sent, ['\n\n', ';;', '//', FIM_TEMPLATES.qwen.stop[0]]);
});

test('a text that merely starts like a stop sequence is released at the end', async () => {
  srv.respond({ text: ['value <|file'] });
  const { texts } = await collect(backendFor(srv, { fim: 'qwen' }), request(fim('x = ')));
  assert.equal(texts[0], 'value <|file');
});

test('fim "suffix": the server gets prompt and suffix parameters', async () => {
  srv.respond('mid');
  const backend = backendFor(srv, { fim: 'suffix' });
  const { texts } = await collect(backend, request(fim('def f(', '):\n  pass\n', { languageId: 'python' })));
  assert.equal(texts[0], 'mid');
  const [req] = srv.completions();
  assert.equal(req.path, '/v1/completions');
  assert.equal(req.body.prompt, 'def f(');
  assert.equal(req.body.suffix, '):\n  pass\n');
  await collect(backend, request(fim('x = ', '')));
  assert.equal(srv.completions()[1].body.suffix, '\n', 'never empty: Ollama would leave FIM mode');
});

test('Mistral-style FIM endpoint: POST /fim/completions with prompt + suffix, chat-style chunks', async () => {
  srv.respond({ text: ['a, ', 'b'] });
  const backend = backendFor(srv, { fim: 'suffix', suffixEndpoint: 'fim', model: 'codestral-latest' });
  const { texts } = await collect(backend, request(fim('f(', ')'), { n: 2 }));
  assert.equal(texts[0], 'a, b');
  const [req] = srv.completions();
  assert.equal(req.path, '/v1/fim/completions');
  assert.deepEqual([req.body.prompt, req.body.suffix, req.body.n], ['f(', ')', undefined]);
});

test('chat API with a FIM input: fill-in messages, code extracted from a fenced answer, stops applied to the code', async () => {
  srv.respond({ text: ['```typescript\n', 'return a + b;\n', 'return 0;\n```\n', 'This adds the numbers.'] });
  const backend = backendFor(srv, { api: 'chat', model: 'gpt-4o-mini' });
  const { texts } = await collect(backend, request(fim('function add(a, b) {\n  ', '\n}'), { stop: ['\n'] }));
  assert.equal(texts[0], 'return a + b;');
  const [req] = srv.completions();
  assert.equal(req.path, '/v1/chat/completions');
  assert.equal(req.body.messages[0].role, 'system');
  assert.ok(req.body.messages[1].content.includes(`function add(a, b) {\n  ${HOLE_MARKER}\n}`));
  assert.equal(req.body.stop, undefined, 'a "\\n" stop must not cut the fence line');
});

test('chat API with chat messages: passed through as they are', async () => {
  srv.respond('Fixed.');
  const messages = [
    { role: 'system' as const, content: 'be brief' },
    { role: 'user' as const, content: 'fix it' },
  ];
  const { texts } = await collect(
    backendFor(srv, { api: 'chat' }),
    request({ kind: 'chat', messages }, { stop: ['END'] }),
  );
  assert.equal(texts[0], 'Fixed.');
  const [req] = srv.completions();
  assert.deepEqual(req.body.messages, messages);
  assert.deepEqual(req.body.stop, ['END']);
});

test('chat messages on a completions-only server become one instruction prompt', async () => {
  srv.respond({ text: ['done\n', '### Instruction:\nmore'] });
  const messages = [
    { role: 'system' as const, content: 'You document code.' },
    { role: 'user' as const, content: 'Document f.' },
  ];
  const { texts } = await collect(backendFor(srv, { api: 'completions' }), request({ kind: 'chat', messages }));
  assert.equal(texts[0], 'done');
  const [req] = srv.completions();
  assert.equal(req.body.prompt, 'You document code.\n\n### Instruction:\nDocument f.\n\n### Response:\n');
  assert.ok(req.body.stop.includes('\n### Instruction:'));
});

test('n choices: each choice’s pieces carry their index', async () => {
  srv.respond({
    choices: [
      ['a1', 'a2'],
      ['b1', 'b2'],
    ],
  });
  const { pieces, texts } = await collect(backendFor(srv), request(fim('x'), { n: 2 }));
  assert.deepEqual(texts, ['a1a2', 'b1b2']);
  assert.deepEqual([...new Set(pieces.map((p) => p.choice))].sort(), [0, 1]);
  assert.equal(srv.completions()[0].body.n, 2);
});

test('one client per backend: consecutive requests reuse the connection; the key goes in the Authorization header', async () => {
  const own = await startOpenAIServer(); // a fresh origin: no sockets pooled by earlier tests
  try {
    const backend = backendFor(own, { apiKey: 'sk-test-abcdefghijkl' });
    for (const prefix of ['a', 'b', 'c']) {
      await collect(backend, request(fim(prefix)));
      // undici returns the socket to its pool one turn after the body ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const ports = new Set(own.completions().map((r) => r.remotePort));
    assert.equal(ports.size, 1, 'keep-alive: one socket for all requests');
    assert.equal(own.completions()[0].headers.authorization, 'Bearer sk-test-abcdefghijkl');
  } finally {
    await own.close();
  }
});

test('no model configured: picked from GET /models, preferring a model with FIM tokens', async () => {
  const backend = backendFor(srv, { model: '', fim: 'auto' });
  assert.equal(backend.model, '');
  await collect(backend, request(fim('a')));
  assert.equal(backend.model, 'qwen2.5-coder:1.5b');
  assert.equal(srv.completions()[0].body.model, 'qwen2.5-coder:1.5b');
  assert.ok(srv.completions()[0].body.prompt.startsWith('<|fim_prefix|>'));
});

test('cancelling closes the HTTP request: the server sees the connection go', { timeout: 5000 }, async () => {
  srv.respond({ hang: true });
  const before = srv.earlyCloses;
  const backend = backendFor(srv, { timeoutMs: 60_000 }); // only the abort can end this within the test's timeout
  const ctl = new AbortController();
  const pending = collect(backend, request(fim('a')), ctl.signal);
  while (srv.completions().length === 0) await new Promise((r) => setTimeout(r, 5));
  ctl.abort();
  await assert.rejects(pending, (err: Error & { kind?: string }) => err.kind === 'cancelled');
  await srv.untilEarlyCloses(before + 1);
});

test('a consumer that stops reading mid-stream closes the request', { timeout: 5000 }, async () => {
  srv.respond({ stall: ['first ', 'second'] });
  const before = srv.earlyCloses;
  const backend = backendFor(srv, { timeoutMs: 60_000 });
  for await (const piece of backend.complete(request(fim('a')), new AbortController().signal)) {
    assert.equal(piece.text, 'first ');
    break;
  }
  await srv.untilEarlyCloses(before + 1);
});

test('an answer that arrived whole before its stop sequence ended the read keeps its connection for the next request', async () => {
  const own = await startOpenAIServer();
  try {
    own.respond({ text: ['line one\n', 'line two\n', 'line three'] }); // sent at once: complete before the client stops reading
    const backend = backendFor(own);
    for (const prefix of ['a', 'b', 'c']) {
      const { texts } = await collect(backend, request(fim(prefix), { stop: ['\n'] }));
      assert.equal(texts[0], 'line one');
      await new Promise((resolve) => setTimeout(resolve, 10)); // the rest is drained and the socket pooled
    }
    assert.equal(
      new Set(own.completions().map((r) => r.remotePort)).size,
      1,
      'one socket: no new connection (a TLS handshake on a remote server) per request',
    );
  } finally {
    await own.close();
  }
});

test('once every choice hit a stop sequence the request is closed without waiting for the rest', {
  timeout: 5000,
}, async () => {
  srv.respond({ stall: ['line one\n', 'never'] });
  const before = srv.earlyCloses;
  const { texts } = await collect(backendFor(srv, { timeoutMs: 60_000 }), request(fim('a'), { stop: ['\n'] }));
  assert.equal(texts[0], 'line one');
  await srv.untilEarlyCloses(before + 1);
});
