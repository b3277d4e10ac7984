import type { LanguageRules } from './languages';
import { initialState, lex, type LexState } from './lexer';

/**
 * The lexical scans of the whole prefix and suffix cost O(document) per request (about 15-60 ms on a
 * 5k-line file). Between two requests in one document only a little text changes, so scans resume
 * from checkpoints saved on the previous text: a prefix from the last checkpoint before the first
 * change, a suffix up to the first checkpoint of an earlier suffix scan in the text they share at
 * the end (where the two scans' lexical states agree). Results are exactly those of a full scan.
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
const suffixScans: SuffixScan[] = [];

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

interface SuffixCheckpoint {
  /** Distance from a line start to the end of the scanned text (the end is what suffixes share). */
  fromEnd: number;
  /** The lexical state there; its bracket stack is left empty (only depth changes matter from here). */
  state: LexState;
  /** The lowest bracket depth from here to the end, relative to the depth here (zero or less). */
  lowestAhead: number;
}

interface SuffixScan {
  rules: LanguageRules;
  text: string;
  /** In text order (fromEnd decreasing). */
  checkpoints: SuffixCheckpoint[];
  closes: number;
}

/** Length of the common end of two texts, compared a block at a time. */
function commonSuffixLength(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  const BLOCK = 2048;
  let i = 0;
  while (i + BLOCK <= n && a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)) i += BLOCK;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** Same lexing from here on: everything but the bracket stack (whose contents lexing never reads) and a stale comment offset. */
function sameLexicalState(a: LexState, b: LexState): boolean {
  return a.string === b.string && a.blockComment === b.blockComment && !!a.lineComment === !!b.lineComment && a.last === b.last;
}

/** Checkpoints of earlier scans that lie in text `suffix` ends with (the line break before them included), by fromEnd. */
function joinPoints(suffix: string, rules: LanguageRules): Map<number, { scan: SuffixScan; index: number }> {
  const joins = new Map<number, { scan: SuffixScan; index: number }>();
  for (const scan of suffixScans) {
    if (scan.rules !== rules) continue;
    const same = commonSuffixLength(scan.text, suffix);
    scan.checkpoints.forEach((cp, index) => {
      if (cp.fromEnd < same && !joins.has(cp.fromEnd)) joins.set(cp.fromEnd, { scan, index });
    });
  }
  return joins;
}

/**
 * Closers in `suffix` that close brackets opened before it: with a depth counter that may go below
 * zero, minus the lowest depth reached. Scans until it meets a checkpoint of an earlier scan with
 * the same lexical state; from there the earlier scan's lowest depth ahead completes the answer.
 */
export function unmatchedClosers(suffix: string, rules: LanguageRules): number {
  const hit = suffixScans.find((s) => s.rules === rules && s.text === suffix);
  if (hit) return hit.closes;
  const joins = joinPoints(suffix, rules);
  const state = initialState();
  let depth = 0;
  let lowest = 0;
  // Own checkpoints with their depth, and the lowest depth in the stretch after each.
  const own: Array<{ fromEnd: number; state: LexState; depth: number; lowestAfter: number }> = [];
  let next = CHECKPOINT_EVERY;
  let joined: { scan: SuffixScan; index: number } | undefined;
  lex(suffix, rules, state, (ev) => {
    if (ev.type === 'open') depth++;
    else if (ev.type === 'close') depth--;
    if (depth < lowest) lowest = depth;
    if (own.length && depth < own[own.length - 1].lowestAfter) own[own.length - 1].lowestAfter = depth;
    if (ev.type !== 'line') return;
    const fromEnd = suffix.length - ev.index;
    const join = joins.get(fromEnd);
    if (join && sameLexicalState(state, join.scan.checkpoints[join.index].state)) {
      joined = join;
      return false;
    }
    if (ev.index >= next) {
      own.push({ fromEnd, state: { ...state, stack: [] }, depth, lowestAfter: depth });
      next = ev.index + CHECKPOINT_EVERY;
    }
  });
  // The lowest depth from the join (or the end) onwards, in this scan's depth terms.
  const joinedAt = joined && joined.scan.checkpoints[joined.index];
  let lowestTail = joinedAt ? depth + joinedAt.lowestAhead : Number.POSITIVE_INFINITY;
  lowest = Math.min(lowest, lowestTail);
  const checkpoints: SuffixCheckpoint[] = [];
  for (let k = own.length - 1; k >= 0; k--) {
    lowestTail = Math.min(lowestTail, own[k].lowestAfter);
    checkpoints.unshift({ fromEnd: own[k].fromEnd, state: own[k].state, lowestAhead: lowestTail - own[k].depth });
  }
  if (joined) checkpoints.push(...joined.scan.checkpoints.slice(joined.index));
  const closes = -lowest;
  remember(suffixScans, { rules, text: suffix, checkpoints, closes });
  return closes;
}
