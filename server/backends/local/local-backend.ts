/**
 * The embedded offline engine behind the Backend interface: no model, no network. It completes code
 * from what the workspace and the open documents already contain. Feed `backend.index`
 * (`setDocument` on open/change, `closeDocument` on close); the workspace is indexed in the
 * background (`backend.ready`).
 */
import type { Logger } from '../../log/logger';
import { StopScanner } from '../stop-scanner';
import type { ProgressReporter } from '../../log/progress';
import type { Backend, BackendRequest, StreamPiece } from '../types';
import { ASCII_CHARS_PER_TOKEN } from '../../context/tokens';
import { CorpusIndex } from './corpus-index';
import { indexWorkspace, type WalkResult } from './index-workspace';

export interface LocalBackendOptions {
  workspaceFolders: readonly string[];
  maxFiles: number;
  maxFileBytes: number;
  /** Privacy: files never indexed, neither from the walk nor from setDocument. */
  isExcluded: (uriOrPath: string) => boolean;
  /** Walk a workspace folder that is `/` or a home directory (local.allowHomeRoot). */
  allowHomeRoot?: boolean;
  log: Logger;
  progress?: ProgressReporter;
  /** Tells the user something about the walk (a folder it refused, a tree it cut short). */
  notify?: (message: string) => void;
}

export class LocalBackend implements Backend {
  readonly name = 'local';
  readonly model = 'arbor-local';
  readonly capabilities = { fim: true, chat: false };
  readonly index: CorpusIndex;
  /** Settles when the workspace walk has finished (or was stopped by dispose). */
  readonly ready: Promise<WalkResult>;
  private readonly walk = new AbortController();

  constructor(options: LocalBackendOptions) {
    this.index = new CorpusIndex({ isExcluded: options.isExcluded });
    const started = Date.now();
    this.ready = indexWorkspace(this.index, options.workspaceFolders, {
      maxFiles: options.maxFiles,
      maxFileBytes: options.maxFileBytes,
      isExcluded: options.isExcluded,
      allowHomeRoot: options.allowHomeRoot,
      progress: options.progress,
      signal: this.walk.signal,
    }).then(
      (result) => {
        for (const why of result.refused ?? []) {
          options.log.warn(`offline engine: ${why}`);
          options.notify?.(why);
        }
        if (result.truncated)
          options.log.warn(
            'offline engine: the workspace walk stopped at its entry bound; files beyond it are not indexed',
          );
        options.log.info(
          { ...result, ...this.index.stats(), ms: Date.now() - started },
          'offline engine: workspace indexed',
        );
        return result;
      },
      (err: unknown) => {
        options.log.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'offline engine: workspace walk failed',
        );
        return { indexed: 0, skipped: 0 };
      },
    );
  }

  /** Chat inputs yield nothing: there is no model to follow instructions. */
  async *complete(request: BackendRequest, signal: AbortSignal): AsyncIterable<StreamPiece> {
    const input = request.input;
    if (input.kind !== 'fim' || signal.aborted) return;
    const proposals = this.index.suggest({
      prefix: input.prefix,
      suffix: input.suffix,
      languageId: input.languageId,
      maxChars: Math.floor(request.maxTokens * ASCII_CHARS_PER_TOKEN),
      choices: request.n ?? 1,
    });
    for (const [choice, proposal] of proposals.entries()) {
      const stops = new StopScanner(request.stop);
      const text = stops.push(proposal) + stops.end();
      if (text !== '') yield { choice, text };
    }
  }

  dispose(): void {
    this.walk.abort();
  }
}
