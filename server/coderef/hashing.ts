/**
 * Normalisation and hashing shared by the licence-text matcher and the dependency index. Both
 * compare suggestions by hashes of short windows, never by storing or sending the text itself.
 */

/** FNV-1a over a string, 32 bits. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Lower-case words of prose: comment markers (#, //, /*, *, --, ;), punctuation, quotes and line
 * breaks all fall away, so a licence pasted into any comment style reads the same.
 */
export function proseWords(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

export interface CodeToken {
  hash: number;
  /** Characters of the token (white space is never a token). */
  length: number;
  /** UTF-16 offset in the text it came from. */
  offset: number;
}

const CODE_TOKEN = /[\p{L}_$][\p{L}\p{N}_$]*|\p{N}[\p{L}\p{N}_.]*|[^\s\p{L}\p{N}_$]/gu;

/** Code as tokens (identifiers, numbers, single punctuation marks); white space and indentation ignored. */
export function codeTokens(text: string, maxTokens = Infinity): CodeToken[] {
  const out: CodeToken[] = [];
  CODE_TOKEN.lastIndex = 0;
  for (let m = CODE_TOKEN.exec(text); m && out.length < maxTokens; m = CODE_TOKEN.exec(text)) {
    out.push({ hash: fnv1a(m[0]), length: m[0].length, offset: m.index });
  }
  return out;
}

/**
 * Hashes of every window of `size` consecutive items (by their 32-bit hashes), as 53-bit numbers
 * (two independent 32-bit mixes, so accidental equality across a few million windows is negligible).
 */
export function windowHashes(hashes: ArrayLike<number>, size: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + size <= hashes.length; i++) {
    let a = 0x9e3779b1;
    let b = 0x85ebca77;
    for (let j = i; j < i + size; j++) {
      a = Math.imul(a ^ hashes[j], 0x01000193) >>> 0;
      b = (Math.imul(b, 31) + hashes[j]) >>> 0;
    }
    out.push(a * 0x200000 + (b & 0x1fffff));
  }
  return out;
}
