/**
 * Issue #12 finding 1: with nothing configured, auto-detection took any listener answering
 * GET /v1/models on a model server's port for that server and sent it the document and the
 * OPENAI_API_KEY from the environment. Real HTTP on loopback, fake servers on random ports.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LocalServerPreset } from '../../server/backends/detect';
import { createBackend, probeBackend } from '../../server/backends/factory';
import { LocalBackend } from '../../server/backends/local/local-backend';
import { OpenAIBackend } from '../../server/backends/openai';
import { resolveOpenAISettings } from '../../server/backends/presets';
import { type Config, defaultConfig } from '../../server/config/schema';
import { silentLogger } from '../../server/log/logger';
import { collect, fim, request } from '../backends/helpers';
import { type OpenAITestServer, startOpenAIServer } from '../support/openai-server';

const KEY = ['sk', '-proj-', 'EnvKeyCanary0123456789abcdef'].join('');
const config = (over: Partial<Config> = {}): Config => ({ ...defaultConfig(), ...over });
const PRESETS: LocalServerPreset[] = ['ollama', 'llamacpp', 'lmstudio', 'vllm'];
let lookalike: OpenAITestServer;
let genuine: OpenAITestServer;

before(async () => {
  // What an unrelated dev server (or another local user) might answer: a /v1/models-like listing.
  lookalike = await startOpenAIServer({ models: ['users'] });
  genuine = await startOpenAIServer({ models: ['qwen2.5-coder:1.5b'], identity: 'ollama' });
});
after(() => Promise.all([lookalike.close(), genuine.close()]));

/** Every preset's port points at `srv`. */
const allAt = (srv: OpenAITestServer) =>
  Object.fromEntries(PRESETS.map((p) => [p, srv.port])) as Record<LocalServerPreset, number>;

test('a listener that only imitates /v1/models is never chosen, whichever port it is on', async () => {
  const { backend, description } = await createBackend(config(), {
    env: {},
    log: silentLogger(),
    workspaceFolders: [],
    probePorts: allAt(lookalike),
  });
  try {
    assert.ok(backend instanceof LocalBackend, description);
  } finally {
    backend.dispose?.();
  }
});

test('with OPENAI_API_KEY set and a look-alike on the vLLM port: OpenAI is chosen and the look-alike gets neither code nor key', async () => {
  lookalike.requests.length = 0;
  const { backend } = await createBackend(config(), {
    env: { OPENAI_API_KEY: KEY },
    log: silentLogger(),
    workspaceFolders: [],
    probePorts: { ...allAt(lookalike) },
  });
  try {
    assert.ok(backend instanceof OpenAIBackend);
    assert.equal(backend.settings.baseURL, 'https://api.openai.com/v1');
    for (const r of lookalike.requests) {
      assert.equal(r.method, 'GET', 'only probes reach the look-alike');
      assert.equal(r.headers.authorization, undefined, 'probes carry no credentials');
    }
  } finally {
    backend.dispose?.();
  }
});

test('a genuine detected server gets the document but never a key it was not configured for', async () => {
  for (const env of [{ OPENAI_API_KEY: KEY }, { MY_KEY: KEY }]) {
    genuine.requests.length = 0;
    const cfg = config('MY_KEY' in env ? { 'backend.apiKeyEnv': 'MY_KEY' } : {});
    const { backend } = await createBackend(cfg, {
      env,
      log: silentLogger(),
      workspaceFolders: [],
      probePorts: allAt(genuine),
    });
    try {
      assert.ok(backend instanceof OpenAIBackend);
      assert.equal(backend.settings.apiKey, '');
      await collect(backend, request(fim('def add(a, b):\n    return ', '\n')));
      const [sent] = genuine.completions();
      assert.ok(sent, 'the detected server was asked');
      assert.equal(sent.headers.authorization, undefined);
      assert.ok(!JSON.stringify(genuine.requests.map((r) => r.headers)).includes(KEY));
    } finally {
      backend.dispose?.();
    }
  }
});

test('OPENAI_API_KEY goes to OpenAI or a configured baseURL, not to another preset', async () => {
  const env = { OPENAI_API_KEY: KEY };
  assert.equal(resolveOpenAISettings(config({ 'backend.preset': 'openai' }), env).apiKey, KEY);
  assert.equal(resolveOpenAISettings(config({ 'backend.baseURL': genuine.url }), env).apiKey, KEY);
  assert.equal(resolveOpenAISettings(config({ 'backend.preset': 'vllm' }), env).apiKey, '');
  assert.equal(resolveOpenAISettings(config({ 'backend.preset': 'mistral' }), env).apiKey, '');
  assert.equal(
    resolveOpenAISettings(config({ 'backend.preset': 'mistral', 'backend.apiKeyEnv': 'M' }), { M: 'mk' }).apiKey,
    'mk',
  );
});

test('doctor says which listener it ignored and how to use it anyway', async () => {
  const result = await probeBackend(config(), { env: {}, log: silentLogger(), probePorts: allAt(lookalike) });
  assert.match(
    result.description,
    /Ignored http:\/\/127\.0\.0\.1:\d+\/v1 \(Ollama's port\).*did not prove to be.*set backend\.baseURL/,
  );
});
