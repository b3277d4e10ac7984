import type { Finding } from './finding';

/*
 * Values that are credentials by their shape alone, with no name in sight: a window into a
 * minified line that starts after the key, a secret passed positionally (`client('s3', id,
 * secret)`), a kubeconfig token under a language id that says nothing. A run of 20+ characters
 * of a base64/base62 alphabet that mixes upper case, lower case and digits with the character
 * entropy of random text (identifiers and words repeat letters; hex hashes have no capitals).
 */

const RUN = /(?<![A-Za-z0-9+/_=.-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=.-])/g;
/** Bits per character above which a run reads as random (base62 text is near log2(62) ≈ 5.95). */
const MIN_ENTROPY = 4.2;

export function findTokenShaped(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(RUN)) {
    if (isTokenShaped(m[0])) out.push({ start: m.index, end: m.index + m[0].length, mask: 'all' });
  }
  return out;
}

export function isTokenShaped(s: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c >= 48 && c <= 57) digit++;
  }
  if (upper < 2 || lower < 2 || digit < 2) return false;
  // A path or a dashed/underscored name: several words, each readable.
  if (/^[/]|\/\//.test(s) || /^(?:[A-Za-z][a-z]+[_-])+/.test(s)) return false;
  if (/\*{2,}/.test(s)) return false;
  // An identifier (`InvalidBase64LengthDefect`): its words are long; random text changes case every character or two.
  const words = s.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  if (words.length > 0 && words.reduce((n, w) => n + w.length, 0) / words.length >= 4) return false;
  // Short runs cannot reach the entropy of long ones: the bar is a little under what distinct characters give.
  return entropy(s) >= Math.min(MIN_ENTROPY, Math.log2(s.length) - 0.7);
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
