/** Shared bits for backend tests. */
import { silentLogger } from '../../server/log/logger';
import { OpenAIBackend } from '../../server/backends/openai';
import type { OpenAISettings } from '../../server/backends/presets';
import type { Backend, BackendError, BackendRequest, StreamPiece } from '../../server/backends/types';
import type { ModelInput } from '../../server/model/input';
import type { OpenAITestServer } from '../support/openai-server';

export function settingsFor(srv: OpenAITestServer, over: Partial<OpenAISettings> = {}): OpenAISettings {
  return {
    preset: '',
    label: 'test server',
    baseURL: srv.url,
    model: 'test-model',
    api: 'completions',
    fim: 'none',
    fimOrder: 'auto',
    suffixEndpoint: 'completions',
    apiKey: '',
    timeoutMs: 3000,
    ...over,
  };
}

export function backendFor(
  srv: OpenAITestServer,
  over: Partial<OpenAISettings> = {},
  now?: () => number,
): OpenAIBackend {
  return new OpenAIBackend(settingsFor(srv, over), { log: silentLogger(), now });
}

export function fim(prefix: string, suffix = '', over: Partial<Extract<ModelInput, { kind: 'fim' }>> = {}): ModelInput {
  return { kind: 'fim', prefix, suffix, filePath: 'src/a.ts', languageId: 'typescript', context: [], ...over };
}

export function request(input: ModelInput, over: Partial<BackendRequest> = {}): BackendRequest {
  return { input, stop: [], maxTokens: 64, temperature: 0.2, ...over };
}

/** Runs a completion to the end: every piece, and the text per choice. */
export async function collect(
  backend: Backend,
  req: BackendRequest,
  signal = new AbortController().signal,
): Promise<{ pieces: StreamPiece[]; texts: string[] }> {
  const pieces: StreamPiece[] = [];
  for await (const p of backend.complete(req, signal)) pieces.push(p);
  const texts: string[] = [];
  for (const p of pieces) texts[p.choice] = (texts[p.choice] ?? '') + p.text;
  return { pieces, texts };
}

/** The BackendError a completion fails with (fails the test when it succeeds or throws something else). */
export async function failure(backend: Backend, req: BackendRequest, signal?: AbortSignal): Promise<BackendError> {
  try {
    await collect(backend, req, signal);
  } catch (err) {
    if ((err as Error).name === 'BackendError') return err as BackendError;
    throw err;
  }
  throw new Error('expected the completion to fail');
}
