/**
 * Finds where the tokens before the cursor occurred elsewhere: the longest indexed order first,
 * backing off to shorter ones only when nothing matched; each hit's real match length is measured
 * by comparing tokens backwards.
 */
import { type DocRecord, hashTokens, ORDERS, type Segment } from './segment';
import type { Vocab } from './tokenizer';

/** Tokens of context compared at most. */
export const MAX_CONTEXT = 32;
/** Chain entries visited per order and segment: bounds the time spent on very common contexts. */
const CHAIN_STEPS = 4000;

export interface QueryContext {
  /** Ids of the last tokens before the cursor (or before the partly typed word); -1 for unknown tokens. */
  ids: Int32Array;
  /** A partly typed word at the cursor: matches must continue with a token that starts with it. */
  partial: string;
  /** Offset in the prefix where the last context token ends. */
  contextEnd: number;
}

export interface Match {
  segment: Segment;
  doc: DocRecord;
  /** Position of the token that followed the context. */
  pos: number;
  /** Tokens of context that agree. */
  length: number;
}

function agreeing(tokens: Int32Array, pos: number, ids: Int32Array): number {
  let k = 0;
  while (k < ids.length && pos - 1 - k >= 0 && tokens[pos - 1 - k] === ids[ids.length - 1 - k]) k++;
  return k;
}

export function findMatches(
  segments: readonly Segment[],
  ctx: QueryContext,
  vocab: Vocab,
  accept: (m: Match) => boolean,
): Match[] {
  for (let o = ORDERS.length - 1; o >= 0; o--) {
    const n = ORDERS[o];
    if (ctx.ids.length < n) continue;
    const hash = hashTokens(ctx.ids, ctx.ids.length, n);
    const found: Match[] = [];
    for (const segment of segments) {
      let steps = 0;
      for (let pos = segment.head(o, hash); pos >= 0 && steps < CHAIN_STEPS; pos = segment.next(o, pos), steps++) {
        const length = agreeing(segment.tokens, pos, ctx.ids);
        if (length < n) continue; // a hash collision
        if (ctx.partial && !vocab.strings[segment.tokens[pos]].startsWith(ctx.partial)) continue;
        const doc = segment.docAt(pos);
        if (!doc.alive) continue;
        const match = { segment, doc, pos, length };
        if (accept(match)) found.push(match);
      }
    }
    if (found.length > 0) return found;
  }
  return [];
}
