import { EventEmitter } from 'node:events';
import { type Config, defaultConfig, SCHEMA } from './schema';
import { type Problem, validate } from './validate';

/** Sources in the order they override each other, key by key (`runtime`: the `arbor.toggle` command). */
export const LAYERS = ['file', 'env', 'initializationOptions', 'client', 'runtime'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * Holds each source's valid values and resolves them into one Config. A bad key never replaces a
 * good value: it is reported (once per distinct message) and the previous value stays.
 */
export class ConfigStore extends EventEmitter {
  private layers = new Map<Layer, Partial<Config>>();
  private reported = new Set<string>();
  private resolved: Config = defaultConfig();

  constructor(private readonly report: (problem: string) => void = () => {}) {
    super();
  }

  get current(): Config {
    return this.resolved;
  }

  /** Replaces one layer with validated settings. For `client`, bad keys keep their previous client value. */
  set(layer: Layer, settings: unknown, source: string = layer): Problem[] {
    const { values, problems } = validate(settings);
    const previous = this.layers.get(layer) ?? {};
    const next: Partial<Config> = { ...values };
    if (layer === 'client') {
      // A typo in one key must not reset the other keys the client set before.
      for (const { key } of problems) {
        if (key in previous) (next as Record<string, unknown>)[key] = (previous as Record<string, unknown>)[key];
      }
    }
    this.layers.set(layer, next);
    for (const p of problems) this.problem(`${source}: ${p.detail}`, p.detail);
    this.recompute();
    return problems;
  }

  /** Reports a problem once: the same mistake from another source or a later message is not repeated. */
  problem(message: string, dedupeKey = message): void {
    if (this.reported.has(dedupeKey)) return;
    this.reported.add(dedupeKey);
    this.report(message);
  }

  private recompute(): void {
    const before = this.resolved;
    const next = defaultConfig() as unknown as Record<string, unknown>;
    for (const layer of LAYERS) Object.assign(next, this.layers.get(layer) ?? {});
    this.resolved = next as unknown as Config;
    const changed = Object.keys(SCHEMA).filter(
      (k) => JSON.stringify((before as unknown as Record<string, unknown>)[k]) !== JSON.stringify(next[k]),
    );
    if (changed.length) this.emit('change', this.resolved, changed);
  }
}

/** A copy safe to print: secrets masked. */
export function maskSecrets(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const [key, spec] of Object.entries(SCHEMA)) {
    if ((spec as { secret?: boolean }).secret && out[key]) out[key] = maskSecret(String(out[key]));
  }
  return out;
}

export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '****' : `${secret.slice(0, 3)}…${secret.slice(-2)} (${secret.length} chars)`;
}

/**
 * Who a key may go to. `detected`: a local server found by auto-detection, which gets no key at
 * all (anyone can listen on its port). `preset`: a known server the user named with backend.preset
 * and no baseURL. `openai`: OpenAI itself, or a baseURL the user wrote.
 */
export type KeyDestination = 'detected' | 'preset' | 'openai';

/**
 * API key resolution: explicit key, then the named variable, then OPENAI_API_KEY. OPENAI_API_KEY
 * is in many environments for other reasons, so it goes only to OpenAI or a baseURL the user
 * configured, never to another preset's server or to an auto-detected one.
 */
export function resolveApiKey(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
  destination: KeyDestination = 'openai',
): string {
  if (destination === 'detected') return '';
  if (config['backend.apiKey']) return config['backend.apiKey'];
  if (config['backend.apiKeyEnv'] && env[config['backend.apiKeyEnv']]) return env[config['backend.apiKeyEnv']]!;
  return destination === 'openai' ? (env.OPENAI_API_KEY ?? '') : '';
}
