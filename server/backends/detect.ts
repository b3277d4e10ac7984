/**
 * Auto-detection of model servers running on this machine. Any local user or unrelated dev server
 * can listen on these ports, so a server is trusted only after it answers its product's own
 * identity endpoint in that product's shape (not just the OpenAI-compatible `/v1/models` that
 * everything imitates). All ports are probed at once with a short timeout; the answers are ranked
 * by a fixed priority, not by speed. A detected server never receives an API key (see presets.ts).
 */
import { pickModel } from './model-choice';
import type { PresetName } from './presets';

export type LocalServerPreset = Extract<PresetName, 'ollama' | 'llamacpp' | 'lmstudio' | 'vllm'>;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isVersion = (v: unknown): boolean => typeof v === 'string' && /^v?\d+\.\d+/.test(v);

interface Identity {
  /** Path on the server's origin (not under /v1). */
  path: string;
  /** True when the body has this product's shape. */
  proves(body: unknown): boolean;
}

/**
 * What each product answers that a look-alike would not by accident:
 * - Ollama: GET /api/version → {"version":"0.5.7"}
 * - llama.cpp server: GET /props → {"default_generation_settings":{...}, "total_slots":N, ...}
 * - LM Studio: GET /api/v0/models → {"data":[{"id", "type":"llm"|"vlm"|"embeddings", "state", ...}]}
 * - vLLM: GET /version → {"version":"0.6.3"}, and its /v1/models entries say owned_by "vllm"
 */
const IDENTITIES: Record<LocalServerPreset, Identity> = {
  ollama: { path: '/api/version', proves: (b) => isObject(b) && isVersion(b.version) && Object.keys(b).length === 1 },
  llamacpp: {
    path: '/props',
    proves: (b) => isObject(b) && isObject(b.default_generation_settings) && typeof b.total_slots === 'number',
  },
  lmstudio: {
    path: '/api/v0/models',
    proves: (b) =>
      isObject(b) &&
      Array.isArray(b.data) &&
      b.data.length > 0 &&
      b.data.every(
        (m) => isObject(m) && typeof m.id === 'string' && typeof m.type === 'string' && typeof m.state === 'string',
      ),
  },
  vllm: { path: '/version', proves: (b) => isObject(b) && isVersion(b.version) && Object.keys(b).length === 1 },
};

/** Probe order is priority order: the first that proves itself with a usable model wins. */
export const LOCAL_SERVERS: ReadonlyArray<{ preset: LocalServerPreset; port: number }> = [
  { preset: 'ollama', port: 11434 },
  { preset: 'llamacpp', port: 8080 },
  { preset: 'lmstudio', port: 1234 },
  { preset: 'vllm', port: 8000 },
];

export const PROBE_TIMEOUT_MS = 300;
/** A probe answer larger than this is not a model server's listing. */
const MAX_PROBE_BYTES = 1 << 20;

export interface DetectOptions {
  /** Other ports per server (tests run fake servers on random ports). */
  ports?: Partial<Record<LocalServerPreset, number>>;
  timeoutMs?: number;
}

export interface FoundServer {
  preset: LocalServerPreset;
  baseURL: string;
  models: string[];
  /** The model we would use. */
  model: string;
}

/** A listener that answered but did not prove to be the product its port belongs to. */
export interface Impostor {
  preset: LocalServerPreset;
  baseURL: string;
}

export interface Detection {
  found: FoundServer[];
  impostors: Impostor[];
}

/** GET url as JSON, or undefined when it fails, is not JSON, is too large or does not answer in time. Never sends credentials. */
async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (!res.ok) return undefined;
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > MAX_PROBE_BYTES) return undefined;
    const text = await res.text();
    return text.length > MAX_PROBE_BYTES ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function modelIds(body: unknown): Json[] | undefined {
  if (!isObject(body) || !Array.isArray(body.data)) return undefined;
  return body.data.filter((m): m is Json => isObject(m) && typeof m.id === 'string');
}

async function probe(
  preset: LocalServerPreset,
  port: number,
  timeoutMs: number,
): Promise<FoundServer | Impostor | undefined> {
  const origin = `http://127.0.0.1:${port}`;
  const baseURL = `${origin}/v1`;
  const identity = IDENTITIES[preset];
  const [models, proof] = await Promise.all([
    getJson(`${baseURL}/models`, timeoutMs),
    getJson(origin + identity.path, timeoutMs),
  ]);
  const listed = modelIds(models);
  if (!listed) return undefined;
  const vllmOwned = preset !== 'vllm' || (listed.length > 0 && listed.every((m) => m.owned_by === 'vllm'));
  if (!identity.proves(proof) || !vllmOwned) return { preset, baseURL };
  const ids = listed.map((m) => m.id as string);
  const model = pickModel(ids);
  return model ? { preset, baseURL, models: ids, model } : undefined;
}

/** Every known local server that proved what it is and lists a model we can use, in priority order; and the listeners that did not prove it. */
export async function detectLocalServers(options: DetectOptions = {}): Promise<Detection> {
  const timeoutMs = options.timeoutMs ?? PROBE_TIMEOUT_MS;
  const results = await Promise.all(
    LOCAL_SERVERS.map(({ preset, port }) => probe(preset, options.ports?.[preset] ?? port, timeoutMs)),
  );
  const detection: Detection = { found: [], impostors: [] };
  for (const r of results) {
    if (!r) continue;
    if ('model' in r) detection.found.push(r);
    else detection.impostors.push(r);
  }
  return detection;
}
