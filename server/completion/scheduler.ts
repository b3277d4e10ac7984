/**
 * Pacing per document. Editors differ: nvim-cmp and eglot ask on almost every keystroke, Helix
 * never cancels, Neovim 0.12 does not cancel superseded inline requests. So:
 * - a new request for a document cancels the previous request's model work (that request is
 *   still answered, empty);
 * - a request that follows another closely waits a little and is dropped if superseded meanwhile;
 *   an isolated request goes at once;
 * - identical requests in flight share one model call.
 */
export interface Work<T> {
  key: string;
  controller: AbortController;
  promise: Promise<T>;
  /** Requests waiting for this work; when the last one is cancelled, the work is aborted. */
  waiters: number;
}

interface DocState {
  generation: number;
  lastArrival: number;
  rhythm: Rhythm;
  current?: Work<unknown>;
}

export type Admission = { kind: 'go' } | { kind: 'superseded' };

const MAX_WAIT_MS = 400;

/** The rhythm of recent requests: smoothed gap and deviation, the adaptive part of the debounce. */
export class Rhythm {
  private mean = Number.POSITIVE_INFINITY;
  private deviation = 0;

  add(gapMs: number): void {
    const gap = Math.min(gapMs, 2000);
    if (!Number.isFinite(this.mean)) {
      this.mean = gap;
      return;
    }
    this.deviation = 0.75 * this.deviation + 0.25 * Math.abs(gap - this.mean);
    this.mean = 0.6 * this.mean + 0.4 * gap;
  }

  /**
   * How long a request in a burst waits for the next one: a bit longer than the rhythm, longer
   * still when it is uneven (as TCP sizes its retransmission timeout), so only the last request of
   * a burst runs.
   */
  wait(debounceMs: number): number {
    return Math.min(MAX_WAIT_MS, Math.max(debounceMs, 1.5 * this.mean, this.mean + 4 * this.deviation));
  }
}

export class CompletionScheduler {
  private docs = new Map<string, DocState>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  private state(uri: string): DocState {
    let s = this.docs.get(uri);
    if (!s) {
      s = { generation: 0, lastArrival: -Infinity, rhythm: new Rhythm() };
      this.docs.set(uri, s);
    }
    return s;
  }

  /**
   * Called when a request arrives. Resolves `go` when it should run, or `superseded` when a newer
   * request for the same document arrived while it waited. `signal` aborts the wait.
   */
  async admit(uri: string, key: string, debounceMs: number, signal: AbortSignal): Promise<Admission> {
    const s = this.state(uri);
    const generation = ++s.generation;
    const t = this.now();
    const gap = t - s.lastArrival;
    s.lastArrival = t;
    s.rhythm.add(gap);
    // The text changed (or the cursor moved): the previous model call is no longer wanted.
    if (s.current && s.current.key !== key) s.current.controller.abort(new Error('superseded'));

    const burst = debounceMs > 0 && gap < Math.max(debounceMs * 4, 250);
    if (burst) await sleep(s.rhythm.wait(debounceMs), signal);
    if (signal.aborted || s.generation !== generation) return { kind: 'superseded' };
    return { kind: 'go' };
  }

  /**
   * Runs `start` unless identical work is already in flight for this document, which is then shared.
   * The caller's `signal` withdraws it as a waiter; the work stops when nobody waits any more.
   */
  share<T>(uri: string, key: string, signal: AbortSignal, start: (signal: AbortSignal) => Promise<T>): Work<T> {
    const s = this.state(uri);
    const work =
      s.current && s.current.key === key && !s.current.controller.signal.aborted
        ? (s.current as Work<T>)
        : this.start(s, key, start);
    work.waiters++;
    const leave = () => {
      if (--work.waiters === 0) work.controller.abort(new Error('cancelled'));
    };
    if (signal.aborted) leave();
    else {
      signal.addEventListener('abort', leave, { once: true });
      const stopListening = () => signal.removeEventListener('abort', leave);
      work.promise.then(stopListening, stopListening);
    }
    return work;
  }

  private start<T>(s: DocState, key: string, start: (signal: AbortSignal) => Promise<T>): Work<T> {
    const controller = new AbortController();
    const work: Work<T> = { key, controller, promise: start(controller.signal), waiters: 0 };
    s.current = work as Work<unknown>;
    const clear = () => {
      if (s.current === (work as Work<unknown>)) s.current = undefined;
    };
    work.promise.then(clear, clear);
    return work;
  }

  forget(uri: string): void {
    this.docs.get(uri)?.current?.controller.abort(new Error('document closed'));
    this.docs.delete(uri);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
