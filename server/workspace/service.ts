import * as path from 'node:path';
import type { ConfigStore } from '../config/store';
import type { DocumentStore } from '../documents/store';
import type { Logger } from '../log/logger';
import type { ProgressReporter } from '../log/progress';
import { checkWorkspaceFile, type FileStamp, realRoots, toFilePath } from '../privacy/guarded-reader';
import { containingFolder } from '../workspace-path';
import { cacheFileFor, CacheWriter, loadIndexCache } from './index-cache';
import { isModuleConfig } from './js-module-map';
import { releaseMemoryAfterBuild } from './release-memory';
import {
  analyseFile,
  buildWorkspaceIndex,
  refreshFile,
  refreshModuleMap,
  WorkspaceDefinitionIndex,
} from './definition-index';

/** An open document is re-indexed from its text this long after its last edit. */
const EDIT_SETTLE_MS = 1500;
/** How often the recently closed files are checked for changes made outside the editor. */
const STALE_CHECK_MS = 2000;
/** A build of at least this many files is followed by one full garbage collection (release-memory.ts). */
const RELEASE_AFTER_FILES = 1000;
/** Recently closed files checked that way, at most (an lstat each). */
const MAX_RECENT = 64;

/** What the service needs from the server around it (the LSP edge, lsp/features/workspace-index.ts, supplies it). */
export interface WorkspaceIndexHost {
  readonly config: ConfigStore;
  readonly documents: DocumentStore;
  log(): Logger;
  /** The workspace folders as URIs, read each time (they are known after `initialize`). */
  readonly workspaceFolders: readonly string[];
  /** A message to the user, at most once per distinct text. */
  notifyOnce(type: 'info', message: string): void;
  /** A reporter for the build's progress, when the client shows progress. */
  progress(): ProgressReporter | undefined;
}

/**
 * Owns the workspace definitions index: builds it in the background after `initialized` (and
 * again when `workspace.maxFiles`, `local.maxFileBytes` or `exclude` change), keeps it current
 * from edits of open documents (their text, once the edits settle, or at once on save), closes
 * (re-read from disk), files the client's watchers report changed (fileChangedOnDisk) and a cheap
 * mtime/size check of the recently closed files every STALE_CHECK_MS, for changes made outside the
 * editor (a checkout, a formatter) that no watcher reports.
 */
export class WorkspaceIndexService {
  readonly index = new WorkspaceDefinitionIndex();
  private abort: AbortController | undefined;
  private roots: string[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Recently closed files and their stamp when last read, oldest first. */
  private readonly recent = new Map<string, string>();
  private staleTimer: NodeJS.Timeout | undefined;
  private checking = false;
  private toldPartial = false;
  /** Settles when the current build has finished (tests, the eval script). */
  ready: Promise<void> = Promise.resolve();

  constructor(
    private readonly host: WorkspaceIndexHost,
    private readonly isExcluded: (uriOrPath: string) => boolean,
  ) {
    host.documents.on('edit', (entry) => this.schedule(entry.uri));
    host.documents.on('replace', (entry) => this.schedule(entry.uri));
    host.documents.on('save', (entry) => {
      this.indexOpen(entry.uri);
      const file = toFilePath(entry.uri);
      if (file) this.configChanged(file);
    });
    host.documents.on('close', (uri) => {
      this.cancel(uri);
      const file = toFilePath(uri);
      if (file && this.tracked(file)) this.background(this.reread(file), 'workspace index re-read failed');
    });
    host.config.on('change', (_cfg, changed: string[]) => {
      if (
        this.abort &&
        changed.some(
          (k) =>
            k === 'workspace.maxFiles' ||
            k === 'workspace.maxEntries' ||
            k === 'local.maxFileBytes' ||
            k === 'exclude' ||
            k === 'local.allowHomeRoot',
        )
      )
        this.start();
    });
  }

  /** After `initialized`: the first build, and the periodic check of recently closed files. */
  begin(): void {
    this.start();
    this.staleTimer = setInterval(
      () => this.background(this.checkRecent(), 'workspace stale check failed'),
      STALE_CHECK_MS,
    );
    this.staleTimer.unref?.();
  }

  dispose(): void {
    this.abort?.abort();
    if (this.staleTimer) clearInterval(this.staleTimer);
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  /** A file changed or deleted outside the editor (a watcher's report); open documents are indexed from their text. */
  fileChangedOnDisk(uri: string, deleted: boolean): void {
    const file = toFilePath(uri);
    if (file) this.configChanged(file);
    if (!file || !this.tracked(file) || this.host.documents.get(uri)) return;
    if (deleted) this.index.remove(file);
    else
      this.background(refreshFile(this.index, file, this.roots, this.readOptions()), 'workspace index refresh failed');
  }

  start(): void {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.index.clear();
    const cfg = this.host.config.current;
    const folders = [...this.host.workspaceFolders];
    const progress = folders.length > 0 && cfg['workspace.maxFiles'] > 0 ? this.host.progress() : undefined;
    progress?.begin('arbor-ls: indexing workspace definitions');
    this.ready = (async () => {
      this.roots = await realRoots(folders);
      const folderPaths = folders.map(toFilePath).filter((f): f is string => f !== undefined);
      const cacheFile = cfg['workspace.diskCache'] && folderPaths.length > 0 ? cacheFileFor(folderPaths) : undefined;
      const stamps = cacheFile ? new Map<string, FileStamp>() : undefined;
      const cacheWriter = cacheFile
        ? await CacheWriter.open(cacheFile, folderPaths).catch(
            (error: unknown) =>
              void this.host.log().warn({ error: String(error) }, 'workspace index cache not writable'),
          )
        : undefined;
      let committed = false;
      try {
        // The loaded cache is referenced only by the build's options: it is garbage once the build returns.
        const cache = cacheFile ? await loadIndexCache(cacheFile, folderPaths) : undefined;
        const cachedFiles = cache?.size ?? 0;
        const stats = await buildWorkspaceIndex(this.index, folders, {
          // What main.ts builds isExcluded from: the parsing thread reads with the same rules.
          exclusion: { globs: [...cfg.exclude], folders },
          cache,
          stamps,
          ...(cacheWriter ? { cacheWriter } : {}),
          maxFiles: cfg['workspace.maxFiles'],
          maxEntries: cfg['workspace.maxEntries'],
          maxFileBytes: cfg['local.maxFileBytes'],
          isExcluded: this.isExcluded,
          allowHomeRoot: cfg['local.allowHomeRoot'],
          signal: abort.signal,
        });
        if (abort.signal.aborted) return;
        this.host.log().info(stats, 'workspace definitions indexed');
        this.tellPartial(stats.refused, stats.truncated);
        // The cache is replaced only when something changed: a file parsed, or one it had is gone.
        if (cacheWriter && (stats.indexed > stats.fromCache || cachedFiles !== stats.fromCache)) {
          committed = true;
          const written = await cacheWriter
            .commit()
            .catch(
              (error: unknown) =>
                void this.host.log().warn({ error: String(error) }, 'workspace index cache not written'),
            );
          this.host.log().debug({ file: cacheFile, files: written }, 'workspace index cache written');
        }
        if (stats.indexed >= RELEASE_AFTER_FILES && !abort.signal.aborted) releaseMemoryAfterBuild();
      } finally {
        if (cacheWriter && !committed) await cacheWriter.discard();
      }
    })()
      .catch((error: unknown) => this.host.log().warn({ error: String(error) }, 'workspace index failed'))
      .finally(() => progress?.end());
  }

  private readOptions() {
    return { maxFileBytes: this.host.config.current['local.maxFileBytes'], isExcluded: this.isExcluded };
  }

  /** Inside a workspace folder and not excluded: the index may hold it. */
  private tracked(file: string): boolean {
    return (
      this.host.config.current['workspace.maxFiles'] > 0 &&
      containingFolder(file, this.host.workspaceFolders) !== undefined &&
      !this.isExcluded(file)
    );
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
    const timer = setTimeout(() => this.indexOpen(uri), EDIT_SETTLE_MS);
    timer.unref?.();
    this.timers.set(uri, timer);
  }

  /** Indexes an open document from its text now (a save, or edits that have settled). */
  private indexOpen(uri: string): void {
    this.cancel(uri);
    const file = toFilePath(uri);
    const entry = this.host.documents.get(uri);
    if (!file || !entry || !this.tracked(file)) return;
    const text = entry.doc.getText();
    if (text.length > this.host.config.current['local.maxFileBytes']) return;
    this.background(
      analyseFile(path.resolve(file), text).then(
        (e) => e && this.host.documents.get(uri) === entry && this.index.set(e),
      ),
      'indexing an open document failed',
    );
  }

  /** A tsconfig/jsconfig, package.json or pnpm-workspace.yaml (or a file one extends) changed: bare imports are mapped again. */
  private configChanged(file: string): void {
    const resolved = path.resolve(file);
    if (!this.tracked(resolved) || !(isModuleConfig(resolved) || this.index.modules.sources.includes(resolved))) return;
    this.background(
      refreshModuleMap(this.index, resolved, this.roots, this.readOptions()),
      'workspace module map refresh failed',
    );
  }

  /** Background work nobody awaits: a failure is logged, never an unhandled rejection. */
  private background(work: Promise<unknown>, what: string): void {
    work.catch((error: unknown) => this.host.log().warn({ error: String(error) }, what));
  }

  /** Re-reads a file that is not open from disk, and keeps watching it as a recent one. */
  private async reread(file: string): Promise<void> {
    const stamp = await checkWorkspaceFile(file);
    this.recent.delete(file);
    if (stamp) {
      this.recent.set(file, `${stamp.mtimeMs}:${stamp.size}`);
      if (this.recent.size > MAX_RECENT) this.recent.delete(this.recent.keys().next().value!);
    }
    await refreshFile(this.index, file, this.roots, this.readOptions());
  }

  /** The recently closed files whose mtime or size changed since they were read are read again. */
  private async checkRecent(): Promise<void> {
    if (this.checking || this.recent.size === 0) return;
    this.checking = true;
    try {
      for (const [file, seen] of [...this.recent]) {
        const stamp = await checkWorkspaceFile(file);
        if (!stamp) {
          this.recent.delete(file);
          this.index.remove(file);
        } else if (`${stamp.mtimeMs}:${stamp.size}` !== seen && this.tracked(file) && !this.isOpen(file))
          await this.reread(file);
      }
    } finally {
      this.checking = false;
    }
  }

  private isOpen(file: string): boolean {
    for (const d of this.host.documents.all()) if (toFilePath(d.uri) === file) return true;
    return false;
  }

  /** Once per session: the index covers part of the workspace, and the settings that change it. */
  private tellPartial(refused: readonly string[], truncated: boolean): void {
    if (this.toldPartial || (refused.length === 0 && !truncated)) return;
    this.toldPartial = true;
    const cfg = this.host.config.current;
    const parts = [...refused.map((r) => `Workspace definitions: ${r}`)];
    if (truncated)
      parts.push(
        `The workspace definitions index stopped at its limits (workspace.maxFiles ${cfg['workspace.maxFiles']} source files, workspace.maxEntries ${cfg['workspace.maxEntries']} directory entries): definitions from the files beyond them are not offered. Open a project folder, or raise the limits.`,
      );
    this.host.notifyOnce('info', parts.join(' '));
  }
}
