/**
 * Known OpenAI-compatible servers and their defaults. `backend.preset` picks one; `backend.baseURL`,
 * `backend.model`, `backend.api` and a non-`auto` `backend.fim` override its fields.
 */
import { type KeyDestination, resolveApiKey } from '../config/store';
import type { Config } from '../config/schema';
import type { BACKEND_PRESETS } from '../config/schema';
import type { FimOrder } from '../prompt/fim-mode';

export type PresetName = (typeof BACKEND_PRESETS)[number];
export type Api = 'completions' | 'chat';

export interface Preset {
  /** For messages: "Ollama at http://…". */
  label: string;
  baseURL: string;
  api: Api;
  /** `backend.fim` used when the setting is `auto`. */
  fim: string;
  /** Empty: pick from the models the server lists. */
  model: string;
  /** Where `fim: suffix` requests go: OpenAI-style `/completions` with `suffix`, or Mistral's `/fim/completions`. */
  suffixEndpoint: 'completions' | 'fim';
}

export const PRESETS: Readonly<Record<PresetName, Preset>> = {
  openai: {
    label: 'OpenAI',
    baseURL: 'https://api.openai.com/v1',
    api: 'chat',
    fim: 'auto',
    model: 'gpt-4o-mini',
    suffixEndpoint: 'completions',
  },
  // Ollama applies the model's own template to /v1/completions; `suffix` makes it use the FIM branch.
  ollama: {
    label: 'Ollama',
    baseURL: 'http://127.0.0.1:11434/v1',
    api: 'completions',
    fim: 'suffix',
    model: '',
    suffixEndpoint: 'completions',
  },
  llamacpp: {
    label: 'llama.cpp server',
    baseURL: 'http://127.0.0.1:8080/v1',
    api: 'completions',
    fim: 'auto',
    model: '',
    suffixEndpoint: 'completions',
  },
  vllm: {
    label: 'vLLM',
    baseURL: 'http://127.0.0.1:8000/v1',
    api: 'completions',
    fim: 'auto',
    model: '',
    suffixEndpoint: 'completions',
  },
  lmstudio: {
    label: 'LM Studio',
    baseURL: 'http://127.0.0.1:1234/v1',
    api: 'completions',
    fim: 'auto',
    model: '',
    suffixEndpoint: 'completions',
  },
  deepseek: {
    label: 'DeepSeek',
    baseURL: 'https://api.deepseek.com/beta',
    api: 'completions',
    fim: 'suffix',
    model: 'deepseek-chat',
    suffixEndpoint: 'completions',
  },
  mistral: {
    label: 'Mistral Codestral',
    baseURL: 'https://codestral.mistral.ai/v1',
    api: 'completions',
    fim: 'suffix',
    model: 'codestral-latest',
    suffixEndpoint: 'fim',
  },
};

/** Everything the openai backend needs, resolved from the configuration. */
export interface OpenAISettings {
  /** The preset these settings came from, or '' for a plain OpenAI-compatible endpoint. */
  preset: PresetName | '';
  label: string;
  baseURL: string;
  /** Empty: the backend picks one from GET /models on first use. */
  model: string;
  api: Api;
  fim: string;
  fimOrder: FimOrder;
  suffixEndpoint: 'completions' | 'fim';
  apiKey: string;
  timeoutMs: number;
}

const isLoopback = (url: string): boolean => {
  try {
    return ['127.0.0.1', 'localhost', '[::1]', '0.0.0.0'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

/**
 * Merges preset and explicit settings. Without a preset, an empty baseURL means OpenAI; another
 * endpoint gets the completions API when it is on this machine (llama.cpp, vLLM, … all offer it)
 * and the chat API otherwise (hosted services reliably offer only that).
 */
export function resolveOpenAISettings(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
  preset: PresetName | '' = config['backend.preset'],
  detected = false,
): OpenAISettings {
  const base = preset ? PRESETS[preset] : config['backend.baseURL'] ? undefined : PRESETS.openai;
  const keyDestination: KeyDestination = detected
    ? 'detected'
    : base === PRESETS.openai || config['backend.baseURL']
      ? 'openai'
      : 'preset';
  const baseURL = (config['backend.baseURL'] || base?.baseURL || '').replace(/\/+$/, '');
  const api: Api = config['backend.api'] || base?.api || (isLoopback(baseURL) ? 'completions' : 'chat');
  const fim = config['backend.fim'] === 'auto' ? (base?.fim ?? 'auto') : config['backend.fim'];
  return {
    preset: preset || (base === PRESETS.openai ? 'openai' : ''),
    label: base?.label ?? 'the OpenAI-compatible server',
    baseURL,
    model: config['backend.model'] || base?.model || '',
    api,
    fim,
    fimOrder: config['backend.fimOrder'],
    suffixEndpoint: base?.suffixEndpoint ?? 'completions',
    apiKey: resolveApiKey(config, env, keyDestination),
    timeoutMs: config['backend.timeoutMs'],
  };
}
