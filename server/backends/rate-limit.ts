/**
 * After a 429 the backend refuses new requests until the server's `retry-after` has passed, instead
 * of hammering it with every keystroke. Without a header the wait doubles with each 429 in a row.
 */
import { BackendError } from './types';

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 60_000;

export class RateLimitGate {
  private until = 0;
  private strikes = 0;

  constructor(
    private readonly describe: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws a `rate-limited` error while the wait lasts. */
  check(): void {
    const left = this.until - this.now();
    if (left > 0) throw this.error(left);
  }

  /** Records a 429; returns the error to raise. `retryAfterMs` comes from the response headers when present. */
  limited(retryAfterMs: number | undefined): BackendError {
    this.strikes++;
    const wait = retryAfterMs ?? Math.min(FIRST_BACKOFF_MS * 2 ** (this.strikes - 1), MAX_BACKOFF_MS);
    this.until = this.now() + wait;
    return this.error(wait);
  }

  succeeded(): void {
    this.strikes = 0;
  }

  private error(waitMs: number): BackendError {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new BackendError(
      'rate-limited',
      `${this.describe} is rate limiting requests (HTTP 429); pausing completions for ${seconds} s.`,
      waitMs,
    );
  }
}

/** `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP date), as milliseconds. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
