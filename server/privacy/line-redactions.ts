import type { TextKind } from './assignments';
import type { Finding } from './finding';
import { startsMultiLine } from './multi-line';
import { findSecrets, maskFindings, type Redacted } from './scan';

/*
 * Redaction line by line, for long texts that repeat most of their lines from one call to the
 * next (the windows around a cursor while typing): only lines not seen recently are scanned.
 *
 * Exact because every detector except the private-key one matches within a line and looks at
 * nothing beyond it: no pattern matches a '\n', lookbehinds, `\b` and multiline `^` read a
 * '\n' before a line as they read the start of a text, and the end-of-text rules (literals and
 * tokens cut by the end) cannot fire on a line that ends with '\n'. So the findings of a text
 * are those of its lines, and its redaction is theirs joined. Private keys span lines: a text
 * with a line that could start or hold one (PRIVATE KEY, a long base64 run) is scanned whole. So
 * are the other multi-line shapes (multi-line.ts): a value on the line after its name, a YAML
 * block scalar, a JWT split over literals each start on a line startsMultiLine recognises.
 * Such lines are never cached (a text holding one is never split), so testing uncached lines is enough.
 */

/** Shorter texts are scanned whole: splitting them costs about what it saves. */
const MIN_TEXT_CHARS = 1024;
/** Longer lines are not kept (a minified line would churn the cache); they are scanned each time. */
const MAX_LINE_CHARS = 2048;
/** Characters held per generation; the cache holds at most two. */
const GENERATION_CHARS = 1 << 20;

/** What findPrivateKeys needs whole texts for: key markers and BASE64_BLOCK lines (60+ base64 characters). */
const KEY_MATERIAL = /PRIVATE KEY|[A-Za-z0-9+/]{60}/;

export class LineRedactions {
  // Two generations: lines used in this one or the last survive, older ones go when it fills.
  private current = new Map<string, Redacted>();
  private previous = new Map<string, Redacted>();
  private chars = 0;

  constructor(private readonly kind: TextKind) {}

  /** The redaction of `text`, or undefined when it must be scanned whole. */
  redact(text: string): Redacted | undefined {
    if (text.length < MIN_TEXT_CHARS) return undefined;
    const starts = lineStarts(text);
    const parts: (Redacted | undefined)[] = [];
    for (let i = 0; i + 1 < starts.length; i++) {
      const line = text.slice(starts[i], starts[i + 1]);
      const known = this.get(line);
      if (!known && (KEY_MATERIAL.test(line) || startsMultiLine(line))) return undefined;
      parts.push(known);
    }
    if (!this.scanMissing(text, starts, parts)) return undefined;
    let count = 0;
    for (const p of parts) count += p!.count;
    return count === 0 ? { text, count } : { text: parts.map((p) => p!.text).join(''), count };
  }

  /** Fills the gaps in `parts`, scanning each run of unknown lines as one text. False if a finding is not within one line. */
  private scanMissing(text: string, starts: number[], parts: (Redacted | undefined)[]): boolean {
    for (let i = 0; i < parts.length; i++) {
      if (parts[i]) continue;
      let j = i;
      while (j < parts.length && !parts[j]) j++;
      const from = starts[i];
      const findings = findSecrets(text.slice(from, starts[j]), this.kind).sort((a, b) => a.start - b.start);
      let f = 0;
      for (let k = i; k < j; k++) {
        const lineStart = starts[k] - from;
        const lineEnd = starts[k + 1] - from;
        const mine: Finding[] = [];
        for (; f < findings.length && findings[f].start < lineEnd; f++) {
          if (findings[f].end > lineEnd) return false; // not line-local after all: scan whole
          mine.push({ ...findings[f], start: findings[f].start - lineStart, end: findings[f].end - lineStart });
        }
        parts[k] = this.remember(text.slice(starts[k], starts[k + 1]), mine);
      }
      if (f < findings.length) return false;
      i = j;
    }
    return true;
  }

  private get(line: string): Redacted | undefined {
    const hit = this.current.get(line);
    if (hit) return hit;
    const old = this.previous.get(line);
    if (old) this.set(detached(line), old);
    return old;
  }

  private remember(line: string, findings: Finding[]): Redacted {
    if (line.length > MAX_LINE_CHARS) return maskFindings(line, findings);
    const own = detached(line);
    const result = maskFindings(own, findings);
    this.set(own, result);
    return result;
  }

  private set(line: string, result: Redacted): void {
    if (this.chars + line.length > GENERATION_CHARS) {
      this.previous = this.current;
      this.current = new Map();
      this.chars = 0;
    }
    this.current.set(line, result);
    this.chars += line.length;
  }
}

/** Offsets where each line starts (after each '\n'), then the text length. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let nl = text.indexOf('\n'); nl !== -1 && nl + 1 < text.length; nl = text.indexOf('\n', nl + 1))
    out.push(nl + 1);
  out.push(text.length);
  return out;
}

/**
 * A copy of `s` that does not share memory with the text it was sliced from: a cached line must
 * not keep a whole old document alive. (Slicing a concatenation makes V8 flatten it into new memory.)
 */
function detached(s: string): string {
  return ` ${s}`.slice(1);
}
