import type { LanguageRules } from './languages';
import { commonPrefixLength, commonSuffixLength } from './text-diff';
import { initialState, lex, type LexEvent, type LexState } from './lexer';

/**
 * Lexical facts about a whole document (brackets, strings, comments), kept between requests so
 * that a completion request does not scan the document (15-60 ms at 5k lines).
 *
 * The document is covered by segments: stretches between line starts, each with the lexical state
 * it was scanned from and a summary of what happened in it (net bracket change, lowest depth, the
 * line starts that begin in code at a new low). A summary depends only on the segment's text and
 * starting state, so after an edit the segments before it stay, those after it move by the length
 * change, and a scan uses a segment only when it arrives at its start in the same state. Scans
 * lex what no usable segment covers (the edited stretch, up to 2 KB around the cursor) and store
 * what they lexed. Results are exactly those of scanning the text from its start (prefix) or from
 * the cursor (suffix).
 */
const SEGMENT = 2048;
const KEEP = 4;

interface Segment {
  /** Line start where the segment begins, and the lexical state there (bracket stack left empty). */
  at: number;
  state: LexState;
  /** Line start (or text end) where it ends, and the state there. */
  end: number;
  endState: LexState;
  /** Net change of a bracket counter that may go below zero, and its lowest value (zero or less). */
  delta: number;
  lowest: number;
  /**
   * Line starts in (at, end] that begin in code where the counter is at its lowest so far
   * (offsets from `at`), with the counter there: such a line is at depth 0 when the depth
   * coming into the segment is at most minus that counter; no other line can be.
   */
  lowOffsets: number[];
  lowCounts: number[];
}

interface TextDiff {
  head: number;
  tail: number;
}

export interface PrefixScan {
  /** Brackets open at the end of the prefix. */
  openBrackets: number;
  /** Offsets where lines start in code at bracket depth 0 (the first line always counts). */
  codeLineStarts: number[];
}

/** Same lexing from here on: everything but the bracket stack (whose contents lexing never reads) and a stale comment offset. */
function sameLexicalState(a: LexState, b: LexState): boolean {
  return (
    a.string === b.string &&
    a.blockComment === b.blockComment &&
    !!a.lineComment === !!b.lineComment &&
    a.last === b.last
  );
}

const withoutStack = (s: LexState): LexState => ({
  string: s.string,
  blockComment: s.blockComment,
  lineComment: s.lineComment,
  last: s.last,
  stack: [],
});
const withDepth = (s: LexState, depth: number): LexState => ({
  ...withoutStack(s),
  stack: new Array<string>(depth).fill('('),
});

/** Records segments while a scan lexes, from a line start on. */
class SegmentRecorder {
  private start: number | undefined;
  private state!: LexState;
  private count = 0;
  private lowest = 0;
  private lowOffsets: number[] = [];
  private lowCounts: number[] = [];

  constructor(private readonly store: (segment: Segment) => void) {}

  /** Begins a segment at line start `at` in `state` (nothing is recorded before the first). */
  begin(at: number, state: LexState): void {
    this.start = at;
    this.state = withoutStack(state);
    this.count = 0;
    this.lowest = 0;
    this.lowOffsets = [];
    this.lowCounts = [];
  }

  get recording(): boolean {
    return this.start !== undefined;
  }

  /** Accounts an event at absolute position `at`. */
  event(ev: LexEvent, at: number): void {
    if (this.start === undefined) return;
    if (ev.type === 'open') this.count++;
    else if (ev.type === 'close') this.lowest = Math.min(this.lowest, --this.count);
    else if (ev.inCode && this.count === this.lowest) {
      this.lowOffsets.push(at - this.start);
      this.lowCounts.push(this.count);
    }
  }

  /** Ends the open segment at line start `at` (stored when it covers anything) and begins the next. */
  cut(at: number, state: LexState): void {
    if (this.start !== undefined && at > this.start) {
      this.store({
        at: this.start,
        state: this.state,
        end: at,
        endState: withoutStack(state),
        delta: this.count,
        lowest: this.lowest,
        lowOffsets: this.lowOffsets,
        lowCounts: this.lowCounts,
      });
    }
    this.begin(at, state);
  }

  /** Whether the open segment has reached its length and should be cut at line start `at`. */
  full(at: number): boolean {
    return this.start !== undefined && at - this.start >= SEGMENT;
  }
}

export class LexIndex {
  /** Sorted by `at`; several may start at one place (scanned from different states). */
  private segments: Segment[] = [];

  constructor(
    readonly rules: LanguageRules,
    private text: string,
  ) {}

  /** The unchanged start and end of `text` against this index's text. */
  diff(text: string): TextDiff {
    const head = commonPrefixLength(this.text, text);
    return { head, tail: commonSuffixLength(this.text, text, Math.min(this.text.length, text.length) - head) };
  }

  /** Moves to a new version of the text: segments in the changed stretch go, those after it move. */
  update(text: string, { head, tail }: TextDiff = this.diff(text)): void {
    if (text === this.text) return;
    const changeEnd = this.text.length - tail;
    const shift = text.length - this.text.length;
    const kept: Segment[] = [];
    for (const s of this.segments) {
      if (s.end <= head) kept.push(s);
      // The line break before the segment must be unchanged too, or `at` may no longer start a line.
      else if (s.at > changeEnd) {
        s.at += shift;
        s.end += shift;
        kept.push(s);
      }
    }
    this.segments = kept;
    this.text = text;
  }

  /** Brackets open at `offset` and the code line starts at depth 0 before it, as a scan of text[0, offset) finds them. */
  prefixScan(offset: number): PrefixScan {
    const codeLineStarts = [0];
    let depth = 0;
    let at = 0;
    let state = initialState();
    for (;;) {
      const segment = this.usableAt(at, state, offset);
      if (segment) {
        for (let k = 0; k < segment.lowOffsets.length; k++) {
          if (depth + segment.lowCounts[k] <= 0) codeLineStarts.push(segment.at + segment.lowOffsets[k]);
        }
        depth = Math.max(depth + segment.delta, segment.delta - segment.lowest);
        at = segment.end;
        state = segment.endState;
        continue;
      }
      if (at >= offset) return { openBrackets: depth, codeLineStarts };
      const lexed = withDepth(state, depth);
      const stop = this.lexFrom(at, offset, lexed, true, (ev, pos) => {
        if (ev.type === 'line' && ev.inCode && ev.depth === 0) codeLineStarts.push(pos);
      });
      depth = lexed.stack.length;
      state = lexed;
      if (stop === undefined) return { openBrackets: depth, codeLineStarts };
      at = stop;
    }
  }

  /** Closers in text[offset, end) that close brackets opened before it, as a scan of that suffix alone finds them. */
  unmatchedClosers(offset: number): number {
    let count = 0;
    let lowest = 0;
    let at = offset;
    let state = initialState();
    let fromLineStart = false; // the suffix starts mid-line: nothing before its first line break is stored
    const end = this.text.length;
    for (;;) {
      const segment = fromLineStart ? this.usableAt(at, state, end) : undefined;
      if (segment) {
        lowest = Math.min(lowest, count + segment.lowest);
        count += segment.delta;
        at = segment.end;
        state = segment.endState;
        continue;
      }
      if (at >= end) return -lowest;
      const lexed = withoutStack(state);
      const stop = this.lexFrom(at, end, lexed, fromLineStart, (ev) => {
        if (ev.type === 'open') count++;
        else if (ev.type === 'close') lowest = Math.min(lowest, --count);
      });
      state = lexed;
      if (stop === undefined) return -lowest;
      at = stop;
      fromLineStart = true;
    }
  }

  /**
   * Lexes text[from, to) from `state` (mutated), storing segments from the first line start on
   * (from `from` itself when it is one). Stops at a line start where a usable segment begins and
   * returns it; undefined when it reached `to`.
   */
  private lexFrom(
    from: number,
    to: number,
    state: LexState,
    fromLineStart: boolean,
    visit: (ev: LexEvent, at: number) => void,
  ): number | undefined {
    const recorder = new SegmentRecorder((s) => this.store(s));
    if (fromLineStart) recorder.begin(from, state);
    let stoppedAt: number | undefined;
    lex(this.text.slice(from, to), this.rules, state, (ev) => {
      const at = from + ev.index;
      visit(ev, at);
      recorder.event(ev, at);
      if (ev.type !== 'line') return;
      if (at < to && this.usableAt(at, state, to)) {
        recorder.cut(at, state);
        stoppedAt = at;
        return false;
      }
      // A line at `to` may continue past it (the prefix ends mid-line): only whole lines are stored.
      if (!recorder.recording || recorder.full(at)) {
        if (at < to || to === this.text.length) recorder.cut(at, state);
      }
    });
    return stoppedAt;
  }

  /** A stored segment starting at `at` in `state` that ends by `limit`. */
  private usableAt(at: number, state: LexState, limit: number): Segment | undefined {
    for (let k = this.firstAt(at); k < this.segments.length && this.segments[k].at === at; k++) {
      const s = this.segments[k];
      if (s.end <= limit && sameLexicalState(s.state, state)) return s;
    }
    return undefined;
  }

  private firstAt(at: number): number {
    let lo = 0;
    let hi = this.segments.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid].at < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts a segment, dropping those it makes redundant (same start and state, or starting inside it). */
  private store(segment: Segment): void {
    const k = this.firstAt(segment.at);
    let j = k;
    while (j < this.segments.length && this.segments[j].at < segment.end) j++;
    const same = this.segments
      .slice(k, j)
      .filter((s) => s.at === segment.at && !sameLexicalState(s.state, segment.state));
    this.segments.splice(k, j - k, ...same.slice(0, 1), segment);
  }
}

const indexes: LexIndex[] = [];

/**
 * The index for `text`: the remembered one sharing most of it (brought up to date), or a new one.
 * Requests in one document share nearly all of the text between them; other documents share little.
 */
export function lexIndexFor(text: string, rules: LanguageRules): LexIndex {
  let best: { index: LexIndex; diff: TextDiff } | undefined;
  for (const index of indexes) {
    if (index.rules !== rules) continue;
    const diff = index.diff(text);
    if (diff.head + diff.tail > Math.max(text.length / 2, best ? best.diff.head + best.diff.tail : 0))
      best = { index, diff };
    if (diff.head + diff.tail >= text.length * 0.9) break; // the most recent close match: the document being typed in
  }
  let index: LexIndex;
  if (best) {
    index = best.index;
    index.update(text, best.diff);
    indexes.splice(indexes.indexOf(index), 1);
  } else index = new LexIndex(rules, text);
  indexes.unshift(index);
  if (indexes.length > KEEP) indexes.length = KEEP;
  return index;
}

/** Characters on each side of the cursor that a windowed scan lexes. */
export const LEX_WINDOW_CHARS = 10_000;

/**
 * Lexical facts from the lines within LEX_WINDOW_CHARS of the cursor only, not remembered: for a
 * request that must not lex a whole large document on its first keystroke (while its language
 * warms up). Exact when no string, comment or bracket spans the window's edges.
 */
export function windowedLexIndex(
  text: string,
  offset: number,
  rules: LanguageRules,
): Pick<LexIndex, 'prefixScan' | 'unmatchedClosers'> {
  const start = offset <= LEX_WINDOW_CHARS ? 0 : text.indexOf('\n', offset - LEX_WINDOW_CHARS) + 1 || 0;
  const from = Math.min(start, offset);
  const nl = text.indexOf('\n', offset + LEX_WINDOW_CHARS);
  const to = nl < 0 ? text.length : nl + 1;
  const index = new LexIndex(rules, text.slice(from, to));
  return {
    prefixScan: (at) => {
      const scan = index.prefixScan(at - from);
      return { openBrackets: scan.openBrackets, codeLineStarts: scan.codeLineStarts.map((s) => s + from) };
    },
    unmatchedClosers: (at) => index.unmatchedClosers(at - from),
  };
}
