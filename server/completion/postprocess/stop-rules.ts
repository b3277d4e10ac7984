import { initialState, lex, type LexState } from './lexer';
import { indentWidth, isBlank } from './lines';
import type { Situation } from './situation';

/**
 * Where a completion ends, decided while it streams. The same rules run once more over the final
 * text as a post-processing stage, so a completion is cut the same way whether or not the stream
 * was stopped early.
 *
 * - line mode: at the first line break;
 * - block mode, brace languages: the completion should leave open exactly the brackets the suffix
 *   closes beyond those open at the cursor (Situation.bracketTarget). A line that ends having
 *   closed more — a closer the suffix already has, such as the end of the block the completion
 *   started in (confirmed on the syntax tree) — is cut before that closer (`} else {` reopens on
 *   the same line and is fine). Once every bracket open at the cursor is closed, it ends with that line;
 * - block mode, indentation languages: at a line that leaves the outermost definition (or top-level
 *   statement) the cursor is in;
 * - block mode, other languages and plain text: at a line indented less than the block it started in;
 * - any block: where the completion starts to repeat the lines that follow the cursor.
 */

export type StopReason = 'first-line' | 'closed-block' | 'left-definition' | 'dedent' | 'suffix-regen';

export interface StopDecision {
  /** Keep text[0, index). */
  index: number;
  reason: StopReason;
}

/** Consecutive lines of the suffix a completion must repeat before the stream is stopped for it. */
const REGEN_LINES = 2;

export class StreamStop {
  private text = '';
  private decision: StopDecision | undefined;
  private readonly lexState: LexState = initialState();
  /** Text before this index has been lexed (always a line start, or the end when final). */
  private lexed = 0;
  private firstCodeIndent: number | undefined;
  private unitIndent: number | undefined;
  private commentRunStart: number | undefined;
  /** Brace languages: brackets opened minus closed so far, and on the current line the first closer past what the document lacks. */
  private rel = 0;
  private lineBreach: number | undefined;
  private lineClosed = false;
  /** The line starting at `lexed`, seen but not complete yet. */
  private pendingLine: { inCode: boolean; depth: number } | undefined;

  constructor(private readonly sit: Situation) {
    this.unitIndent = sit.unitIndent;
    // At a line start the completion's first line is a whole line of code; else it continues the cursor line.
    if (sit.atLineStart) this.pendingLine = { inCode: true, depth: 0 };
    else this.firstCodeIndent = indentWidth(sit.linePrefix);
  }

  /** Adds streamed text; true once the completion is complete and the stream should stop. */
  push(piece: string): boolean {
    if (this.decision) return true;
    this.text += piece;
    this.examine(false);
    return this.decision !== undefined;
  }

  /** The stream ended by itself: examine the last, unterminated line too. */
  finish(): void {
    if (!this.decision) this.examine(true);
  }

  get stopped(): StopDecision | undefined {
    return this.decision;
  }

  /** The text to keep. */
  get result(): string {
    return this.decision ? this.text.slice(0, this.decision.index) : this.text;
  }

  private decide(index: number, reason: StopReason): void {
    if (!this.decision || index < this.decision.index) this.decision = { index, reason };
  }

  private examine(final: boolean): void {
    if (this.sit.mode === 'line') return this.firstLine(final);
    const end = final ? this.text.length : this.text.lastIndexOf('\n') + 1;
    if (end <= this.lexed && !(final && this.pendingLine)) return;
    const pending = this.pendingLine;
    this.pendingLine = undefined;
    if (pending) this.onLine(this.lexed, pending.inCode, pending.depth, final);
    const from = this.lexed;
    const chunk = this.text.slice(from, end);
    const braces = this.sit.rules.family === 'braces';
    lex(chunk, this.sit.rules, this.lexState, (ev) => {
      if (ev.type === 'line') {
        if (braces) this.onLineEnd(from + ev.index - 1);
        // A line starting where this chunk ends is examined once it is complete.
        if (ev.index === chunk.length && !final) this.pendingLine = { inCode: ev.inCode, depth: ev.depth };
        else this.onLine(from + ev.index, ev.inCode, ev.depth, final);
      } else if (braces) {
        this.onBracket(ev.type, from + ev.index);
      }
      return this.decision === undefined;
    });
    if (braces && final && !this.decision && !this.text.endsWith('\n')) this.onLineEnd(this.text.length);
    this.lexed = end;
    if (!this.decision) this.suffixRegen(final);
  }

  private firstLine(final: boolean): void {
    const nl = this.text.indexOf('\n');
    if (nl !== -1) {
      // At the start of a line that has code after the cursor, the one line is inserted above it.
      const keepBreak = this.sit.atLineStart && !isBlank(this.sit.lineSuffix);
      this.decide(keepBreak ? nl + 1 : nl, 'first-line');
    } else if (final) this.decide(this.text.length, 'first-line');
  }

  /** A line of the completion starting at `start` (0: the first line when the cursor is at a line start). */
  private onLine(start: number, inCode: boolean, depth: number, final: boolean): void {
    const family = this.sit.rules.family;
    if (family === 'braces' || !inCode) return;
    const nl = this.text.indexOf('\n', start);
    if (nl === -1 && !final) return;
    const line = (start === 0 ? this.sit.linePrefix : '') + this.text.slice(start, nl === -1 ? undefined : nl);
    if (isBlank(line)) return;
    const width = indentWidth(line);
    const code = line.trim();
    const isComment = this.sit.rules.lineComments.some((c) => code.startsWith(c));
    if (depth > 0) {
      // Inside brackets the completion opened, layout is free, but not back at the definition's own level.
      if (family === 'indent' && this.firstCodeIndent !== undefined && this.unitIndent !== undefined && width <= this.unitIndent && !isComment) {
        this.decide(start, 'left-definition');
      }
      return;
    }
    if (this.firstCodeIndent === undefined) {
      if (isComment) return;
      this.firstCodeIndent = width;
      if (this.unitIndent !== undefined && width <= this.unitIndent) this.unitIndent = undefined; // the cursor is at that level itself
      return;
    }
    if (family === 'indent') {
      if (this.unitIndent === undefined || width > this.unitIndent) {
        if (!isComment) this.commentRunStart = undefined;
        return;
      }
      if (isComment) {
        this.commentRunStart ??= start;
        return;
      }
      if (this.sit.rules.continuation?.test(code)) return;
      this.decide(this.commentRunStart ?? start, 'left-definition');
      return;
    }
    // Keyword-delimited blocks and plain text: the block is the cursor line's indentation.
    const blockIndent = this.sit.atLineStart ? this.firstCodeIndent : indentWidth(this.sit.linePrefix) + 1;
    if (width >= blockIndent) return;
    const next = this.sit.followingLines[0];
    const suffixCloses = next !== undefined && indentWidth(next) < blockIndent;
    if (suffixCloses) this.decide(start, 'dedent');
    else this.decide(nl === -1 ? this.text.length : nl, 'dedent');
  }

  /** Brace languages, at the end of each complete line: has the completion closed too much, or everything? */
  private onLineEnd(end: number): void {
    const sit = this.sit;
    const breach = this.lineBreach;
    const closedHere = this.lineClosed;
    this.lineBreach = undefined;
    this.lineClosed = false;
    if (this.rel < sit.bracketTarget && breach !== undefined) {
      if (sit.syntax?.isBracketToken(this.text.slice(0, breach + 1), breach) === false) return;
      const lineStart = this.text.lastIndexOf('\n', breach - 1) + 1;
      const before = (lineStart === 0 ? sit.linePrefix : '') + this.text.slice(lineStart, breach);
      // Mid-line, the white space before the closer goes too: the suffix brings its own.
      this.decide(isBlank(before) ? lineStart : breach - (before.length - before.trimEnd().length), 'closed-block');
    } else if (closedHere && sit.openBrackets > 0 && this.rel <= -sit.openBrackets) {
      this.decide(end, 'closed-block'); // nothing is open any more: what follows is unrelated
    }
  }

  private onBracket(type: 'open' | 'close', index: number): void {
    if (type === 'open') {
      this.rel++;
      return;
    }
    this.rel--;
    this.lineClosed = true;
    if (this.rel < this.sit.bracketTarget) this.lineBreach ??= index;
  }

  /** Cuts where the completion's lines start repeating the lines after the cursor. */
  private suffixRegen(final: boolean): void {
    const following = this.sit.followingLines;
    if (following.length === 0) return;
    const lines = this.text.split('\n');
    const starts: number[] = [];
    let at = 0;
    for (const l of lines) {
      starts.push(at);
      at += l.length + 1;
    }
    const complete = final ? lines.length : lines.length - 1;
    const first = this.sit.atLineStart ? 0 : 1;
    for (let i = first; i < complete; i++) {
      if (isBlank(lines[i])) continue;
      let matched = 0;
      let evidence = false;
      let j = i;
      let partialEnd = false;
      for (; j < complete && matched < following.length; j++) {
        // Indentation included: code repeats at other depths (`else: break`), a regeneration does not.
        const line = (j === 0 ? this.sit.linePrefix : '') + lines[j].trimEnd();
        if (line.trim() === '') continue;
        const want = following[matched];
        if (line === want) {
          matched++;
          evidence ||= /\w/.test(line);
          continue;
        }
        // The model was cut off inside a repeated line.
        if (final && j === lines.length - 1 && matched > 0 && want.startsWith(lines[j])) partialEnd = true;
        break;
      }
      const toEnd = j >= complete || partialEnd;
      // Lines of closers alone (`}`, `);`) recur everywhere: they are no evidence of repetition.
      if (evidence && (matched >= Math.min(REGEN_LINES, following.length) || (final && toEnd))) {
        this.decide(starts[i], 'suffix-regen');
        return;
      }
    }
  }
}
