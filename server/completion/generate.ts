import { BackendError, type Backend, type BackendRequest, type StreamPiece } from '../backends/types';
import type { ModelInput } from '../model/input';
import type { Config } from '../config/schema';
import { DocumentTree, type SyntaxDocument } from '../syntax/document-tree';
import { decideExtent, type Extent } from './extent';
import type { CompletionSite } from './site';
import { Stopwatch, type CompletionOutcome } from './outcome';
import { AFTER_STREAM, postprocess } from './postprocess/pipeline';
import { buildSituation, type Situation } from './postprocess/situation';
import { StreamStop } from './postprocess/stop/stream-stop';

export interface GenerateArgs {
  /** Where the completion goes (site.ts). */
  site: CompletionSite;
  /** The document's syntax tree holder; one is made (and freed) here when missing or stale. */
  doc?: DocumentTree;
  /** The language is still warming up (grammar loading, first parse): plain-text rules, no tree made here. */
  plainText?: boolean;
  config: Config;
  backend: Backend;
  /** What the model sees, built by the caller's context layer. */
  input: ModelInput;
  signal: AbortSignal;
  /** Choices to ask for (inline completion invoked by hand); default 1. */
  n?: number;
}

/** Line mode asks for this many tokens at most: one line rarely needs more. */
const LINE_MAX_TOKENS = 128;

/**
 * One completion, start to end: decide how much to write, ask the backend, stop the stream as soon
 * as the completion is complete (aborting the request), post-process each choice. Never throws:
 * every way it can end is a typed outcome with a reason and the time each stage took.
 */
export async function generateCompletion(args: GenerateArgs): Promise<CompletionOutcome> {
  const watch = new Stopwatch();
  if (args.signal.aborted)
    return { kind: 'cancelled', reason: 'cancelled before the request started', timings: watch.timings };
  let owned: DocumentTree | undefined;
  try {
    const { site } = args;
    let doc: SyntaxDocument | undefined = args.doc && args.doc.text === site.text ? args.doc : undefined;
    if (args.plainText) doc = { grammarName: undefined, text: site.text, tree: () => undefined };
    if (!doc) {
      owned = await DocumentTree.create(site.languageId, site.uri, site.text, {
        maxBytes: args.config['syntax.maxFileBytes'],
      });
      doc = owned;
    }
    doc.tree();
    watch.lap('parse');
    const extent = decideExtent(site, doc, args.config['completion.multiline']);
    watch.lap('extent');
    if (args.signal.aborted)
      return { kind: 'cancelled', reason: 'cancelled before the request started', timings: watch.timings };

    const n = Math.max(1, args.n ?? 1);
    const stream = new ModelStream(args.backend, requestFor(args, extent, n), args.signal);
    let streamed: Streamed;
    try {
      // The post-processing situation is built while the request is on its way: the model's
      // first token takes longer than this (about 0.3 ms at 5k lines) even on a local server.
      await new Promise((resolve) => setImmediate(resolve));
      const situation = buildSituation({
        site,
        mode: extent.mode,
        extentReason: extent.reason,
        maxLines: args.config['completion.maxLines'],
        doc,
        windowedLexing: args.plainText,
      });
      watch.lap('situation');
      streamed = await streamChoices(stream, args, situation, n, watch);
    } finally {
      stream.close();
    }
    if (streamed.kind !== 'ok') return { ...streamed, timings: watch.timings };

    const situation = streamed.situation;
    const choices: string[] = [];
    let dropped: string | undefined;
    for (const raw of streamed.texts) {
      const result = postprocess(raw, situation, watch.timings, AFTER_STREAM);
      if (result.text !== null && !choices.includes(result.text)) choices.push(result.text);
      else if (result.text === null)
        dropped ??=
          raw.trim() === '' ? 'the model returned nothing' : `post-processing dropped it (${result.droppedBy})`;
    }
    watch.lap('postprocess');
    if (choices.length === 0)
      return { kind: 'empty', reason: dropped ?? 'the model returned nothing', timings: watch.timings };
    // A line completion whose first line opened a block was widened to it while streaming.
    const mode = streamed.widened ? 'block' : extent.mode;
    return { kind: 'ok', choices, mode, timings: watch.timings, stoppedEarly: streamed.stoppedEarly };
  } catch (err) {
    const error =
      err instanceof BackendError
        ? err
        : new BackendError('bad-response', `completion failed: ${err instanceof Error ? err.message : String(err)}`);
    return { kind: 'error', reason: error.message, error, timings: watch.timings };
  } finally {
    owned?.dispose();
  }
}

function requestFor(args: GenerateArgs, extent: Extent, n: number): BackendRequest {
  const maxTokens = args.config['backend.maxTokens'];
  // One line in a string or comment: the server stops at the line break. A line of code may widen
  // to a block when its first line opens one (stream-stop), so the stream stop ends it instead.
  const oneLine =
    extent.mode === 'line' && !(extent.reason === 'mid-expression' || extent.reason === 'text-after-cursor');
  return {
    input: args.input,
    stop: oneLine ? ['\n'] : [],
    maxTokens: oneLine ? Math.min(maxTokens, LINE_MAX_TOKENS) : maxTokens,
    temperature: args.config['backend.temperature'],
    ...(n > 1 ? { n } : {}),
  };
}

type Streamed =
  | { kind: 'ok'; texts: string[]; stoppedEarly: boolean; situation: Situation; widened: boolean }
  | { kind: 'cancelled' | 'error'; reason: string; error?: BackendError };

/**
 * A backend stream started at once: the request leaves when this is made, the pieces are read
 * later. `close` aborts the request (the model stops generating) unless it ended by itself.
 */
class ModelStream {
  private readonly controller = new AbortController();
  private readonly iterator: AsyncIterator<StreamPiece>;
  private readonly forward = () => this.controller.abort(this.signal.reason);
  private pending: Promise<IteratorResult<StreamPiece>> | undefined;
  /** The stream ended by itself: nothing to abort (aborting late would close a connection the pool could reuse). */
  private ended = false;

  constructor(
    backend: Backend,
    request: BackendRequest,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', this.forward, { once: true });
    this.iterator = backend.complete(request, this.controller.signal)[Symbol.asyncIterator]();
    this.pending = this.iterator.next();
    this.pending.catch(() => {}); // read (and its error handled) by next(); until then it must not count as unhandled
  }

  async next(): Promise<IteratorResult<StreamPiece>> {
    const result = this.pending ?? this.iterator.next();
    this.pending = undefined;
    const r = await result;
    if (r.done) this.ended = true;
    return r;
  }

  /** Stops the model: nothing more is paid for or waited on. */
  abort(): void {
    this.controller.abort();
  }

  close(): void {
    this.signal.removeEventListener('abort', this.forward);
    if (this.ended) return;
    this.controller.abort();
    void this.iterator.return?.().catch(() => {});
  }
}

/** Streams every choice through its own stop rules; aborts the request once all of them are complete. */
async function streamChoices(
  stream: ModelStream,
  args: GenerateArgs,
  situation: Situation,
  n: number,
  watch: Stopwatch,
): Promise<Streamed> {
  const stops = Array.from({ length: n }, () => new StreamStop(situation));
  let stoppedEarly = false;
  let first = true;
  try {
    for (let r = await stream.next(); !r.done; r = await stream.next()) {
      if (first) {
        watch.lap('first-piece');
        first = false;
      }
      const piece = r.value;
      const stop = stops[piece.choice];
      if (!stop || stop.stopped) continue;
      stop.push(piece.text);
      if (stops.every((s) => s.stopped)) {
        stoppedEarly = true;
        stream.abort(); // the model stops generating: no more tokens paid for or waited on
        break;
      }
    }
  } catch (err) {
    if (args.signal.aborted) return { kind: 'cancelled', reason: 'cancelled while the model was answering' };
    if (!stoppedEarly) {
      const error =
        err instanceof BackendError
          ? err
          : new BackendError('bad-response', err instanceof Error ? err.message : String(err));
      return { kind: 'error', reason: `${args.backend.name}: ${error.message}`, error };
    }
  } finally {
    watch.lap('stream');
  }
  if (args.signal.aborted) return { kind: 'cancelled', reason: 'cancelled while the model was answering' };
  for (const s of stops) s.finish();
  return {
    kind: 'ok',
    texts: stops.map((s) => s.result),
    stoppedEarly,
    situation,
    widened: stops.some((s) => s.situation.mode !== situation.mode),
  };
}
