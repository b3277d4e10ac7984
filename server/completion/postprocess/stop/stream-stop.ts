import { ChatUnwrap } from '../chat-wrapping';
import { initialState, lex, lineCode, type LexState } from '../../../text/lexer';
import { indentWidth, isBlankLine } from '../../../text/lines';
import type { Situation } from '../situation';
import { bracketBalanceRule } from './bracket-balance';
import { dedentRule } from './dedent';
import { firstLineRule } from './first-line';
import { leaveDefinitionRule } from './leave-definition';
import type { Cut, StopRule } from './rule';
import { suffixRegenRule } from './suffix-regen';
import { topLevelRule } from './top-level';
import { widenedBlockRule } from './widened-block';

/** The stop rules for a situation: the first line in line mode; in block mode, the block rule of the language's family and suffix repetition. */
export function stopRulesFor(sit: Situation): StopRule[] {
  if (sit.mode === 'line') return [firstLineRule(sit)];
  const block = { braces: bracketBalanceRule, indent: leaveDefinitionRule, keywords: dedentRule }[sit.rules.family];
  return [block(sit), topLevelRule(sit), suffixRegenRule(sit)];
}

/**
 * Line mode, once the completion's first line is complete: does that line open a block,
 * declaration body or literal that nothing after the cursor closes? (`const odd` → ` = [`,
 * `func area` → `(w, h float64) float64 {`, `if x > 0` → `:`.) Then the completion is widened to
 * that block. Never inside a string or comment.
 */
export function firstLineOpens(sit: Situation, firstLine: string): 'brackets' | 'header' | undefined {
  if (!sit.mayWiden) return undefined;
  // The line ends with the rest of the cursor line again (`x > 0 {` before ` {`): what it opens is the document's.
  const rest = sit.lineSuffix.trim();
  if (rest !== '' && firstLine.trimEnd().endsWith(rest)) return undefined;
  const state = initialState();
  let rel = 0;
  lex(firstLine, sit.rules, state, (ev) => {
    if (ev.type === 'open') rel++;
    else if (ev.type === 'close') rel--;
  });
  if (state.string || state.blockComment) return undefined;
  // More left open than the suffix closes: a literal, argument list or body goes on below.
  if (rel > sit.bracketTarget && (rel > 0 || /[([{,]$/.test(lineCode(firstLine, sit.rules).code.trimEnd())))
    return 'brackets';
  if (rel !== 0 || !isBlankLine(sit.lineSuffix)) return undefined;
  const { code, state: lineState } = lineCode(sit.linePrefix + firstLine, sit.rules);
  if (lineState.string || lineState.blockComment || (sit.rules.family === 'indent' && lineState.stack.length > 0))
    return undefined;
  if (!sit.rules.blockOpenerAtEnd.test(code)) return undefined;
  // The suffix already holds the block's body: the next code line is indented deeper.
  const next = sit.followingLines[0];
  if (next !== undefined && indentWidth(next) > indentWidth(sit.linePrefix) && sit.rules.family !== 'braces')
    return undefined;
  return 'header';
}

/**
 * Brace languages with the body's `{` on a line of its own: the completion's first line, after a
 * declaration typed at the cursor, ends a header (`()`, `(int x) const`) with nothing left open.
 */
function allmanHeader(sit: Situation, firstLine: string): boolean {
  if (!sit.mayWiden || sit.rules.family !== 'braces' || !isBlankLine(sit.lineSuffix)) return false;
  const { code, state } = lineCode(sit.linePrefix + firstLine, sit.rules);
  return (
    state.stack.length === 0 &&
    !state.string &&
    /^\s*[\w<>[\],.\s]*\w\s*\(.*\)[\w\s]*$/.test(code) &&
    !/[;=]/.test(code)
  );
}

/**
 * Decides, while a completion streams, where it is complete. Text is examined a complete line at a
 * time (lexed once, incrementally); the earliest cut any rule asks for wins. The same object run
 * over a finished text is the `apply-stop-rules` stage, so a completion is cut the same way whether
 * or not its stream was stopped early.
 */
export class StreamStop {
  private text = '';
  private cut: Cut | undefined;
  private rules: StopRule[];
  private sit: Situation;
  /** Line mode: whether the first line widened the completion to a block has been decided. */
  private widenDecided = false;
  private readonly unwrap: ChatUnwrap;
  private readonly lexState: LexState = initialState();
  /** Text before this index has been lexed: always a line start, or the end once final. */
  private lexed = 0;
  /** The line starting at `lexed`, seen but not complete yet. */
  private pendingLine: { inCode: boolean; depth: number } | undefined;
  /** A blank line in code came after the previous non-blank line. */
  private blankSinceLast = false;
  /** A piece ended with '\r': it may be the first half of a CRLF split between pieces. */
  private pendingCr = false;

  constructor(sit: Situation) {
    this.sit = sit;
    this.unwrap = new ChatUnwrap(sit.languageId);
    this.rules = stopRulesFor(sit);
    // At a line start the completion's first line is a whole line of code.
    if (sit.atLineStart) this.pendingLine = { inCode: true, depth: 0 };
  }

  /** Adds streamed text; true once the completion is complete and the stream should stop. */
  push(piece: string): boolean {
    if (this.cut) return true;
    this.text += this.unwrap.push(this.lineFeeds(piece, false));
    if (this.unwrap.closed) {
      this.finish();
      this.take({ index: this.text.length, reason: 'closing-fence' });
      return true;
    }
    this.examine(false);
    return this.cut !== undefined;
  }

  /** The stream ended by itself: the last, unterminated line is examined too. */
  finish(): void {
    if (this.cut) return;
    const rest = this.lineFeeds('', true);
    if (rest) this.text += this.unwrap.push(rest);
    this.text += this.unwrap.finish();
    this.examine(true);
  }

  /** The situation the completion was cut for: block mode once the first line widened a line completion. */
  get situation(): Situation {
    return this.sit;
  }

  get stopped(): Cut | undefined {
    return this.cut;
  }

  /** The text to keep. */
  get result(): string {
    return this.cut ? this.text.slice(0, this.cut.index) : this.text;
  }

  /**
   * CRLF and lone CR as LF, as the pipeline's first stage makes them: the rules judge the same text
   * the stages then work on, so they run once (while streaming) instead of again after normalising.
   */
  private lineFeeds(piece: string, final: boolean): string {
    let text = this.pendingCr ? `\r${piece}` : piece;
    this.pendingCr = !final && text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    return text.replace(/\r\n?/g, '\n');
  }

  private take(cut: Cut | undefined): void {
    if (cut && (!this.cut || cut.index < this.cut.index)) this.cut = cut;
  }

  private examine(final: boolean): void {
    if (this.sit.mode === 'line' && !this.widenDecided) {
      this.decideWidening(final);
      if (!this.widenDecided) return;
    }
    if (this.sit.mode === 'block') this.lexLines(final);
    for (const rule of this.rules) this.take(rule.onText?.(this.text, final));
  }

  /** Line mode: once the first line is complete, widen to a block when it opens one. */
  private decideWidening(final: boolean): void {
    const nl = this.text.indexOf('\n');
    if (nl === -1 && !final) return;
    if (nl === -1) {
      this.widenDecided = true;
      return;
    }
    const firstLine = this.text.slice(0, nl).replace(/\r$/, '');
    let opens = firstLineOpens(this.sit, firstLine);
    if (!opens && allmanHeader(this.sit, firstLine)) {
      // A header whose body opens on the next line (`()` then `{`): wait for that line's first character.
      const next = /\S/.exec(this.text.slice(nl + 1));
      if (!next && !final) return;
      if (next?.[0] === '{') opens = 'brackets';
    }
    this.widenDecided = true;
    if (!opens) return;
    this.sit = { ...this.sit, mode: 'block' };
    this.rules = [...stopRulesFor(this.sit), widenedBlockRule(this.sit, opens)];
    if (this.sit.atLineStart) this.pendingLine = { inCode: true, depth: 0 };
  }

  private lexLines(final: boolean): void {
    const end = final ? this.text.length : this.text.lastIndexOf('\n') + 1;
    if (end <= this.lexed && !(final && this.pendingLine)) return;
    const pending = this.pendingLine;
    this.pendingLine = undefined;
    if (pending) this.onLine(this.lexed, pending.inCode, pending.depth, final);
    const from = this.lexed;
    const chunk = this.text.slice(from, end);
    lex(chunk, this.sit.rules, this.lexState, (ev) => {
      if (ev.type === 'line') {
        this.onLineEnd(from + ev.index - 1);
        if (ev.index === chunk.length && !final) this.pendingLine = { inCode: ev.inCode, depth: ev.depth };
        else this.onLine(from + ev.index, ev.inCode, ev.depth, final);
      } else {
        for (const rule of this.rules) rule.onBracket?.(ev.type, from + ev.index);
      }
      return this.cut === undefined;
    });
    if (final && !this.cut && !this.text.endsWith('\n')) this.onLineEnd(this.text.length);
    this.lexed = end;
  }

  private onLineEnd(end: number): void {
    for (const rule of this.rules) this.take(rule.onLineEnd?.(end, this.text));
  }

  /** A line of the completion starts at `start` (0: its first line, when the cursor is at a line start). */
  private onLine(start: number, inCode: boolean, depth: number, final: boolean): void {
    const nl = this.text.indexOf('\n', start);
    if (nl === -1 && !final) return;
    const end = nl === -1 ? this.text.length : nl;
    const text = (start === 0 ? this.sit.linePrefix : '') + this.text.slice(start, end).replace(/\r$/, '');
    if (isBlankLine(text)) {
      if (inCode) this.blankSinceLast = true;
      return;
    }
    const blankBefore = this.blankSinceLast;
    this.blankSinceLast = false;
    if (!inCode) return;
    const code = text.trim();
    const line = {
      start,
      end,
      text,
      width: indentWidth(text),
      comment: this.sit.rules.lineComments.some((c) => code.startsWith(c)),
      depth,
      blankBefore,
    };
    for (const rule of this.rules) this.take(rule.onLine?.(line));
  }
}
