/**
 * The fuzzer's own copy of each document, kept independently of the server's code: LSP line rules
 * (`\r\n`, `\r` and `\n` each end a line), client columns in the negotiated encoding, and the
 * clamping LSP prescribes for a character past the end of its line.
 */
export type Encoding = 'utf-8' | 'utf-16' | 'utf-32';

export interface Pos {
  line: number;
  character: number;
}

export interface Range {
  start: Pos;
  end: Pos;
}

/** Code units a code point costs in `encoding`. */
export function unitsOf(codePoint: number, encoding: Encoding): number {
  if (encoding === 'utf-32') return 1;
  if (encoding === 'utf-16') return codePoint > 0xffff ? 2 : 1;
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Offsets at which each line starts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) starts.push(i + 1);
  }
  return starts;
}

export class ReferenceDoc {
  private starts: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    private content: string,
  ) {}

  get text(): string {
    return this.content;
  }

  private lines(): number[] {
    return (this.starts ??= lineStarts(this.content));
  }

  get lineCount(): number {
    return this.lines().length;
  }

  /** [start, end) of line `line`'s content (without its line break). */
  lineSpan(line: number): [number, number] {
    const starts = this.lines();
    const start = starts[line];
    let end = line + 1 < starts.length ? starts[line + 1] : this.content.length;
    while (end > start && (this.content.charCodeAt(end - 1) === 10 || this.content.charCodeAt(end - 1) === 13)) end--;
    return [start, end];
  }

  lineContent(line: number): string {
    const [s, e] = this.lineSpan(line);
    return this.content.slice(s, e);
  }

  /** Client position → offset. A line past the end means the end of the text; a column past the end of its line, the line end. */
  offsetOf(pos: Pos, encoding: Encoding): number {
    if (pos.line >= this.lineCount) return this.content.length;
    if (pos.line < 0) return 0;
    const [start, end] = this.lineSpan(pos.line);
    let units = 0;
    let i = start;
    while (i < end) {
      const cp = this.content.codePointAt(i)!;
      const step = cp > 0xffff && i + 1 < end ? 2 : 1;
      const next = units + (encoding === 'utf-16' ? step : unitsOf(cp, encoding));
      if (next > pos.character) break;
      units = next;
      i += step;
    }
    return i;
  }

  /** Offset → client position (offsets inside a line break count as the end of that line). */
  positionOf(offset: number, encoding: Encoding): Pos {
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    const [start, end] = this.lineSpan(lo);
    const at = Math.min(offset, end);
    let units = 0;
    for (let i = start; i < at; ) {
      const cp = this.content.codePointAt(i)!;
      const step = cp > 0xffff && i + 1 < end ? 2 : 1;
      units += encoding === 'utf-16' ? step : unitsOf(cp, encoding);
      i += step;
    }
    return { line: lo, character: units };
  }

  /** Applies one LSP content change (range in client units, or undefined for the whole text). Returns the replaced span. */
  apply(range: Range | undefined, text: string, encoding: Encoding): void {
    if (!range) {
      this.content = text;
    } else {
      let a = this.offsetOf(range.start, encoding);
      let b = this.offsetOf(range.end, encoding);
      if (a > b) [a, b] = [b, a];
      this.content = this.content.slice(0, a) + text + this.content.slice(b);
    }
    this.starts = undefined;
  }
}
