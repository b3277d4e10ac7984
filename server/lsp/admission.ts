/**
 * Admission of client messages, so that a client that stops reading our stdout cannot make us
 * queue answers without bound. Requests run at most `maxInFlight` at a time (answers are produced
 * later than requests are read: without this limit thousands start before the first answer is
 * queued), fewer once answers wait to be written, none past `highWater`; later messages wait here
 * in order. Once `maxHeld` wait, we stop reading stdin altogether (the pipe then holds the client's writes).
 * Responses to our own requests always pass (a handler may be waiting for one), and so does `exit`.
 */
import type { Message } from 'vscode-languageserver';

type Id = string | number;
interface Incoming {
  id?: unknown;
  method?: unknown;
}

export interface AdmissionOptions {
  deliver(message: Message): void;
  /** Bytes of answers written but not yet taken by the client. */
  queuedBytes(): number;
  /** Start (true) or stop (false) reading the client's input. */
  setReading(on: boolean): void;
  /** Above this many queued bytes at most `maxInFlightQueued` requests run. */
  lowWater?: number;
  /** Above this many queued bytes no request starts. */
  highWater?: number;
  maxInFlight?: number;
  maxInFlightQueued?: number;
  maxHeld?: number;
}

export class Admission {
  private readonly held: Message[] = [];
  private readonly inFlight = new Map<Id, number>();
  private inFlightCount = 0;
  private reading = true;

  constructor(private readonly opts: AdmissionOptions) {}

  offer(message: Message): void {
    const m = message as Incoming;
    if (m.method === undefined || m.method === 'exit') {
      this.opts.deliver(message);
      return;
    }
    this.held.push(message);
    this.flush();
  }

  /** An answer to request `id` was written. */
  answered(id: unknown): void {
    if (typeof id !== 'string' && typeof id !== 'number') return;
    const n = this.inFlight.get(id);
    if (n === undefined) return;
    if (n <= 1) this.inFlight.delete(id);
    else this.inFlight.set(id, n - 1);
    this.inFlightCount--;
    this.flush();
  }

  /** Call when the output made progress (a write completed, the stream drained). */
  flush(): void {
    const {
      lowWater = 1 << 20,
      highWater = 8 << 20,
      maxInFlight = 64,
      maxInFlightQueued = 8,
      maxHeld = 1024,
    } = this.opts;
    while (this.held.length > 0) {
      const queued = this.opts.queuedBytes();
      const limit = queued < lowWater ? maxInFlight : queued < highWater ? maxInFlightQueued : 0;
      const isRequest =
        typeof (this.held[0] as Incoming).id === 'string' || typeof (this.held[0] as Incoming).id === 'number';
      if (isRequest ? this.inFlightCount >= limit : queued >= highWater) break;
      const message = this.held.shift()!;
      const id = (message as Incoming).id;
      if (typeof id === 'string' || typeof id === 'number') {
        this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
        this.inFlightCount++;
      }
      this.opts.deliver(message);
    }
    const read = this.held.length < maxHeld;
    if (read !== this.reading) {
      this.reading = read;
      this.opts.setReading(read);
    }
  }
}
