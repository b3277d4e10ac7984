/**
 * Where log lines go: stderr or a file, written asynchronously through a bounded buffer. A client
 * that stops reading our stderr must not stop the server (a synchronous write to a full pipe
 * blocks the event loop) nor make it grow without bound: past `maxBufferedBytes` lines are dropped
 * and counted, and one line says how many once the destination takes writes again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const DEFAULT_MAX_BUFFERED = 1 << 20;
const RETRY_MS = 50;

export interface LogSink {
  write(line: string): void;
  /** Stops writing and closes the file (never fd 2). Lines still buffered are dropped. */
  close(): void;
  readonly description: string;
  /** Lines dropped so far because the destination did not keep up. */
  readonly dropped: number;
}

/** The problem with a log file, for the one message the user gets, or the opened sink. */
export type OpenedSink = { ok: true; sink: LogSink } | { ok: false; problem: string };

/**
 * stderr as a descriptor of its own with O_NONBLOCK where stderr is a pipe, so a full pipe answers
 * EAGAIN instead of blocking a thread for ever (and exit, which flushes nothing, is never held up).
 */
export function stderrSink(maxBufferedBytes = DEFAULT_MAX_BUFFERED): LogSink {
  let fd = 2;
  let owned = false;
  try {
    if (fs.fstatSync(2).isFIFO()) {
      fd = fs.openSync('/proc/self/fd/2', fs.constants.O_WRONLY | fs.constants.O_NONBLOCK | fs.constants.O_APPEND);
      owned = true;
    }
  } catch {
    // No /proc (or a socket): the shared descriptor, still written asynchronously.
  }
  return new BoundedSink(fd, owned, 'stderr', maxBufferedBytes);
}

/**
 * Opens `file` for appending. Refused: a directory, a path under a file, an unwritable place, a
 * FIFO nobody reads, and anything that is our own stdout (the protocol stream).
 */
export function fileSink(file: string, maxBufferedBytes = DEFAULT_MAX_BUFFERED): OpenedSink {
  let fd: number | undefined;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fd = fs.openSync(
      file,
      fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT | fs.constants.O_NONBLOCK,
      0o600,
    );
    const st = fs.fstatSync(fd);
    if (isStdout(st)) throw Object.assign(new Error('it is the protocol stream (stdout)'), { code: 'ESTDOUT' });
    if (!st.isFile() && !st.isCharacterDevice() && !st.isFIFO())
      throw Object.assign(new Error('not a file'), { code: 'ENOTFILE' });
    return { ok: true, sink: new BoundedSink(fd, true, file, maxBufferedBytes) };
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ESTDOUT'
        ? e.message
        : e.code === 'EISDIR'
          ? 'it is a directory'
          : e.code === 'ENOTDIR'
            ? 'a part of the path is a file'
            : e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'EPERM'
              ? 'no permission to write there'
              : e.code === 'ENXIO'
                ? 'it is a pipe nobody reads'
                : (e.code ?? e.message);
    return {
      ok: false,
      problem: `log.file ${JSON.stringify(file)} cannot be used (${why}); logging to stderr instead.`,
    };
  }
}

function isStdout(st: fs.Stats): boolean {
  try {
    const out = fs.fstatSync(1);
    return out.dev === st.dev && out.ino === st.ino && !st.isCharacterDevice();
  } catch {
    return false;
  }
}

class BoundedSink implements LogSink {
  private queue: string[] = [];
  private buffered = 0;
  private writing = false;
  private closed = false;
  private droppedLines = 0;
  private reportedDrops = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly fd: number,
    private readonly owned: boolean,
    readonly description: string,
    private readonly maxBuffered: number,
  ) {}

  get dropped(): number {
    return this.droppedLines;
  }

  write(line: string): void {
    if (this.closed) return;
    if (this.buffered + line.length > this.maxBuffered) {
      this.droppedLines++;
      return;
    }
    this.queue.push(line);
    this.buffered += line.length;
    this.pump();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retry);
    this.queue = [];
    // A write in flight still holds the descriptor; it is closed when that write returns.
    if (!this.writing && this.owned) fs.close(this.fd, () => {});
  }

  private pump(): void {
    if (this.writing || this.closed || this.queue.length === 0) return;
    if (this.droppedLines > this.reportedDrops && this.queue.length > 0) {
      const n = this.droppedLines - this.reportedDrops;
      this.reportedDrops = this.droppedLines;
      this.queue.unshift(
        `${JSON.stringify({ level: 'warn', time: Date.now(), msg: `${n} log lines dropped: the log destination did not keep up` })}\n`,
      );
    }
    const data = Buffer.from(this.queue.join(''), 'utf8');
    this.queue = [];
    this.writing = true;
    this.send(data);
  }

  private send(data: Buffer): void {
    fs.write(this.fd, data, 0, data.length, null, (err, written) => {
      if (this.closed) {
        this.writing = false;
        if (this.owned) fs.close(this.fd, () => {});
        return;
      }
      if (err && err.code !== 'EAGAIN') {
        // The destination is gone (EPIPE, EBADF): stop logging rather than crash or spin.
        this.writing = false;
        this.closed = true;
        return;
      }
      const rest = data.subarray(err ? 0 : written);
      if (rest.length > 0) {
        this.retry = setTimeout(() => this.send(rest), err ? RETRY_MS : 0);
        this.retry.unref();
        return;
      }
      this.writing = false;
      this.buffered = this.queue.reduce((n, s) => n + s.length, 0);
      this.pump();
    });
  }
}
