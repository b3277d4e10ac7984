/**
 * The backend for every OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM, LM Studio,
 * DeepSeek, Mistral). One `openai` client per configuration, reused for every request so sockets
 * stay alive; the package's own retries are off so a failure surfaces once, as a BackendError.
 */
import OpenAI, { APIError, APIUserAbortError } from 'openai';
import type { Logger } from '../log/logger';
import { ChatAnswerFilter } from '../prompt/chat-answer';
import { createHttpFetch, type HttpFetch } from './http-fetch';
import { pickModel } from './model-choice';
import { type CallPlan, ENDPOINT_PATHS, planRequest } from './openai-request';
import { type FailureContext, notFoundError, toBackendError } from './openai-errors';
import type { OpenAISettings } from './presets';
import { RateLimitGate, retryAfterMs } from './rate-limit';
import { StopScanner } from './stop-scanner';
import { type Backend, BackendError, type BackendRequest, type StreamPiece } from './types';

/** One streamed chunk of any of the three endpoints, as loosely as servers send them. */
interface Chunk {
  choices?: Array<{
    index?: number;
    text?: string | null;
    delta?: { content?: string | null };
    finish_reason?: string | null;
  }>;
}

/** One choice's text on its way out: chat-answer cleanup, then stop sequences. */
class ChoiceOutput {
  private readonly answer?: ChatAnswerFilter;
  private readonly stops: StopScanner;
  finished = false;

  constructor(plan: CallPlan) {
    if (plan.chatAnswer) this.answer = new ChatAnswerFilter(plan.chatAnswer.linePrefix);
    this.stops = new StopScanner(plan.stops);
  }

  get stopped(): boolean {
    return this.stops.stopped;
  }

  push(text: string): string {
    return this.stops.push(this.answer ? this.answer.push(text) : text);
  }

  end(): string {
    const last = this.stops.push(this.answer ? this.answer.end() : '');
    return last + this.stops.end();
  }
}

/** The answer to GET /models. */
export type ModelListing = { ok: true; models: string[] } | { ok: false; error: BackendError };

export interface OpenAIBackendOptions {
  log: Logger;
  /** Clock for the rate-limit pause (tests). */
  now?: () => number;
}

export class OpenAIBackend implements Backend {
  readonly name: string;
  readonly capabilities = { fim: true, chat: true };
  private readonly client: OpenAI;
  private readonly http: HttpFetch;
  private readonly gate: RateLimitGate;
  private readonly log: Logger;
  private chosenModel: string;
  private modelList?: Promise<ModelListing>;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    readonly settings: OpenAISettings,
    options: OpenAIBackendOptions,
  ) {
    this.name = settings.preset || 'openai';
    this.log = options.log.child({ backend: this.name });
    this.chosenModel = settings.model;
    this.gate = new RateLimitGate(`${settings.label} at ${settings.baseURL}`, options.now);
    this.http = createHttpFetch();
    this.client = new OpenAI({
      baseURL: settings.baseURL,
      // The package insists on a key; without one we send no Authorization header at all.
      apiKey: settings.apiKey || 'unused',
      adminAPIKey: null,
      defaultHeaders: settings.apiKey ? undefined : { Authorization: null },
      maxRetries: 0,
      timeout: settings.timeoutMs,
      logLevel: 'warn',
      logger: this.packageLogger(),
      fetch: this.http.fetch,
    });
  }

  /** The model in use; empty until picked from the server's list when none was configured. */
  get model(): string {
    return this.chosenModel;
  }

  /** GET /models (for 404 messages, choosing a model, `arbor-ls doctor`); an answer is remembered, a failure is not. */
  listModels(): Promise<ModelListing> {
    const listing = (this.modelList ??= this.fetchModels());
    void listing.then((l) => {
      if (!l.ok && this.modelList === listing) this.modelList = undefined;
    });
    return listing;
  }

  /**
   * GET /models once: the first completion then finds an open keep-alive connection and a client
   * that has run (about 30 ms of the first request on loopback), and the listing is kept for
   * choosing a model and for 404 messages.
   */
  warm(): void {
    void this.listModels();
  }

  async *complete(request: BackendRequest, signal: AbortSignal): AsyncIterable<StreamPiece> {
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = (): void => controller.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    // Idle timeout: the server must start answering, and keep streaming, within timeoutMs.
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.settings.timeoutMs);
    this.inFlight.add(controller);
    let plan: CallPlan | undefined;
    let completed = false;
    try {
      if (signal.aborted) throw new BackendError('cancelled', 'Request cancelled.');
      this.gate.check();
      plan = planRequest(this.settings, await this.resolveModel(), request);
      const stream = await this.open(plan, controller.signal);
      const outputs = new Map<number, ChoiceOutput>();
      for await (const chunk of stream as AsyncIterable<Chunk>) {
        timer.refresh();
        for (const c of chunk.choices ?? []) {
          const choice = c.index ?? 0;
          let output = outputs.get(choice);
          if (!output) outputs.set(choice, (output = new ChoiceOutput(plan)));
          const text = output.push(c.text ?? c.delta?.content ?? '');
          if (text) yield { choice, text };
          if (c.finish_reason) output.finished = true;
        }
        // Every choice hit a stop sequence: leaving the loop closes the request and saves tokens.
        if (outputs.size >= (request.n ?? 1) && [...outputs.values()].every((o) => o.stopped)) break;
      }
      if (controller.signal.aborted) throw new APIUserAbortError(); // cancelled, timed out or disposed
      if (outputs.size === 0 || [...outputs.values()].some((o) => !o.finished && !o.stopped)) {
        throw new BackendError(
          'bad-response',
          `The answer from ${this.settings.label} at ${this.settings.baseURL} ended before the model finished (truncated stream).`,
        );
      }
      for (const [choice, output] of outputs) {
        const text = output.end();
        if (text) yield { choice, text };
      }
      this.gate.succeeded();
      completed = true;
    } catch (err) {
      throw await this.failure(err, this.failureContext(timedOut, signal.aborted), plan);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      this.inFlight.delete(controller);
      // Closes the socket when the consumer stopped early; a complete answer leaves it to keep-alive.
      if (!completed) controller.abort();
    }
  }

  dispose(): void {
    for (const c of this.inFlight) c.abort();
    this.inFlight.clear();
    this.http.destroy();
  }

  private open(plan: CallPlan, signal: AbortSignal): Promise<AsyncIterable<unknown>> {
    const body = { ...plan.body, stream: true };
    switch (plan.endpoint) {
      case 'completions':
        return this.client.completions.create(body as unknown as OpenAI.CompletionCreateParamsStreaming, { signal });
      case 'chat':
        return this.client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, {
          signal,
        });
      case 'fim':
        return this.client.post<AsyncIterable<unknown>>(ENDPOINT_PATHS.fim, { body, stream: true, signal });
    }
  }

  private async resolveModel(): Promise<string> {
    if (this.chosenModel) return this.chosenModel;
    const listing = await this.listModels();
    if (!listing.ok) throw listing.error;
    const picked = pickModel(listing.models);
    if (!picked) {
      throw new BackendError(
        'config',
        `backend.model is empty and ${this.settings.label} at ${this.settings.baseURL} lists no models to choose from. Set backend.model.`,
      );
    }
    this.chosenModel = picked;
    this.log.info({ model: picked }, 'model chosen from the server list');
    return picked;
  }

  private async fetchModels(): Promise<ModelListing> {
    try {
      const page = await this.client.models.list({ timeout: this.settings.timeoutMs });
      return { ok: true, models: page.data.map((m) => m.id) };
    } catch (err) {
      const error = toBackendError(err, this.failureContext(false, false));
      this.log.debug({ kind: error.kind }, `GET /models failed: ${error.message}`);
      return { ok: false, error };
    }
  }

  private failureContext(timedOut: boolean, cancelled: boolean): FailureContext {
    const { label, baseURL, apiKey, timeoutMs } = this.settings;
    return { label, baseURL, model: this.chosenModel, apiKeySet: apiKey !== '', timeoutMs, timedOut, cancelled };
  }

  private async failure(err: unknown, ctx: FailureContext, plan: CallPlan | undefined): Promise<BackendError> {
    if (!ctx.cancelled && !ctx.timedOut && err instanceof APIError) {
      if (err.status === 429) return this.gate.limited(retryAfterMs(err.headers));
      if (err.status === 404) {
        const listing = await this.listModels();
        return notFoundError(
          ctx,
          ENDPOINT_PATHS[plan?.endpoint ?? 'completions'],
          listing.ok ? listing.models : undefined,
        );
      }
    }
    const mapped = toBackendError(err, ctx);
    if (mapped.kind !== 'cancelled') this.log.debug({ kind: mapped.kind }, mapped.message);
    return mapped;
  }

  /** The package logs through pino at debug level: we report failures ourselves. */
  private packageLogger(): OpenAI['logger'] {
    const to = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string) =>
      this.log.debug({ from: 'openai', level }, message);
    return { debug: to('debug'), info: to('info'), warn: to('warn'), error: to('error') };
  }
}
