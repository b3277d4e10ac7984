/**
 * Takes the code out of a chat model's fill-in answer, as it streams: drops a lead-in sentence and
 * Markdown fences, stops at a closing fence (what follows is prose), drops a repeat of the text
 * already typed on the cursor line, and drops one trailing newline (it belongs to the fence or the
 * message, not the code).
 */

const PROSE_START = /^(sure|certainly|of course|here|okay|ok|below|this is|the (completion|code|missing|inserted))\b/i;
const isFence = (line: string): boolean => /^\s*```/.test(line);
/** A partial line that may still turn into a fence once more text arrives. */
const mayBecomeFence = (partial: string): boolean => /^\s*`{0,2}$/.test(partial);
const isProse = (line: string): boolean => PROSE_START.test(line.trim()) && /[:.!]$/.test(line.trim());

export class ChatAnswerFilter {
  private state: 'head' | 'body' | 'done' = 'head';
  private pending = '';
  private atLineStart = true;
  /** A newline held back until we know more code follows it. */
  private heldNewline = false;
  private checkedRepeat = false;

  /** `linePrefix`: the cursor line's text before the cursor, which chat models like to repeat. */
  constructor(private readonly linePrefix = '') {}

  /** Feeds a streamed piece; returns the code that is safe to show now. */
  push(text: string): string {
    if (this.state === 'done') return '';
    this.pending += text;
    return this.drain(false);
  }

  /** The answer is complete: returns whatever was held back. */
  end(): string {
    if (this.state === 'done') return '';
    const out = this.drain(true);
    this.state = 'done';
    return out;
  }

  private drain(final: boolean): string {
    if (this.state === 'head' && !this.skipHead(final)) return '';
    if (this.state === 'body' && !this.checkedRepeat && !this.dropRepeatedLinePrefix(final)) return '';
    return this.state === 'body' ? this.emitBody(final) : '';
  }

  /** Consumes fence openers and lead-in prose; true once the body has started. */
  private skipHead(final: boolean): boolean {
    for (;;) {
      const nl = this.pending.indexOf('\n');
      if (nl < 0 && !final) return false;
      const line = nl < 0 ? this.pending : this.pending.slice(0, nl);
      if (isFence(line) || (nl >= 0 && isProse(line))) {
        this.pending = nl < 0 ? '' : this.pending.slice(nl + 1);
        if (isFence(line)) {
          this.state = 'body';
          return true;
        }
        continue;
      }
      this.state = 'body';
      return true;
    }
  }

  private dropRepeatedLinePrefix(final: boolean): boolean {
    const typed = this.linePrefix.trimStart();
    if (typed.trim() !== '') {
      const undecided = this.pending.length < typed.length && typed.startsWith(this.pending) && !final;
      if (undecided) return false;
      if (this.pending.startsWith(typed)) this.pending = this.pending.slice(typed.length);
    }
    this.checkedRepeat = true;
    return true;
  }

  private emitBody(final: boolean): string {
    let out = '';
    while (this.pending !== '') {
      const nl = this.pending.indexOf('\n');
      if (nl < 0) {
        if (this.atLineStart && isFence(this.pending)) return this.finish(out);
        if (this.atLineStart && mayBecomeFence(this.pending) && !final) break;
        out += this.releaseNewline() + this.pending;
        this.pending = '';
        this.atLineStart = false;
        break;
      }
      const line = this.pending.slice(0, nl);
      if (this.atLineStart && isFence(line)) return this.finish(out);
      out += this.releaseNewline() + line;
      this.heldNewline = true;
      this.pending = this.pending.slice(nl + 1);
      this.atLineStart = true;
    }
    return out;
  }

  private releaseNewline(): string {
    if (!this.heldNewline) return '';
    this.heldNewline = false;
    return '\n';
  }

  private finish(out: string): string {
    this.state = 'done';
    this.pending = '';
    return out;
  }
}

/** The code in a complete chat answer. */
export function extractChatCode(answer: string, linePrefix = ''): string {
  const filter = new ChatAnswerFilter(linePrefix);
  return filter.push(answer) + filter.end();
}
