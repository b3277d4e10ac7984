import { lineEndAt } from './lines';
import type { LanguageRules, StringDelimiter } from './languages';

/**
 * A small lexical scanner: brackets, strings and comments, nothing else. It runs over the model's
 * text as it streams (cheap, resumable) and over the text around the cursor; the syntax tree
 * confirms its findings where a decision depends on them.
 */

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

export interface LexState {
  /** Open brackets, innermost last. */
  stack: string[];
  /** Set while inside a string that may continue on the next line. */
  string?: StringDelimiter;
  /** Closing delimiter while inside a block comment. */
  blockComment?: string;
  /** Inside a line comment (until the next line), which started at this index of the scanned text. */
  lineComment?: boolean;
  lineCommentAt?: number;
  /** The last character of code seen (not white space, not in a string or comment). */
  last?: string;
}

export type LexEvent =
  | { type: 'open'; ch: string; index: number }
  /** `unmatched`: pops below the state the scan started from (closes something opened before). */
  | { type: 'close'; ch: string; index: number; unmatched: boolean }
  /** A line starts at `index`; `inCode` is false when it starts inside a string or comment. */
  | { type: 'line'; index: number; inCode: boolean; depth: number };

export function initialState(): LexState {
  return { stack: [] };
}

/**
 * Scans `text` from `state` (mutated), calling `visit` for brackets and line starts (not for the
 * first line, which starts wherever the caller's text starts). Returning `false` from `visit` stops
 * the scan; the return value is the index it stopped at (text.length when it ran to the end).
 */
export function lex(text: string, rules: LanguageRules, state: LexState, visit?: (ev: LexEvent) => unknown): number {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const ch = text[i];
    if (ch === '\n') {
      if (state.string && !state.string.multiline) state.string = undefined;
      state.lineComment = undefined;
      i++;
      if (
        visit &&
        visit({ type: 'line', index: i, inCode: !state.string && !state.blockComment, depth: state.stack.length }) ===
          false
      )
        return i;
      continue;
    }
    if (state.lineComment) {
      i = lineEndAt(text, i);
      continue;
    }
    if (state.blockComment) {
      if (text.startsWith(state.blockComment, i)) {
        i += state.blockComment.length;
        state.blockComment = undefined;
      } else i++;
      continue;
    }
    if (state.string) {
      const s = state.string;
      if (s.escapes && ch === '\\') {
        const next = text[i + 1];
        i += next === '\n' || (next === '\r' && text[i + 2] === '\n') ? 1 : 2; // keep the newline visible to the line logic
        continue;
      }
      if (text.startsWith(s.close, i)) {
        i += s.close.length;
        state.string = undefined;
      } else i++;
      continue;
    }
    const skip = starters(rules).has(ch) ? commentOrStringStart(text, i, rules, state) : -1;
    if (skip >= 0) {
      if (!state.lineComment && !state.blockComment) state.last = '"'; // a string or char literal: an operand
      i = skip;
      continue;
    }
    if (ch === '/' && rules.regexLiterals && (state.last === undefined || REGEX_MAY_FOLLOW.includes(state.last))) {
      const end = regexEnd(text, i);
      if (end > 0) {
        i = end;
        state.last = '/';
        continue;
      }
    }
    if (ch !== ' ' && ch !== '\t' && ch !== '\r') state.last = ch;
    if (OPENERS.has(ch)) {
      state.stack.push(ch);
      if (visit && visit({ type: 'open', ch, index: i }) === false) return i;
    } else if (CLOSERS.has(ch)) {
      const unmatched = state.stack.length === 0;
      if (!unmatched) state.stack.pop();
      if (visit && visit({ type: 'close', ch, index: i, unmatched }) === false) return i;
    }
    i++;
  }
  return n;
}

const REGEX_MAY_FOLLOW = '(,=:[!&|?{};+-*%<>~^';

const startersCache = new WeakMap<LanguageRules, Set<string>>();

/** First characters of the language's comment and string delimiters: only these need a closer look. */
function starters(rules: LanguageRules): Set<string> {
  let set = startersCache.get(rules);
  if (!set) {
    set = new Set(
      [...rules.lineComments, ...rules.blockComments.map(([open]) => open), ...rules.strings.map((s) => s.open)].map(
        (d) => d[0],
      ),
    );
    if (rules.charLiterals) set.add("'");
    startersCache.set(rules, set);
  }
  return set;
}

/** The index after a regular expression literal starting at `start` (a '/'), or -1 when none closes on this line. */
function regexEnd(text: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') return -1;
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      let j = i + 1;
      while (j < text.length && /[a-z]/i.test(text[j])) j++;
      return j;
    }
  }
  return -1;
}

/** If a comment or string starts at i: updates state and returns the index after its opening (or after a char literal); else -1. */
function commentOrStringStart(text: string, i: number, rules: LanguageRules, state: LexState): number {
  for (const lc of rules.lineComments) {
    if (
      text.startsWith(lc, i) &&
      !rules.blockComments.some(([open]) => open.startsWith(lc) && text.startsWith(open, i))
    ) {
      state.lineComment = true;
      state.lineCommentAt = i;
      return i + lc.length;
    }
  }
  for (const [open, close] of rules.blockComments) {
    if (text.startsWith(open, i)) {
      state.blockComment = close;
      return i + open.length;
    }
  }
  if (rules.charLiterals && text[i] === "'") {
    const m = /^'(?:\\(?:u\{[0-9a-fA-F]+\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)|[^'\\\n])'/.exec(text.slice(i, i + 12));
    return m ? i + m[0].length : -1; // not a char literal (a lifetime, a digit separator): ignore the quote
  }
  for (const s of rules.strings) {
    if (text.startsWith(s.open, i)) {
      state.string = s;
      return i + s.open.length;
    }
  }
  return -1;
}

/** One line's code without its trailing comment (trimmed at the end), and the lexer state at its end. */
export function lineCode(line: string, rules: LanguageRules): { code: string; state: LexState } {
  const state = initialState();
  lex(line, rules, state);
  const code = state.lineComment && state.lineCommentAt !== undefined ? line.slice(0, state.lineCommentAt) : line;
  return { code: code.trimEnd(), state };
}
