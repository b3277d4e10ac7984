import type { Backend } from '../backends/types';
import type { Config } from '../config/schema';
import { buildFimInput, type FimBuild, preparationSteps } from '../context/assemble';
import type { DocumentStore } from '../documents/store';
import { inForeground } from '../documents/foreground';
import type { SyntaxTrees } from '../documents/syntax-trees';
import type { Logger } from '../log/logger';
import type { DocumentTree } from '../syntax/document-tree';
import { gateCompletion } from './gate';
import { generateCompletion } from './generate';
import { type CompletionOutcome, Stopwatch, type Timings } from './outcome';
import { CompletionScheduler } from './scheduler';
import { type CompletionSite, completionSite } from './site';
import { prepareDocument, runInTurns, WhenIdle } from './prepare';
import { TypeaheadCache } from './typeahead-cache';
import type { WorkspaceDefinitionIndex } from '../workspace/definition-index';

/** One completion question, in internal terms (the LSP edge has converted the position). */
export interface CompletionQuery {
  uri: string;
  /** UTF-16 offset of the cursor in the document. */
  offset: number;
  /** Several choices are asked for only when the user invoked completion by hand. */
  choices: number;
  signal: AbortSignal;
}

export type EngineResult = (
  | {
      kind: 'ok';
      choices: string[];
      source: 'model' | 'cache';
      /** Where a menu item's replacement starts (the typed word's start); the edge makes it a range. */
      replaceStart: number;
    }
  | { kind: 'empty' | 'superseded' | 'cancelled' | 'error'; reason: string }
) & { timings?: Timings };

export interface EngineDeps {
  documents: DocumentStore;
  trees: SyntaxTrees;
  config: () => Config;
  /** The active backend, or undefined while it is still being chosen. */
  backend: () => Backend | undefined;
  isExcluded: (uri: string) => boolean;
  workspaceFolders: () => string[];
  log: () => Logger;
  /** The workspace definitions index (absent: only open documents give definitions). */
  workspaceIndex?: () => WorkspaceDefinitionIndex | undefined;
  onOutcome?: (outcome: CompletionOutcome) => void;
}

/**
 * Orchestrates one completion: gating, typeahead cache, pacing, context, the model call with
 * streaming post-processing. It knows nothing of JSON-RPC; both textDocument/completion and
 * textDocument/inlineCompletion call it.
 */
export class CompletionEngine {
  private readonly scheduler = new CompletionScheduler();
  private readonly cache = new TypeaheadCache();

  private readonly idle = new WhenIdle((uri) => this.prepareForOthers(uri));

  constructor(private readonly deps: EngineDeps) {
    deps.documents.on('close', (uri) => {
      this.scheduler.forget(uri);
      this.cache.forget(uri);
      this.idle.forget(uri);
    });
    deps.documents.on('edit', (entry) => this.idle.edited(entry.uri));
    deps.documents.on('replace', (entry) => this.idle.edited(entry.uri));
    deps.trees.onBackgroundParse((doc) => prepareDocument(doc));
  }

  /** What completions in the other open documents read from this one, computed while the user pauses. */
  private prepareForOthers(uri: string): void {
    const entry = this.deps.documents.get(uri);
    if (!entry || this.deps.isExcluded(uri) || [...this.deps.documents.all()].length < 2) return;
    const input = { uri, languageId: entry.languageId, text: entry.doc.getText(), doc: this.deps.trees.peek(uri) };
    runInTurns(preparationSteps(input, this.deps.workspaceFolders()));
  }

  async complete(q: CompletionQuery): Promise<EngineResult> {
    const started = performance.now();
    const result = await inForeground(() => this.run(q));
    const log = this.deps.log();
    if (log.isLevelEnabled('debug')) {
      const reason = 'reason' in result ? result.reason : result.source;
      log.debug(
        {
          uri: q.uri,
          offset: q.offset,
          result: result.kind,
          reason,
          timings: result.timings,
          ms: +(performance.now() - started).toFixed(2),
        },
        'completion',
      );
    }
    return result;
  }

  private async run(q: CompletionQuery): Promise<EngineResult> {
    const watch = new Stopwatch();
    const { documents, config: getConfig } = this.deps;
    const config = getConfig();
    if (!config['completion.enabled']) return { kind: 'empty', reason: 'completion.enabled is false' };
    const entry = documents.get(q.uri);
    if (!entry) return { kind: 'empty', reason: 'document not open' };
    if (this.deps.isExcluded(q.uri)) return { kind: 'empty', reason: 'document is excluded from model requests' };

    if (entry.binary) return { kind: 'empty', reason: 'binary document' };
    const site = completionSite(q.uri, entry.languageId, entry.doc.getText(), q.offset);
    const gate = gateCompletion(site.lineSuffix);
    if (!gate.ok) return { kind: 'empty', reason: gate.reason };
    watch.lap('gate');
    const cached = this.cache.lookup(q.uri, site.prefix, site.suffix);
    watch.lap('cache');
    if (cached)
      return {
        kind: 'ok',
        choices: cached.slice(0, Math.max(1, q.choices)),
        source: 'cache',
        replaceStart: site.replaceStart,
        timings: watch.timings,
      };

    const key = `${entry.version}:${site.offset}:${q.choices}`;
    const admission = await this.scheduler.admit(q.uri, key, config['completion.debounceMs'], q.signal);
    watch.lap('admit');
    if (admission.kind === 'superseded')
      return { kind: 'superseded', reason: 'a newer request for this document arrived', timings: watch.timings };
    // Closed (or re-opened) while the request waited: nothing to complete any more.
    if (documents.get(q.uri) !== entry)
      return { kind: 'superseded', reason: 'the document was closed or re-opened meanwhile' };

    const backend = this.deps.backend();
    if (!backend) return { kind: 'empty', reason: 'no model backend ready yet' };

    const work = this.scheduler.share(q.uri, key, q.signal, (signal) =>
      this.generate(site, q.choices, backend, config, signal),
    );
    const outcome = await raceAbort(work.promise, q.signal);
    if (!outcome) return { kind: 'cancelled', reason: 'request cancelled' };
    this.deps.onOutcome?.(outcome);
    const timings = { ...watch.timings, ...outcome.timings };
    if (outcome.kind === 'ok') {
      this.cache.remember(q.uri, site.prefix, site.suffix, outcome.choices);
      return { kind: 'ok', choices: outcome.choices, source: 'model', replaceStart: site.replaceStart, timings };
    }
    if (outcome.kind === 'cancelled') return { kind: 'superseded', reason: outcome.reason, timings };
    return { kind: outcome.kind, reason: outcome.reason, timings };
  }

  /** What the model would see for a completion at `offset`: the input and each snippet with its origin. */
  private context(
    uri: string,
    languageId: string,
    text: string,
    offset: number,
    doc: DocumentTree | undefined,
    config: Config,
  ): FimBuild {
    const open = [...this.deps.documents.all()]
      .filter((d) => d.uri !== uri)
      .map((d) => ({ uri: d.uri, languageId: d.languageId, text: d.doc.getText(), doc: this.deps.trees.peek(d.uri) }));
    const workspaceIndex = config['workspace.maxFiles'] > 0 ? this.deps.workspaceIndex?.() : undefined;
    return buildFimInput({
      uri,
      languageId,
      text,
      offset,
      doc,
      openDocuments: open,
      budgetTokens: config['completion.contextTokens'],
      workspaceFolders: this.deps.workspaceFolders(),
      isExcluded: this.deps.isExcluded,
      workspace: workspaceIndex
        ? { index: workspaceIndex, folders: this.deps.workspaceFolders(), isExcluded: this.deps.isExcluded }
        : undefined,
    });
  }

  /**
   * arbor/contextReport: the context a completion at `offset` would send, without asking the model
   * (snippet texts as sent, that is redacted). Undefined when no prompt would be built (excluded or
   * binary document).
   */
  async contextReport(uri: string, offset: number): Promise<FimBuild | undefined> {
    const entry = this.deps.documents.get(uri);
    if (!entry || entry.binary || this.deps.isExcluded(uri)) return undefined;
    const doc = await this.deps.trees.get(uri);
    doc?.tree();
    const text = entry.doc.getText();
    return this.context(
      uri,
      entry.languageId,
      text,
      Math.max(0, Math.min(offset, text.length)),
      doc,
      this.deps.config(),
    );
  }

  private async generate(
    site: CompletionSite,
    choices: number,
    backend: Backend,
    config: Config,
    signal: AbortSignal,
  ): Promise<CompletionOutcome> {
    const watch = new Stopwatch();
    // What is ready: a document whose language is still warming up (grammar loading, first parse)
    // is completed with plain-text rules rather than waiting for it.
    const doc = await this.deps.trees.ready(site.uri);
    doc?.tree(); // the incremental re-parse after the user's edits, timed on its own
    watch.lap('reparse');
    const { input } = this.context(site.uri, site.languageId, site.text, site.offset, doc, config);
    watch.lap('context');
    const outcome = await generateCompletion({
      site,
      doc,
      plainText: !doc,
      config,
      backend,
      input,
      signal,
      n: choices,
    });
    return { ...outcome, timings: { ...watch.timings, ...outcome.timings } };
  }
}

/** Resolves with the work's result, or undefined as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
