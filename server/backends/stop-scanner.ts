/**
 * Cuts a text stream at the first stop sequence, even one split across pieces. Servers get at most
 * a few stop sequences (OpenAI accepts 4); this enforces all of them on our side.
 */
export class StopScanner {
  private held = '';
  private readonly longest: number;
  /** True once a stop sequence was seen: nothing more will be emitted. */
  stopped = false;

  constructor(private readonly stops: readonly string[]) {
    this.longest = stops.reduce((n, s) => Math.max(n, s.length), 0);
  }

  /** Returns the text that can be shown; may hold back the start of a possible stop sequence. */
  push(text: string): string {
    if (this.stopped) return '';
    const buffer = this.held + text;
    let cut = -1;
    for (const stop of this.stops) {
      const at = buffer.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.stopped = true;
      this.held = '';
      return buffer.slice(0, cut);
    }
    const keep = this.partialStopLength(buffer);
    this.held = buffer.slice(buffer.length - keep);
    return buffer.slice(0, buffer.length - keep);
  }

  /** The stream ended: a held partial stop sequence was text after all. */
  end(): string {
    const rest = this.stopped ? '' : this.held;
    this.held = '';
    return rest;
  }

  /** Length of the longest tail of `buffer` that begins some stop sequence. */
  private partialStopLength(buffer: string): number {
    for (let k = Math.min(this.longest - 1, buffer.length); k > 0; k--) {
      const tail = buffer.slice(buffer.length - k);
      if (this.stops.some((s) => s.startsWith(tail))) return k;
    }
    return 0;
  }
}
