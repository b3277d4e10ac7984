/**
 * A worker thread that parses files for the workspace index (parse-worker.ts), with the main
 * thread's own parser as the fallback when a thread cannot start or dies. Texts are copied to the
 * thread and the answers copied back, so no string of the index points into a file's text.
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyseFile, type IndexedFile } from './definition-index';
import type { ParseReply, ParseRequest } from './parse-worker';

/** The thread's heap: a bound on what a hostile tree of files can make it hold. */
const WORKER_HEAP_MB = 256;

type Pending = { resolve: (entry: IndexedFile | undefined) => void; file: string; text: string };

export class ParseThread {
  private worker: Worker | undefined;
  private failed = false;
  private serial = 0;
  private readonly pending = new Map<number, Pending>();

  /** What the index keeps of `text`, parsed off the main thread when possible. */
  analyse(file: string, text: string): Promise<IndexedFile | undefined> {
    const worker = this.thread();
    if (!worker) return analyseFile(file, text);
    const id = ++this.serial;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, file, text });
      worker.postMessage({ id, file, text } satisfies ParseRequest);
    });
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
      const worker = new Worker(path.join(__dirname, 'parse-worker.js'), { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, stdout: true, stderr: true });
      worker.unref();
      worker.on('message', (reply: ParseReply) => {
        const p = this.pending.get(reply.id);
        if (!p) return;
        this.pending.delete(reply.id);
        p.resolve(reply.entry ?? undefined);
      });
      worker.on('error', () => this.lost(worker));
      worker.on('exit', () => this.lost(worker));
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
    for (const p of left) void analyseFile(p.file, p.text).then(p.resolve, () => p.resolve(undefined));
  }
}
