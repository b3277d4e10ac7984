/** Backend selection: auto-detection order with fake servers on configurable ports, fallbacks, doctor's probe. */
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { after, before, beforeEach, test } from 'node:test';
import type { LocalServerPreset } from '../../server/backends/detect';
import { createBackend, probeBackend } from '../../server/backends/factory';
import { LocalBackend } from '../../server/backends/local/local-backend';
import { OpenAIBackend } from '../../server/backends/openai';
import { type Config, defaultConfig } from '../../server/config/schema';
import { silentLogger } from '../../server/log/logger';
import { type OpenAITestServer, startOpenAIServer } from '../support/openai-server';
import { collect, fim, request } from './helpers';

const PRESETS: LocalServerPreset[] = ['ollama', 'llamacpp', 'lmstudio', 'vllm'];
const servers = {} as Record<LocalServerPreset, OpenAITestServer>;
let closed: number;
const log = silentLogger();
const config = (over: Partial<Config> = {}): Config => ({ ...defaultConfig(), ...over });

before(async () => {
  for (const preset of PRESETS) servers[preset] = await startOpenAIServer({ identity: preset });
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closed = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
});
after(() => Promise.all(PRESETS.map((p) => servers[p].close())));
beforeEach(() => {
  for (const p of PRESETS) {
    servers[p].respondModels([`${p}-coder-model`]);
    servers[p].requests.length = 0;
  }
});

/** Probe ports: the fake servers, except those listed as down (a port nothing listens on). */
function ports(down: LocalServerPreset[] = []): Record<LocalServerPreset, number> {
  return Object.fromEntries(PRESETS.map((p) => [p, down.includes(p) ? closed : servers[p].port])) as Record<
    LocalServerPreset,
    number
  >;
}

async function chosen(down: LocalServerPreset[], env: NodeJS.ProcessEnv = {}) {
  const { backend, description } = await createBackend(config(), {
    env,
    log,
    workspaceFolders: [],
    probePorts: ports(down),
  });
  backend.dispose?.();
  return { backend, description };
}

test('auto: detection order is Ollama, llama.cpp, LM Studio, vLLM among the servers that answer', async () => {
  const expectations: Array<[LocalServerPreset[], LocalServerPreset]> = [
    [[], 'ollama'],
    [['ollama'], 'llamacpp'],
    [['ollama', 'llamacpp'], 'lmstudio'],
    [['ollama', 'llamacpp', 'lmstudio'], 'vllm'],
    [['llamacpp', 'lmstudio'], 'ollama'],
  ];
  for (const [down, winner] of expectations) {
    const { backend } = await chosen(down);
    assert.ok(backend instanceof OpenAIBackend);
    assert.equal(backend.name, winner, `down: ${down.join(',') || 'none'}`);
    assert.equal(backend.settings.baseURL, servers[winner].url);
    assert.equal(backend.model, `${winner}-coder-model`);
  }
});

test('auto: all servers are probed in parallel with GET /v1/models and their own identity endpoint', async () => {
  await chosen([]);
  const identity = { ollama: '/api/version', llamacpp: '/props', lmstudio: '/api/v0/models', vllm: '/version' };
  for (const p of PRESETS)
    assert.deepEqual(
      servers[p].requests.map((r) => `${r.method} ${r.path}`).sort(),
      ['GET /v1/models', `GET ${identity[p]}`].sort(),
    );
});

test('auto: a server that lists no usable model is passed over; the coder model is preferred', async () => {
  servers.ollama.respondModels(['nomic-embed-text']);
  servers.llamacpp.respondModels(['llama3:8b', 'qwen2.5-coder:7b', 'mxbai-embed-large']);
  const { backend, description } = await chosen([]);
  assert.equal(backend.name, 'llamacpp');
  assert.equal(backend.model, 'qwen2.5-coder:7b');
  assert.match(
    description,
    /Auto-detected llama\.cpp server at http:\/\/127\.0\.0\.1:\d+\/v1; completions use qwen2\.5-coder:7b/,
  );
});

test('auto: a server that does not answer in time is skipped', async () => {
  servers.ollama.respondModels({ hang: true });
  const { backend } = await chosen([]);
  assert.equal(backend.name, 'llamacpp');
});

test('auto: nothing local but an API key → OpenAI', async () => {
  const { backend, description } = await chosen(PRESETS, { OPENAI_API_KEY: 'sk-from-env-123456' });
  assert.ok(backend instanceof OpenAIBackend);
  assert.equal(backend.settings.baseURL, 'https://api.openai.com/v1');
  assert.equal(backend.settings.apiKey, 'sk-from-env-123456');
  assert.match(description, /API key is set, so completions come from OpenAI/);
  assert.ok(!description.includes('sk-from-env'), 'the key never appears in the description');
});

test('auto: nothing local and no key → the offline engine, saying how to change it', async () => {
  const { backend, description } = await chosen(PRESETS);
  assert.ok(backend instanceof LocalBackend);
  assert.match(description, /built-in offline engine/);
  assert.match(description, /Ollama, llama\.cpp server, LM Studio, vLLM/);
});

test('auto with a preset or URL set: that server, without probing', async () => {
  const { backend, description } = await createBackend(config({ 'backend.preset': 'mistral' }), {
    env: {},
    log,
    workspaceFolders: [],
    probePorts: ports(),
  });
  assert.equal(backend.name, 'mistral');
  assert.match(description, /Mistral Codestral at https:\/\/codestral\.mistral\.ai\/v1 with codestral-latest/);
  for (const p of PRESETS) assert.equal(servers[p].requests.length, 0);
});

test('kind local and kind openai are taken as they are', async () => {
  const local = await createBackend(config({ 'backend.kind': 'local' }), {
    env: {},
    log,
    workspaceFolders: [],
    probePorts: ports(),
  });
  assert.ok(local.backend instanceof LocalBackend);
  assert.match(local.description, /offline engine/);
  local.backend.dispose?.();
  const openai = await createBackend(config({ 'backend.kind': 'openai' }), {
    env: {},
    log,
    workspaceFolders: [],
    probePorts: ports(),
  });
  assert.equal((openai.backend as OpenAIBackend).settings.baseURL, 'https://api.openai.com/v1');
  for (const p of PRESETS) assert.equal(servers[p].requests.length, 0);
});

test('a detected Ollama completes through its FIM-aware suffix API', async () => {
  servers.ollama.respond('a + b');
  const { backend } = await createBackend(config(), { env: {}, log, workspaceFolders: [], probePorts: ports() });
  const { texts } = await collect(backend, request(fim('return ', ';')));
  assert.equal(texts[0], 'a + b');
  const [req] = servers.ollama.completions();
  assert.deepEqual(
    [req.path, req.body.model, req.body.prompt, req.body.suffix],
    ['/v1/completions', 'ollama-coder-model', 'return ', ';'],
  );
});

test('probeBackend: lists the models of the selected server', async () => {
  servers.ollama.respondModels(['qwen2.5-coder:1.5b', 'llama3']);
  const result = await probeBackend(config(), { env: {}, log, probePorts: ports() });
  assert.equal(result.ok, true);
  assert.deepEqual(result.models, ['qwen2.5-coder:1.5b', 'llama3']);
  assert.match(result.description, /Ollama/);
});

test('probeBackend: a configured server that is down or refuses the key reports why', async () => {
  const down = await probeBackend(config({ 'backend.baseURL': `http://127.0.0.1:${closed}/v1` }), { env: {}, log });
  assert.equal(down.ok, false);
  assert.match(down.problem!, /Cannot reach/);
  servers.vllm.respondModels({ status: 401 });
  const refused = await probeBackend(
    config({ 'backend.preset': 'vllm', 'backend.baseURL': servers.vllm.url, 'backend.apiKey': 'sk-wrong-key-000000' }),
    { env: {}, log },
  );
  assert.equal(refused.ok, false);
  assert.match(refused.problem!, /refused the API key.*backend\.apiKeyEnv/);
  assert.ok(!refused.problem!.includes('sk-wrong-key'));
});

test('probeBackend: the offline engine needs no server', async () => {
  const result = await probeBackend(config({ 'backend.kind': 'local' }), { env: {}, log });
  assert.deepEqual([result.ok, result.models], [true, []]);
});
