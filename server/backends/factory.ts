/**
 * Which backend answers, decided once per configuration. `backend.kind: auto` (the default) probes
 * model servers on this machine, then uses OpenAI when a key is set, else the offline engine.
 * A new backend is one module and one line in BACKENDS (plus its `backend.kind` value).
 */
import type { Config } from '../config/schema';
import { resolveApiKey } from '../config/store';
import type { Logger } from '../log/logger';
import { createExclusionMatcher } from '../privacy/exclude';
import { detectLocalServers, type DetectOptions, type Impostor, LOCAL_SERVERS } from './detect';
import { LocalBackend } from './local/local-backend';
import { OpenAIBackend } from './openai';
import { PRESETS, type OpenAISettings, resolveOpenAISettings } from './presets';
import type { ProgressReporter } from '../log/progress';
import type { Backend } from './types';

export interface CreateBackendOptions {
  env?: NodeJS.ProcessEnv;
  log: Logger;
  workspaceFolders: string[];
  /** Ports of the local servers to probe (tests run fake servers on random ports). */
  probePorts?: DetectOptions['ports'];
  /** Shows the offline engine's workspace indexing. */
  progress?: ProgressReporter;
  /** Privacy predicate for the offline engine's index; default: the built-in list plus `exclude`. */
  isExcluded?: (uriOrPath: string) => boolean;
  /** Shows the user a message (the offline engine refusing to walk `/` or a home directory). */
  notify?: (message: string) => void;
}

/** What `auto` (or an explicit kind) resolved to, and why. */
export type BackendChoice = (
  | { kind: 'openai'; settings: OpenAISettings; reason: 'configured' | 'detected' | 'api-key' }
  | { kind: 'local'; reason: 'configured' | 'fallback' }
) & {
  /** Listeners on a model server's port that did not prove to be that server: not used. */
  impostors?: Impostor[];
};

type Factories = {
  [K in BackendChoice['kind']]: (
    choice: Extract<BackendChoice, { kind: K }>,
    config: Config,
    opts: CreateBackendOptions,
  ) => Backend;
};

const BACKENDS: Factories = {
  openai: (choice, _config, opts) => new OpenAIBackend(choice.settings, { log: opts.log }),
  local: (_choice, config, opts) => {
    const builtIn = createExclusionMatcher(config.exclude, opts.workspaceFolders);
    const extra = opts.isExcluded;
    return new LocalBackend({
      workspaceFolders: opts.workspaceFolders,
      maxFiles: config['local.maxFiles'],
      maxFileBytes: config['local.maxFileBytes'],
      allowHomeRoot: config['local.allowHomeRoot'],
      // The built-in list always applies, whatever predicate the caller passes.
      isExcluded: extra ? (p) => builtIn(p) || extra(p) : builtIn,
      log: opts.log,
      progress: opts.progress,
      notify: opts.notify,
    });
  },
};

export async function chooseBackend(
  config: Config,
  opts: Pick<CreateBackendOptions, 'env' | 'probePorts'>,
): Promise<BackendChoice> {
  const env = opts.env ?? process.env;
  const kind = config['backend.kind'];
  if (kind === 'local') return { kind: 'local', reason: 'configured' };
  const explicitServer = config['backend.preset'] !== '' || config['backend.baseURL'] !== '';
  if (kind === 'openai' || explicitServer)
    return { kind: 'openai', settings: resolveOpenAISettings(config, env), reason: 'configured' };

  const {
    found: [found],
    impostors,
  } = await detectLocalServers({ ports: opts.probePorts });
  if (found) {
    // No key for a detected server: whatever the user configured was not meant for it.
    const settings = resolveOpenAISettings(config, env, found.preset, true);
    return {
      kind: 'openai',
      settings: { ...settings, baseURL: found.baseURL, model: settings.model || found.model },
      reason: 'detected',
      impostors,
    };
  }
  if (resolveApiKey(config, env))
    return { kind: 'openai', settings: resolveOpenAISettings(config, env, 'openai'), reason: 'api-key', impostors };
  return { kind: 'local', reason: 'fallback', impostors };
}

/** Why a listener on a model server's port was not used, and how to use it anyway. */
export function describeImpostors(impostors: readonly Impostor[] = []): string | undefined {
  if (impostors.length === 0) return undefined;
  const which = impostors.map((i) => `${i.baseURL} (${PRESETS[i.preset].label}'s port)`).join(', ');
  return `Ignored ${which}: it answers like an OpenAI-compatible server but did not prove to be ${impostors.length === 1 ? PRESETS[impostors[0].preset].label : 'the server its port belongs to'}, so nothing is sent there. If it is yours, set backend.baseURL to it.`;
}

/** One sentence: what answers completions and how to change it. */
export function describeChoice(choice: BackendChoice): string {
  if (choice.kind === 'local') {
    return choice.reason === 'configured'
      ? 'Completions come from the built-in offline engine, which learns from your workspace (no model, no network); set backend.kind to "auto" or "openai" to use a model.'
      : `No model server answered on this machine (${LOCAL_SERVERS.map((s) => PRESETS[s.preset].label).join(', ')}) and no API key is set, so completions come from the built-in offline engine; start one of those servers or set backend.preset to use a model.`;
  }
  const s = choice.settings;
  const model = s.model || 'the first suitable model it lists';
  switch (choice.reason) {
    case 'configured':
      return `Completions come from ${s.label} at ${s.baseURL} with ${model} (${s.api} API); change this with backend.preset, backend.baseURL and backend.model.`;
    case 'detected':
      return `Auto-detected ${s.label} at ${s.baseURL}; completions use ${model} (set backend.model to pick another, or backend.kind to choose the backend yourself).`;
    case 'api-key':
      return `No model server answered on this machine but an API key is set, so completions come from ${s.label} (${model}); set backend.kind to "local" to stay offline.`;
  }
}

export async function createBackend(
  config: Config,
  opts: CreateBackendOptions,
): Promise<{ backend: Backend; description: string }> {
  const choice = await chooseBackend(config, opts);
  const factory = BACKENDS[choice.kind] as (
    choice: BackendChoice,
    config: Config,
    opts: CreateBackendOptions,
  ) => Backend;
  const backend = factory(choice, config, opts);
  const description = describeChoice(choice);
  opts.log.info({ backend: backend.name, model: backend.model }, description);
  const ignored = describeImpostors(choice.impostors);
  if (ignored) opts.log.warn(ignored);
  return { backend, description };
}

export interface ProbeResult {
  /** The backend answers (always true for the offline engine). */
  ok: boolean;
  description: string;
  /** Models the server lists (empty for the offline engine or when it did not answer). */
  models: string[];
  /** Why it failed, with what to do about it. */
  problem?: string;
}

/** A quick health check for `arbor-ls doctor`: which backend `config` selects, and does it answer? */
export async function probeBackend(
  config: Config,
  opts: Pick<CreateBackendOptions, 'env' | 'probePorts' | 'log'>,
): Promise<ProbeResult> {
  const choice = await chooseBackend(config, opts);
  const description = [describeChoice(choice), describeImpostors(choice.impostors)].filter(Boolean).join(' ');
  if (choice.kind === 'local') return { ok: true, description, models: [] };
  const backend = new OpenAIBackend(choice.settings, { log: opts.log });
  try {
    const listing = await backend.listModels();
    return listing.ok
      ? { ok: true, description, models: listing.models }
      : { ok: false, description, models: [], problem: listing.error.message };
  } finally {
    backend.dispose();
  }
}
