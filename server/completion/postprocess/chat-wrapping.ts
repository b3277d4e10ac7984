/**
 * What chat-tuned models (and some FIM models) wrap code in, removed as the answer streams, for
 * every backend:
 * - a Markdown fence: an opening line of three backticks and an optional language tag before the
 *   code (blank lines before it too), and everything from the closing fence line on (prose after it);
 * - invisible characters that are never code: zero-width space, word joiner, byte order mark.
 *   (Zero-width joiners stay: they are part of emoji sequences.)
 * A fence is recognised only as the answer's first non-blank line, so code that merely contains
 * backticks (a Markdown string, a template literal) is untouched; in Markdown-like documents a
 * fence is content and stays.
 */

const INVISIBLE = /[\u200b\u2060\ufeff]/g;
const OPENING_FENCE = /^[ \t]*(```|~~~)[\w+#.-]*[ \t]*$/;
/** Text that may still become an opening fence line (blank lines, then up to the tag). */
const MAYBE_OPENING = /^\s*(`{0,3}|~{0,3}|```[\w+#.-]*[ \t]*|~~~[\w+#.-]*[ \t]*)$/;

/** Documents where a fence is content, not wrapping. */
const FENCES_ARE_CONTENT = /^(markdown|mdx|quarto|rmd|rmarkdown|asciidoc|restructuredtext|plaintext|text)$/i;

export class ChatUnwrap {
  private state: 'start' | 'plain' | 'fenced' | 'closed';

  /** `languageId`: in Markdown-like documents only invisible characters are removed. */
  constructor(languageId: string) {
    this.state = FENCES_ARE_CONTENT.test(languageId) ? 'plain' : 'start';
  }
  /** Text received but not released yet. */
  private held = '';
  private fence = '```';

  /** The answer ended at a closing fence: nothing more of it is code. */
  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Adds a streamed piece; returns the text that can be released now. */
  push(piece: string): string {
    if (this.state === 'closed') return '';
    this.held += piece.replace(INVISIBLE, '');
    return this.release(false);
  }

  /** The stream ended: releases whatever is held. */
  finish(): string {
    if (this.state === 'closed') return '';
    return this.release(true);
  }

  private release(final: boolean): string {
    if (this.state === 'start') {
      const firstCode = /^\s*\n/.test(this.held) ? this.held.replace(/^(\s*\n)+/, '') : this.held;
      const lineEnd = firstCode.indexOf('\n');
      const line = (lineEnd === -1 ? firstCode : firstCode.slice(0, lineEnd)).replace(/\r$/, '');
      if (lineEnd === -1 && !final) {
        if (MAYBE_OPENING.test(this.held)) return '';
      } else if (OPENING_FENCE.test(line)) {
        this.fence = line.trim().slice(0, 3);
        this.state = 'fenced';
        this.held = firstCode.slice(lineEnd + 1);
        return this.release(final);
      }
      this.state = 'plain';
    }
    if (this.state === 'plain') {
      const out = this.held;
      this.held = '';
      return out;
    }
    // Fenced: release complete lines up to a closing fence; hold a last line that may become one.
    let out = '';
    for (;;) {
      const nl = this.held.indexOf('\n');
      const line = (nl === -1 ? this.held : this.held.slice(0, nl)).replace(/\r$/, '');
      if (
        line.trim() === this.fence ||
        (nl === -1 && final && line.trim().startsWith(this.fence) && line.trim().replace(/[`~]/g, '') === '')
      ) {
        this.state = 'closed';
        this.held = '';
        return out;
      }
      if (nl === -1) {
        const maybeFence = /^[ \t]*[`~]{1,3}$/.test(line);
        if (final || !maybeFence) {
          out += this.held;
          this.held = '';
        }
        return out;
      }
      out += this.held.slice(0, nl + 1);
      this.held = this.held.slice(nl + 1);
    }
  }
}
