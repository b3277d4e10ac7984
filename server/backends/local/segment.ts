/**
 * Documents as one token stream with hash chains over their n-grams (as in LZ77 compressors): for
 * each order n, `head[hash of n tokens]` is the latest position that follows those n tokens and
 * `prev[position]` the one before it. Finding every place a context occurred is one walk down a
 * chain, with no per-n-gram objects, so ~5k files fit in typed arrays and a lookup takes microseconds.
 * Hashes may collide; callers compare the tokens.
 */
import { scan, SEP, type Vocab } from './tokenizer';

/** Context lengths (in tokens) that are indexed; longer matches are found by extending backwards. */
export const ORDERS = [2, 5] as const;

export interface DocRecord {
  /** The document's key (slash path or URI). */
  key: string;
  text: string;
  /** First token position and the position after the last token. */
  first: number;
  end: number;
  /** False once replaced or removed: its positions are skipped. */
  alive: boolean;
}

const MIN_BUCKETS = 1 << 12;
/** Positions per bucket, on average, right after a rehash: chains are walked anyway, buckets cost memory. */
const BUCKET_LOAD = 4;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Hash of `n` token ids ending before `end` in `ids`. */
export function hashTokens(ids: ArrayLike<number>, end: number, n: number): number {
  let h = FNV_OFFSET;
  for (let i = end - n; i < end; i++) h = Math.imul(h ^ ids[i], FNV_PRIME);
  return h ^ (h >>> 15);
}

export class Segment {
  tokens = new Int32Array(1024);
  /** Character offset of each token in its document's text. */
  starts = new Int32Array(1024);
  length = 0;
  readonly docs: DocRecord[] = [];
  private heads: Int32Array[] = ORDERS.map(() => new Int32Array(MIN_BUCKETS).fill(-1));
  private prev: Int32Array[] = ORDERS.map(() => new Int32Array(1024));
  private mask = MIN_BUCKETS - 1;
  private liveTokens = 0;

  constructor(private readonly vocab: Vocab) {}

  get tokenCount(): number {
    return this.liveTokens;
  }

  add(key: string, text: string): DocRecord {
    const { ids, starts, count } = scan(text, this.vocab, true);
    this.reserve(this.length + count + 1);
    this.tokens[this.length] = SEP;
    this.starts[this.length] = 0;
    this.length++;
    const doc: DocRecord = { key, text, first: this.length, end: this.length + count, alive: true };
    this.tokens.set(ids.subarray(0, count), doc.first);
    this.starts.set(starts.subarray(0, count), doc.first);
    this.length = doc.end;
    this.docs.push(doc);
    this.liveTokens += count;
    if (this.liveTokens > 2 * BUCKET_LOAD * (this.mask + 1)) this.rehash();
    else this.link(doc);
    return doc;
  }

  remove(doc: DocRecord): void {
    if (!doc.alive) return;
    doc.alive = false;
    doc.text = '';
    this.liveTokens -= doc.end - doc.first;
  }

  /** Latest position after an n-gram with this hash for order index `o`, or -1. */
  head(o: number, hash: number): number {
    return this.heads[o][hash & this.mask];
  }

  /** The previous position in the same chain, or -1. */
  next(o: number, pos: number): number {
    return this.prev[o][pos];
  }

  /** The document holding token position `pos`. */
  docAt(pos: number): DocRecord {
    let lo = 0;
    let hi = this.docs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.docs[mid].first <= pos) lo = mid;
      else hi = mid - 1;
    }
    return this.docs[lo];
  }

  /** Chains every position of `doc` that has a full n-gram of context inside the document. */
  private link(doc: DocRecord): void {
    for (let o = 0; o < ORDERS.length; o++) {
      const n = ORDERS[o];
      const head = this.heads[o];
      const prev = this.prev[o];
      for (let pos = doc.first + n; pos < doc.end; pos++) {
        const bucket = hashTokens(this.tokens, pos, n) & this.mask;
        prev[pos] = head[bucket];
        head[bucket] = pos;
      }
    }
  }

  /** More buckets keep chains short as the corpus grows; dead documents drop out of the chains. */
  private rehash(): void {
    let buckets = MIN_BUCKETS;
    while (buckets * BUCKET_LOAD < this.liveTokens) buckets *= 2;
    this.mask = buckets - 1;
    this.heads = ORDERS.map(() => new Int32Array(buckets).fill(-1));
    for (const doc of this.docs) if (doc.alive) this.link(doc);
  }

  private reserve(capacity: number): void {
    if (capacity <= this.tokens.length) return;
    let size = this.tokens.length;
    while (size < capacity) size *= 2;
    const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(size);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.tokens = grow(this.tokens);
    this.starts = grow(this.starts);
    this.prev = this.prev.map(grow);
  }
}
