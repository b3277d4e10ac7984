import { lineEndAt, lineStartAt } from '../text/lines';
import type { Finding } from './finding';

/*
 * PEM / OpenSSH / PGP private key blocks. Windows into a document cut blocks anywhere, so besides
 * complete BEGIN…END blocks this also finds a BEGIN whose END lies beyond the text (the key lines
 * after it) and an END whose BEGIN lies before the text (the key lines before it).
 */
const BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
const END = /-----END ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;
/**
 * A line of key material as it appears in a file or a string literal: 16+ base64 characters (or a
 * shorter padded last line), an armor header, or blank — so ordinary code after a cut-off BEGIN
 * (`return`, `parse(line)`) stops the run.
 */
const KEY_LINE =
  /^[\s"'`]*(?:[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9+/]{1,15}={1,2}|(?:Proc-Type|DEK-Info|Version|Comment|Hash|Charset): [^\n]*)?[\s"'`,;+\\n]*$/;
/** A line cut by the start or end of the text: any base64 fragment counts. */
const PARTIAL_KEY_LINE = /^[\s"'`]*[A-Za-z0-9+/=]*[\s"'`,;+\\n]*$/;

/** Two or more lines of long pure base64: key material whose markers are outside the text (cheap to mask, rarely code). */
const BASE64_BLOCK = /^(?:[ \t"'`]*[A-Za-z0-9+/]{60,}={0,2}[ \t"'`,;+\\n]*\r?\n){2,}/gm;

export function findPrivateKeys(text: string): Finding[] {
  const blocks: Finding[] = [...text.matchAll(BASE64_BLOCK)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    mask: 'base64',
  }));
  if (!text.includes('PRIVATE KEY')) return blocks;
  const begins = [...text.matchAll(BEGIN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const ends = [...text.matchAll(END)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const out: Finding[] = [];
  let e = 0;
  let coveredUntil = 0;
  for (let b = 0; b < begins.length; b++) {
    const begin = begins[b];
    // An END before this BEGIN and after the previous block belongs to a block cut off above.
    while (e < ends.length && ends[e].start < begin.start) {
      if (ends[e].start >= coveredUntil) out.push(keyLinesBefore(text, ends[e].start, coveredUntil));
      e++;
    }
    const nextBegin = b + 1 < begins.length ? begins[b + 1].start : text.length;
    if (e < ends.length && ends[e].start < nextBegin) {
      out.push({ start: begin.end, end: ends[e].start, mask: 'base64' });
      coveredUntil = ends[e].end;
      e++;
    } else {
      out.push(keyLinesAfter(text, begin.end, nextBegin));
      coveredUntil = begin.end;
    }
  }
  for (; e < ends.length; e++)
    if (ends[e].start >= coveredUntil) out.push(keyLinesBefore(text, ends[e].start, coveredUntil));
  return [...out, ...blocks].filter((f) => f.end > f.start);
}

/** The rest of the BEGIN line, then following lines while they look like key material. */
function keyLinesAfter(text: string, from: number, limit: number): Finding {
  let end = lineEndAt(text, from);
  while (end < limit) {
    const next = lineEndAt(text, end + 1);
    const line = text.slice(end + 1, next);
    if (!(next === text.length ? PARTIAL_KEY_LINE : KEY_LINE).test(line)) break;
    end = next;
  }
  return { start: from, end: Math.min(end, limit), mask: 'base64' };
}

/** Lines before the END line while they look like key material, then the start of the END line. */
function keyLinesBefore(text: string, to: number, limit: number): Finding {
  let start = lineStartAt(text, to);
  while (start > limit) {
    const prev = lineStartAt(text, start - 1);
    const line = text.slice(prev, start - 1);
    if (!(prev === 0 ? PARTIAL_KEY_LINE : KEY_LINE).test(line)) break;
    start = prev;
  }
  return { start: Math.max(start, limit), end: to, mask: 'base64' };
}
