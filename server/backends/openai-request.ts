/**
 * Turns a BackendRequest into one HTTP call for an OpenAI-compatible server: which endpoint, which
 * body, and what to do with the streamed text on our side. Pure, so each combination of input kind,
 * API and FIM mode is tested without a server.
 */
import { fillInMessages } from '../prompt/chat';
import { resolveFimMode } from '../prompt/fim-mode';
import { type FimParts, renderPlainPrefix } from '../prompt/fim-templates';
import { renderInstructionPrompt } from '../prompt/instruction';
import type { OpenAISettings } from './presets';
import type { BackendRequest } from './types';

/** OpenAI rejects more than 4 stop sequences; the rest are enforced while streaming. */
export const MAX_SERVER_STOPS = 4;

export const ENDPOINT_PATHS = {
  completions: '/completions',
  chat: '/chat/completions',
  fim: '/fim/completions',
} as const;

export interface CallPlan {
  endpoint: keyof typeof ENDPOINT_PATHS;
  /** The JSON body without `stream`. */
  body: Record<string, unknown>;
  /** Every stop sequence, applied to each choice's text on our side. */
  stops: string[];
  /** Set for fill-in through a chat model: the answer needs its fences and prose removed. */
  chatAnswer?: { linePrefix: string };
}

const unique = (items: readonly string[]): string[] => [...new Set(items.filter((s) => s !== ''))];

export function planRequest(settings: OpenAISettings, model: string, request: BackendRequest): CallPlan {
  const common = {
    model,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    ...(request.n && request.n > 1 ? { n: request.n } : {}),
  };
  const withStops = (stops: string[]): Record<string, unknown> =>
    stops.length ? { stop: stops.slice(0, MAX_SERVER_STOPS) } : {};
  const input = request.input;

  if (input.kind === 'chat') {
    if (settings.api === 'chat') {
      const stops = unique(request.stop);
      return { endpoint: 'chat', body: { ...common, messages: input.messages, ...withStops(stops) }, stops };
    }
    const instruction = renderInstructionPrompt(input.messages);
    const stops = unique([...request.stop, ...instruction.stop]);
    return { endpoint: 'completions', body: { ...common, prompt: instruction.prompt, ...withStops(stops) }, stops };
  }

  const parts: FimParts = input;
  if (settings.api === 'chat') {
    // The request's stops apply to the extracted code, not to the raw answer (a "\n" stop would cut the fence line).
    const linePrefix = input.prefix.slice(input.prefix.lastIndexOf('\n') + 1);
    return {
      endpoint: 'chat',
      body: { ...common, messages: fillInMessages(parts) },
      stops: unique(request.stop),
      chatAnswer: { linePrefix },
    };
  }

  const mode = resolveFimMode(settings.fim, model, settings.fimOrder);
  if (mode.kind === 'suffix') {
    const stops = unique(request.stop);
    const endpoint = settings.suffixEndpoint === 'fim' ? 'fim' : 'completions';
    // Ollama's templates test `{{ if .Suffix }}`: an empty suffix (cursor at the end of the file) would drop FIM.
    const body = { ...common, prompt: renderPlainPrefix(parts), suffix: input.suffix || '\n', ...withStops(stops) };
    if (endpoint === 'fim') delete (body as Record<string, unknown>).n; // Mistral's FIM endpoint has no `n`
    return { endpoint, body, stops };
  }
  if (mode.kind === 'template') {
    const stops = unique([...request.stop, ...mode.template.stop]);
    return { endpoint: 'completions', body: { ...common, prompt: mode.render(parts), ...withStops(stops) }, stops };
  }
  const stops = unique(request.stop);
  return { endpoint: 'completions', body: { ...common, prompt: renderPlainPrefix(parts), ...withStops(stops) }, stops };
}
