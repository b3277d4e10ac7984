import { Transform, type TransformCallback } from 'node:stream';

/**
 * Re-synchronises the client's byte stream before vscode-jsonrpc reads it. The library's reader
 * stops making sense of the stream after one bad header: the bad frame's body is read as the next
 * header, that frame's body as the one after, and so on, so every later request is lost while the
 * process stays up (an editor that miscounts one Content-Length — characters instead of UTF-8
 * bytes — would hang for good). Here a frame is passed on only when its header is well formed;
 * otherwise the bytes up to the next `Content-Length:` are dropped and `onGarbage` is told once.
 *
 * Well-formed frames pass through untouched, body bytes are streamed without copying.
 */
export class FrameResync extends Transform {
  /** Header bytes read so far (never body bytes). */
  private pending: Buffer = Buffer.alloc(0);
  /** Body bytes of the current frame still to pass through. */
  private bodyLeft = 0;

  constructor(private readonly onGarbage: (problem: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let data: Buffer = chunk;
    while (data.length > 0) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, data.length);
        this.push(data.subarray(0, n));
        this.bodyLeft -= n;
        data = data.subarray(n);
        continue;
      }
      this.pending = this.pending.length === 0 ? data : Buffer.concat([this.pending, data]);
      data = this.nextHeader();
    }
    done();
  }

  /**
   * Finds the next valid header in `pending`, passes it on and returns the bytes after it (body
   * first); returns an empty buffer when more input is needed.
   */
  private nextHeader(): Buffer {
    for (;;) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) {
        if (this.pending.length <= MAX_HEADER_BYTES && looksLikeHeaderStart(this.pending)) return EMPTY;
        if (!this.resync('bytes that are not a frame header')) return EMPTY;
        continue;
      }
      const length = contentLength(this.pending.subarray(0, end).toString('latin1'));
      if (length === undefined) {
        const header = this.pending.subarray(0, Math.min(end, 80)).toString('latin1');
        if (!this.resync(`a frame header without a valid Content-Length (${JSON.stringify(header)})`)) return EMPTY;
        continue;
      }
      this.push(this.pending.subarray(0, end + 4));
      const rest = this.pending.subarray(end + 4);
      this.pending = EMPTY;
      this.bodyLeft = length;
      return rest;
    }
  }

  /**
   * Drops bytes up to the next `Content-Length:` after the first byte and reports it. Returns false
   * when there is none yet (only a possible partial header name at the end is kept).
   */
  private resync(problem: string): boolean {
    this.onGarbage(`skipped ${problem}`);
    const text = this.pending.toString('latin1').toLowerCase();
    const next = text.indexOf(HEADER_NAME, 1);
    if (next >= 0) {
      this.pending = this.pending.subarray(next);
      return true;
    }
    let keep = Math.min(HEADER_NAME.length - 1, text.length);
    while (keep > 0 && !HEADER_NAME.startsWith(text.slice(text.length - keep))) keep--;
    this.pending = this.pending.subarray(this.pending.length - keep);
    if (keep === 0) this.pending = EMPTY;
    return false;
  }
}

const EMPTY: Buffer = Buffer.alloc(0);
/** Lower case; headers are matched case-insensitively. */
const HEADER_NAME = 'content-length:';
/** A header block larger than this is not one (real ones are under 100 bytes). */
const MAX_HEADER_BYTES = 8192;

/** Whether `buf` (no complete header yet) could still become `Content-…: …` headers. */
function looksLikeHeaderStart(buf: Buffer): boolean {
  const head = buf.subarray(0, 8).toString('latin1').toLowerCase();
  return 'content-'.startsWith(head) || head.startsWith('content-');
}
/** The Content-Length of a header block, or undefined when the block is not a valid LSP header. */
export function contentLength(header: string): number | undefined {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[A-Za-z][A-Za-z0-9-]*$/.test(line.slice(0, colon))) return undefined;
    if (line.slice(0, colon).toLowerCase() === 'content-length') {
      const value = line.slice(colon + 1).trim();
      if (!/^\d{1,10}$/.test(value)) return undefined;
      length = Number(value);
    }
  }
  return length;
}
