import type { LanguageRules } from './languages';
import { initialState, lex, type LexState } from './lexer';

/**
 * The lexical scans of the whole prefix and suffix cost O(document) per request (about 15-60 ms on a
 * 5k-line file). Between two requests in one document only a little text changes, so scans resume
 * from checkpoints saved on the previous text, and a suffix seen before is not scanned again.
 * Results are exactly those of a full scan.
 */
const CHECKPOINT_EVERY = 4096;
const KEEP = 4;

interface Checkpoint {
  /** Offset of a line start in the scanned text, and the state there. */
  at: number;
  state: LexState;
  /** How many code line starts lie before `at`. */
  starts: number;
}

interface PrefixScan {
  rules: LanguageRules;
  text: string;
  checkpoints: Checkpoint[];
  codeLineStarts: number[];
  openBrackets: number;
}

const prefixScans: PrefixScan[] = [];
const suffixScans: Array<{ rules: LanguageRules; text: string; closes: number }> = [];

const cloneState = (s: LexState): LexState => ({ ...s, stack: [...s.stack] });

function remember<T>(list: T[], item: T): void {
  list.unshift(item);
  if (list.length > KEEP) list.length = KEEP;
}

/** Length of the common start of two texts, compared a block at a time (native comparisons). */
function commonPrefixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const BLOCK = 2048;
  let i = 0;
  while (i + BLOCK <= n && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The last checkpoint whose text before it is unchanged in `text`. */
function resumePoint(scan: PrefixScan, text: string): Checkpoint | undefined {
  const same = commonPrefixLength(scan.text, text);
  let found: Checkpoint | undefined;
  for (const cp of scan.checkpoints) {
    if (cp.at > same) break;
    found = cp;
  }
  return found;
}

/** Brackets open at the end of `prefix`, and where lines start in code at bracket depth 0. */
export function scanPrefix(prefix: string, rules: LanguageRules): { openBrackets: number; codeLineStarts: number[] } {
  const exact = prefixScans.find((s) => s.rules === rules && s.text === prefix);
  if (exact) return exact;
  let base: Checkpoint = { at: 0, state: initialState(), starts: 1 };
  let previous: PrefixScan | undefined;
  for (const s of prefixScans) {
    if (s.rules !== rules) continue;
    const cp = resumePoint(s, prefix);
    if (cp && cp.at > base.at) {
      base = cp;
      previous = s;
    }
  }
  const state = cloneState(base.state);
  const codeLineStarts = previous ? previous.codeLineStarts.slice(0, base.starts) : [0];
  const checkpoints = previous ? previous.checkpoints.filter((c) => c.at <= base.at) : [base];
  let next = base.at + CHECKPOINT_EVERY;
  lex(prefix.slice(base.at), rules, state, (ev) => {
    if (ev.type !== 'line') return;
    const at = base.at + ev.index;
    if (ev.inCode && ev.depth === 0) codeLineStarts.push(at);
    if (at >= next) {
      checkpoints.push({ at, state: cloneState(state), starts: codeLineStarts.length });
      next = at + CHECKPOINT_EVERY;
    }
  });
  const scan: PrefixScan = { rules, text: prefix, checkpoints, codeLineStarts, openBrackets: state.stack.length };
  remember(prefixScans, scan);
  return scan;
}

/** Closers in `suffix` that close brackets opened before it. */
export function unmatchedClosers(suffix: string, rules: LanguageRules): number {
  const hit = suffixScans.find((s) => s.rules === rules && s.text === suffix);
  if (hit) return hit.closes;
  let closes = 0;
  lex(suffix, rules, initialState(), (ev) => {
    if (ev.type === 'close' && ev.unmatched) closes++;
  });
  remember(suffixScans, { rules, text: suffix, closes });
  return closes;
}
