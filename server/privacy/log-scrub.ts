/**
 * Scrubbing for text that leaves through logs, editor messages and `doctor`: credentials in URLs,
 * anything shaped like a key, and the exact values the user configured as secrets, wherever they
 * turn up (an error body echoing the key, a baseURL with user:password@, a key pasted into the
 * wrong setting). Prompts have their own gate (redact.ts); this one is for our own words.
 */

const KEY_SHAPES: RegExp[] = [
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bBasic\s+[A-Za-z0-9+/=]{12,}/g,
  /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_-]{16,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{30,}|hf_[A-Za-z0-9]{20,}|npm_[A-Za-z0-9]{30,})/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

/** scheme://user:password@host → scheme://user:***@host (the last @ before the path ends the userinfo). */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:"'<>]*):([^\s"'<>]*)@(?=[^\s@"'<>]*(?:[\s/?#"'<>]|$))/gi;

/** Values configured as secrets (API keys), set by the configuration as it changes. */
const known = new Set<string>();

/** Adds exact values to scrub everywhere from now on (shorter than 6 characters: too common to scrub). */
export function rememberSecrets(...values: Array<string | undefined>): void {
  for (const v of values) if (v && v.length >= 6) known.add(v);
}

export function scrubSecrets(text: string): string {
  let out = text;
  for (const v of known) if (out.includes(v)) out = out.split(v).join('[redacted]');
  out = out.replace(URL_USERINFO, (_m, scheme: string, user: string) => `${scheme}${user}:***@`);
  for (const re of KEY_SHAPES) out = out.replace(re, (m) => `${m.slice(0, 3)}…[redacted]`);
  return out;
}

/** True when a value looks like a credential rather than a name (for settings that expect a name). */
export function looksLikeKey(value: string): boolean {
  if (/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(value) && !/^(sk|gh[pousr]|glpat|xox[abposr]|AKIA|hf|npm)[_-]?[A-Za-z0-9]{16,}$/.test(value)) return false;
  return value.length >= 12;
}
