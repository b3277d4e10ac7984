import * as path from 'node:path';
import { FileChangeType, type Connection } from 'vscode-languageserver';
import type { ServerContext } from '../lsp/context';
import type { Feature } from '../lsp/feature';
import { workDoneProgress } from '../lsp/work-progress';
import { realRoots, toFilePath } from '../privacy/guarded-reader';
import { containingFolder } from '../workspace-path';
import { analyseFile, buildWorkspaceIndex, refreshFile, WorkspaceDefinitionIndex } from './definition-index';

/** An open document is re-indexed from its text this long after its last edit. */
const EDIT_SETTLE_MS = 1500;
/** Changes from workspace/didChangeWatchedFiles handled per notification, at most. */
const MAX_WATCHED_CHANGES = 500;

/**
 * Owns the workspace definitions index: builds it in the background after `initialized` (and
 * again when `workspace.maxFiles`, `local.maxFileBytes` or `exclude` change), keeps it current
 * from edits of open documents (their text, once the edits settle), closes (re-read from disk)
 * and workspace/didChangeWatchedFiles.
 */
export class WorkspaceIndexService {
  readonly index = new WorkspaceDefinitionIndex();
  private abort: AbortController | undefined;
  private roots: string[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Settles when the current build has finished (tests, the eval script). */
  ready: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: ServerContext, private readonly isExcluded: (uriOrPath: string) => boolean) {
    ctx.documents.on('edit', (entry) => this.schedule(entry.uri));
    ctx.documents.on('replace', (entry) => this.schedule(entry.uri));
    ctx.documents.on('close', (uri) => {
      this.cancel(uri);
      const file = toFilePath(uri);
      if (file && this.tracked(file)) void refreshFile(this.index, file, this.roots, this.readOptions());
    });
    ctx.config.on('change', (_cfg, changed: string[]) => {
      if (this.abort && changed.some((k) => k === 'workspace.maxFiles' || k === 'local.maxFileBytes' || k === 'exclude' || k === 'local.allowHomeRoot')) this.start();
    });
  }

  feature(): Feature {
    return {
      name: 'workspace-index',
      capabilities: () => ({}),
      attach: (connection: Connection) => {
        connection.onDidChangeWatchedFiles((params) => {
          const changes = Array.isArray(params?.changes) ? params.changes.slice(0, MAX_WATCHED_CHANGES) : [];
          for (const c of changes) {
            const file = typeof c?.uri === 'string' ? toFilePath(c.uri) : undefined;
            if (!file || !this.tracked(file) || this.ctx.documents.get(c.uri)) continue;
            if (c.type === FileChangeType.Deleted) this.index.remove(file);
            else void refreshFile(this.index, file, this.roots, this.readOptions());
          }
        });
      },
      initialized: () => this.start(),
      dispose: () => {
        this.abort?.abort();
        for (const t of this.timers.values()) clearTimeout(t);
        this.timers.clear();
      },
    };
  }

  start(): void {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.index.clear();
    const cfg = this.ctx.config.current;
    const folders = [...this.ctx.workspaceFolders];
    const progress = folders.length > 0 && cfg['workspace.maxFiles'] > 0 ? workDoneProgress(this.ctx) : undefined;
    progress?.begin('arbor-ls: indexing workspace definitions');
    this.ready = (async () => {
      this.roots = await realRoots(folders);
      const stats = await buildWorkspaceIndex(this.index, folders, {
        maxFiles: cfg['workspace.maxFiles'],
        maxFileBytes: cfg['local.maxFileBytes'],
        isExcluded: this.isExcluded,
        allowHomeRoot: cfg['local.allowHomeRoot'],
        signal: abort.signal,
      });
      if (!abort.signal.aborted) this.ctx.log().info(stats, 'workspace definitions indexed');
    })()
      .catch((error: unknown) => this.ctx.log().warn({ error: String(error) }, 'workspace index failed'))
      .finally(() => progress?.end());
  }

  private readOptions() {
    return { maxFileBytes: this.ctx.config.current['local.maxFileBytes'], isExcluded: this.isExcluded };
  }

  /** Inside a workspace folder and not excluded: the index may hold it. */
  private tracked(file: string): boolean {
    return this.ctx.config.current['workspace.maxFiles'] > 0 && containingFolder(file, this.ctx.workspaceFolders) !== undefined && !this.isExcluded(file);
  }

  private cancel(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  private schedule(uri: string): void {
    const file = toFilePath(uri);
    if (!file || !this.tracked(file)) return;
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      const entry = this.ctx.documents.get(uri);
      if (!entry) return;
      const text = entry.doc.getText();
      if (text.length > this.ctx.config.current['local.maxFileBytes']) return;
      void analyseFile(path.resolve(file), text).then((e) => e && this.ctx.documents.get(uri) === entry && this.index.set(e));
    }, EDIT_SETTLE_MS);
    timer.unref?.();
    this.timers.set(uri, timer);
  }
}
