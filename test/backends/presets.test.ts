/** Preset resolution: preset defaults, explicit overrides, and the no-preset rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PRESETS, resolveOpenAISettings } from '../../server/backends/presets';
import { type Config, defaultConfig, BACKEND_PRESETS } from '../../server/config/schema';

const config = (over: Partial<Config> = {}): Config => ({ ...defaultConfig(), ...over });

test('every preset of the config schema has defaults', () => {
  assert.deepEqual(Object.keys(PRESETS).sort(), [...BACKEND_PRESETS].sort());
});

test('a preset fills URL, API, FIM mode and model', () => {
  const s = resolveOpenAISettings(config({ 'backend.preset': 'deepseek' }), {});
  assert.deepEqual(
    { preset: s.preset, baseURL: s.baseURL, api: s.api, fim: s.fim, model: s.model, suffixEndpoint: s.suffixEndpoint },
    {
      preset: 'deepseek',
      baseURL: 'https://api.deepseek.com/beta',
      api: 'completions',
      fim: 'suffix',
      model: 'deepseek-chat',
      suffixEndpoint: 'completions',
    },
  );
  const m = resolveOpenAISettings(config({ 'backend.preset': 'mistral' }), {});
  assert.equal(m.suffixEndpoint, 'fim');
  assert.equal(m.baseURL, 'https://codestral.mistral.ai/v1');
  assert.equal(resolveOpenAISettings(config({ 'backend.preset': 'ollama' }), {}).baseURL, 'http://127.0.0.1:11434/v1');
});

test('explicit settings beat the preset', () => {
  const s = resolveOpenAISettings(
    config({
      'backend.preset': 'ollama',
      'backend.baseURL': 'http://gpu-box:11434/v1/',
      'backend.model': 'codellama:7b-code',
      'backend.api': 'chat',
      'backend.fim': 'codellama',
      'backend.timeoutMs': 500,
    }),
    {},
  );
  assert.deepEqual(
    { baseURL: s.baseURL, model: s.model, api: s.api, fim: s.fim, timeoutMs: s.timeoutMs, label: s.label },
    {
      baseURL: 'http://gpu-box:11434/v1',
      model: 'codellama:7b-code',
      api: 'chat',
      fim: 'codellama',
      timeoutMs: 500,
      label: 'Ollama',
    },
  );
});

test('no preset and no URL: OpenAI', () => {
  const s = resolveOpenAISettings(config(), {});
  assert.equal(s.preset, 'openai');
  assert.equal(s.baseURL, 'https://api.openai.com/v1');
  assert.equal(s.api, 'chat');
  assert.equal(s.model, PRESETS.openai.model);
});

test('no preset, own URL: completions API on this machine, chat API elsewhere; fim stays auto', () => {
  const local = resolveOpenAISettings(config({ 'backend.baseURL': 'http://localhost:5000/v1' }), {});
  assert.deepEqual([local.preset, local.api, local.fim, local.model], ['', 'completions', 'auto', '']);
  const remote = resolveOpenAISettings(config({ 'backend.baseURL': 'https://openrouter.ai/api/v1' }), {});
  assert.equal(remote.api, 'chat');
});

test('API key: explicit, then the named variable, then OPENAI_API_KEY', () => {
  assert.equal(resolveOpenAISettings(config({ 'backend.apiKey': 'k1' }), { OPENAI_API_KEY: 'k3' }).apiKey, 'k1');
  assert.equal(
    resolveOpenAISettings(config({ 'backend.apiKeyEnv': 'MY_KEY' }), { MY_KEY: 'k2', OPENAI_API_KEY: 'k3' }).apiKey,
    'k2',
  );
  assert.equal(resolveOpenAISettings(config(), { OPENAI_API_KEY: 'k3' }).apiKey, 'k3');
  assert.equal(resolveOpenAISettings(config(), {}).apiKey, '');
});
