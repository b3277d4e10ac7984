/**
 * Scrubbing for text that leaves through logs, editor messages and `doctor`: credentials in URLs,
 * anything shaped like a key, and the exact values the user configured as secrets, wherever they
 * turn up (an error body echoing the key, a baseURL with user:password@, a key pasted into the
 * wrong setting). Prompts have their own gate (redact.ts); this one is for our own words, and
 * reuses its URL and token detectors.
 */
import type { Finding } from './finding';
import { findTokens } from './token-patterns';
import { findUrlSecrets } from './urls';

/**
 * Loose shapes the prompt detectors leave alone because code has look-alikes (`sk-button-large`),
 * but which in our own log lines and messages are always worth hiding.
 */
const LOOSE_KEY_SHAPES: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bBasic\s+[A-Za-z0-9+/=]{12,}/g,
];

/** Each finding's span replaced by `***` (findings may overlap; the first one wins). */
function maskSpans(text: string, findings: Finding[]): string {
  if (findings.length === 0) return text;
  findings.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const f of findings) {
    if (f.start < at) continue;
    out += `${text.slice(at, f.start)}***`;
    at = f.end;
  }
  return out + text.slice(at);
}

/** Values configured as secrets (API keys), set by the configuration as it changes. */
const known = new Set<string>();

/** Adds exact values to scrub everywhere from now on (shorter than 6 characters: too common to scrub). */
export function rememberSecrets(...values: Array<string | undefined>): void {
  for (const v of values) if (v && v.length >= 6) known.add(v);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const v of known) if (out.includes(v)) out = out.split(v).join('[redacted]');
  // The prompt gate's own detectors for URL credentials and token shapes (type prefixes stay).
  out = maskSpans(out, [...findUrlSecrets(out), ...findTokens(out)]);
  for (const re of LOOSE_KEY_SHAPES) out = out.replace(re, (m) => `${m.slice(0, 3)}…[redacted]`);
  return out;
}

/** True when a value looks like a credential rather than a name (for settings that expect a name). */
export function looksLikeKey(value: string): boolean {
  if (findTokens(value).length > 0) return true;
  return !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value) && value.length >= 12;
}
