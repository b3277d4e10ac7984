/**
 * Auto-detection of model servers running on this machine: GET /v1/models on each known port, all
 * at once with a short timeout; the answers are ranked by a fixed priority, not by speed.
 */
import { pickModel } from './model-choice';
import type { PresetName } from './presets';

export type LocalServerPreset = Extract<PresetName, 'ollama' | 'llamacpp' | 'lmstudio' | 'vllm'>;

/** Probe order is priority order: the first that answers with a usable model wins. */
export const LOCAL_SERVERS: ReadonlyArray<{ preset: LocalServerPreset; port: number }> = [
  { preset: 'ollama', port: 11434 },
  { preset: 'llamacpp', port: 8080 },
  { preset: 'lmstudio', port: 1234 },
  { preset: 'vllm', port: 8000 },
];

export const PROBE_TIMEOUT_MS = 300;

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

/** The model ids a server lists at GET {baseURL}/models, or undefined when it does not answer in time. */
export async function listModelsAt(baseURL: string, timeoutMs: number): Promise<string[] | undefined> {
  try {
    const res = await fetch(`${baseURL}/models`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    const body = (await res.json()) as { data?: Array<{ id?: unknown }> };
    return (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return undefined;
  }
}

/** Every known local server that answered with a model we can use, in priority order. */
export async function detectLocalServers(options: DetectOptions = {}): Promise<FoundServer[]> {
  const probes = LOCAL_SERVERS.map(async ({ preset, port }): Promise<FoundServer | undefined> => {
    const baseURL = `http://127.0.0.1:${options.ports?.[preset] ?? port}/v1`;
    const models = await listModelsAt(baseURL, options.timeoutMs ?? PROBE_TIMEOUT_MS);
    const model = models && pickModel(models);
    return model ? { preset, baseURL, models: models!, model } : undefined;
  });
  return (await Promise.all(probes)).filter((s): s is FoundServer => s !== undefined);
}
