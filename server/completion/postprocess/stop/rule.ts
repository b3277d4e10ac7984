/** One way a completion can be complete. Rules see the completion as it streams, line by line. */

export type StopReason =
  | 'first-line'
  | 'closed-block'
  | 'left-definition'
  | 'dedent'
  | 'top-level-paragraph'
  | 'suffix-regen'
  | 'closing-fence';

export interface Cut {
  /** Keep text[0, index). */
  index: number;
  reason: StopReason;
}

/** A complete, non-blank line of the completion that starts in code (not inside a string or comment). */
export interface CompletionLine {
  /** Offset of its first character in the completion, and of its line break (or the text's end). */
  start: number;
  end: number;
  /** The whole line: for the completion's first line, with the text before the cursor. */
  text: string;
  width: number;
  comment: boolean;
  /** Brackets the completion opened and had not closed when the line started. */
  depth: number;
  /** A blank line comes between this line and the completion's previous line. */
  blankBefore: boolean;
}

export interface StopRule {
  onLine?(line: CompletionLine): Cut | undefined;
  onBracket?(type: 'open' | 'close', index: number): void;
  /** After each complete line of a brace language (`end`: its line break or the text's end). */
  onLineEnd?(end: number, text: string): Cut | undefined;
  /** After each batch of complete lines, over the whole text so far. */
  onText?(text: string, final: boolean): Cut | undefined;
}
