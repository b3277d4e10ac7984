/**
 * A worker thread that parses files for the workspace index (parse-worker.ts), with the main
 * thread's own parser as the fallback when a thread cannot start or dies. Given `reading`, the
 * thread reads the files itself (their texts never enter the main heap); otherwise texts are
 * copied to it. Answers are copied back, so no string of the index points into a file's text.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { serverDir } from '../paths';
import { reapplyHeapFlags } from '../young-generation';
import { readWorkspaceFile } from '../privacy/guarded-reader';
import { analyseFile, type IndexedFile } from './definition-index';
import { cacheRow } from './index-cache';
import type { ParseReply, ParseRequest, ThreadReading } from './parse-worker';

/** The thread's heap: a bound on what a hostile tree of files can make it hold. */
const WORKER_HEAP_MB = 256;

/** What the index keeps of a file, and its redacted disk-cache row when rows were asked for. */
export interface Parsed {
  entry: IndexedFile;
  row?: string;
}

type Pending = { resolve: (parsed: Parsed | undefined) => void; file: string; text?: string };

/** Files the thread reads itself; `isExcluded` is the main thread's matcher for the same settings (the fallback reads with it). */
export type Reading = ThreadReading & { isExcluded: (p: string) => boolean };

export class ParseThread {
  private worker: Worker | undefined;
  private failed = false;
  private serial = 0;
  private readonly pending = new Map<number, Pending>();

  /** `cacheRows`: each answer also carries the entry's redacted disk-cache row, made on the thread. */
  constructor(
    private readonly reading?: Reading,
    private readonly cacheRows = false,
  ) {}

  /** What the index keeps of `text`, parsed off the main thread when possible. */
  analyse(file: string, text: string): Promise<Parsed | undefined> {
    return this.ask(file, text);
  }

  /** Reads `file` (through the guarded reader) and parses it, both on the thread when possible. Needs `reading`. */
  readAndAnalyse(file: string): Promise<Parsed | undefined> {
    return this.ask(file, undefined);
  }

  private ask(file: string, text: string | undefined): Promise<Parsed | undefined> {
    const worker = this.thread();
    if (!worker) return this.here(file, text);
    const id = ++this.serial;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, file, text });
      worker.postMessage({ id, file, text } satisfies ParseRequest);
    });
  }

  /** The same work on this thread (no thread could start, or it died). */
  private async here(file: string, text: string | undefined): Promise<Parsed | undefined> {
    if (text === undefined) {
      const r = this.reading;
      if (!r) return undefined;
      const read = await readWorkspaceFile(file, {
        roots: r.roots,
        rootsAreReal: true,
        maxBytes: r.maxBytes,
        isExcluded: r.isExcluded,
        binary: 'refuse',
      });
      if (!read.ok) return undefined;
      text = read.text;
    }
    const entry = await analyseFile(file, text);
    return entry && { entry, ...(this.cacheRows ? { row: cacheRow(entry) } : {}) };
  }

  /** Ends the thread (its memory is returned); files it had not answered yield undefined. A later analyse() starts a new one. */
  close(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
    for (const p of this.pending.values()) p.resolve(undefined);
    this.pending.clear();
  }

  private thread(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(path.join(serverDir(), 'workspace', 'parse-worker.js'), {
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
        stdout: true,
        stderr: true,
      });
      worker.unref();
      worker.once('online', reapplyHeapFlags);
      worker.on('message', (reply: ParseReply) => {
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        p.resolve(
          reply.entry === undefined
            ? undefined
            : { entry: JSON.parse(reply.entry) as IndexedFile, ...(reply.row === undefined ? {} : { row: reply.row }) },
        );
      });
      worker.on('error', () => this.lost(worker));
      worker.on('exit', () => this.lost(worker));
      const r = this.reading;
      worker.postMessage({
        init: {
          ...(r ? { reading: { roots: r.roots, maxBytes: r.maxBytes, exclusion: r.exclusion } } : {}),
          cacheRows: this.cacheRows,
        },
      } satisfies ParseRequest);
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private lost(worker: Worker): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failed = true;
    this.fallBack();
  }

  // Whatever the thread had not answered is parsed here, so no caller waits forever.
  private fallBack(): void {
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) void this.here(p.file, p.text).then(p.resolve, () => p.resolve(undefined));
  }
}
