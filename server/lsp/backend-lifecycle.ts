import { MessageType } from 'vscode-languageserver';
import { GatedBackend } from '../backends/exit-gate';
import { type Backend, BackendError } from '../backends/types';
import type { Config } from '../config/schema';
import type { ServerContext } from './context';
import { workDoneProgress } from './work-progress';

/** Anything that can hear about open documents (the embedded engine's index). */
interface DocumentSink {
  setDocument(uri: string, text: string): void;
  /** The editor closed it: keep the last text as part of the workspace. */
  closeDocument(uri: string): void;
}

const hasIndex = (b: Backend): b is Backend & { index: DocumentSink } =>
  typeof (b as { index?: Partial<DocumentSink> }).index?.setDocument === 'function';

const RELEVANT = (key: string) => key.startsWith('backend.') || key.startsWith('local.') || key === 'exclude';

/**
 * Chooses the backend after `initialized` (auto-detection must not delay `initialize`), re-chooses
 * when backend settings change, feeds the embedded engine with open documents, and tells the user
 * once per kind of failure (not once per keystroke) until the backend works again.
 */
export class BackendLifecycle {
  private current: GatedBackend | undefined;
  private generation = 0;
  private failuresShown = new Set<string>();
  private warmed = false;
  description = 'not chosen yet';
  /** The latest backend failure (setup or request), for `arbor/status`; cleared by nothing, replaced by the next. */
  lastError: { kind: string; message: string; at: string } | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly isExcluded: (uri: string) => boolean,
  ) {
    ctx.config.on('change', (_cfg: Config, changed: string[]) => {
      if (this.generation > 0 && changed.some(RELEVANT)) void this.choose();
    });
    // setDocument only stores the text (the index catches up at the next query), so every change can go straight in.
    ctx.documents.on('open', (entry) => {
      this.index(entry.uri);
      this.warm();
    });
    ctx.documents.on('edit', (entry) => this.index(entry.uri));
    ctx.documents.on('replace', (entry) => this.index(entry.uri));
    ctx.documents.on('close', (uri) => {
      const inner = this.current?.inner;
      if (inner && hasIndex(inner)) inner.index.closeDocument(uri);
    });
  }

  get backend(): Backend | undefined {
    return this.current;
  }

  async choose(): Promise<void> {
    const generation = ++this.generation;
    const config = this.ctx.config.current;
    try {
      // Loaded here, after `initialize` was answered: the HTTP client and the offline engine are the
      // heaviest modules, and editors wait for `initialize`.
      const { createBackend } = require('../backends/factory') as typeof import('../backends/factory');
      const { backend, description } = await createBackend(config, {
        log: this.ctx.log(),
        workspaceFolders: this.ctx.workspaceFolders,
        isExcluded: this.isExcluded,
        progress: workDoneProgress(this.ctx),
        notify: (message) => this.ctx.notifyOnce('warning', message),
      });
      if (generation !== this.generation) {
        backend.dispose?.(); // settings changed again while this one was being made
        return;
      }
      this.current?.dispose();
      this.current = new GatedBackend(backend, () => this.ctx.config.current['backend.maxAnswerChars']);
      this.description = description;
      this.failuresShown.clear();
      if (hasIndex(backend)) for (const entry of this.ctx.documents.all()) this.index(entry.uri);
      this.warmed = false;
      if (this.ctx.documents.size > 0) this.warm();
      void this.ctx.connection.sendNotification('window/logMessage', {
        type: MessageType.Info,
        message: `arbor-ls: ${description}`,
      });
    } catch (err) {
      const message =
        err instanceof BackendError ? err.message : `could not start the model backend: ${(err as Error).message}`;
      this.ctx.log().error({ err }, 'backend setup failed');
      this.lastError = {
        kind: err instanceof BackendError ? err.kind : 'setup',
        message,
        at: new Date().toISOString(),
      };
      this.ctx.notifyOnce('error', message);
    }
  }

  /** A completion or action succeeded: the next failure is news again. */
  succeeded(): void {
    this.failuresShown.clear();
  }

  failed(error: BackendError): void {
    if (error.kind === 'cancelled') return;
    this.ctx.log().warn({ kind: error.kind }, error.message);
    this.lastError = { kind: error.kind, message: error.message, at: new Date().toISOString() };
    if (this.failuresShown.has(error.kind)) return;
    this.failuresShown.add(error.kind);
    this.ctx.show(error.kind === 'rate-limited' ? MessageType.Warning : MessageType.Error, error.message);
  }

  /** Once per backend, when a document is open (someone is about to type): see Backend.warm. */
  private warm(): void {
    if (this.warmed || !this.current) return;
    this.warmed = true;
    this.current.warm();
  }

  private index(uri: string): void {
    const inner = this.current?.inner;
    const entry = this.ctx.documents.get(uri);
    if (!inner || !hasIndex(inner) || !entry || this.isExcluded(uri)) return;
    inner.index.setDocument(uri, entry.doc.getText());
  }

  dispose(): void {
    this.current?.dispose();
    this.current = undefined;
  }
}
