import type { Finding } from './finding';

/**
 * Credentials recognisable by their own shape, wherever they appear. The type prefix (`ghp_`,
 * `AKIA`, `sk-`) is kept — it is not secret and tells the model what stood there; the rest is masked.
 */
interface TokenPattern {
  name: string;
  /** Source of the kept prefix (one capture group is added around it). */
  prefix: string;
  /** Character class of the secret part. */
  body: string;
  min: number;
  max?: number;
  /** Extra test on the secret part, for shapes that ordinary identifiers could also take. */
  accept?: (body: string) => boolean;
}

const mixedCaseWithDigit = (s: string): boolean => /[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s);

export const TOKEN_PATTERNS: readonly TokenPattern[] = [
  { name: 'aws-access-key-id', prefix: '(?:AKIA|ASIA)', body: '[A-Z0-9]', min: 16, max: 16 },
  { name: 'github-token', prefix: 'gh[pousr]_', body: '[A-Za-z0-9]', min: 36 },
  { name: 'github-fine-grained-pat', prefix: 'github_pat_', body: '[A-Za-z0-9_]', min: 22 },
  // sk-…, sk-proj-…, sk-svcacct-…, sk-ant-api03-…; CSS-like `sk-button-primary-large` has no digits/capitals.
  { name: 'openai-style-key', prefix: 'sk-(?:proj-|svcacct-|admin-|ant-(?:[a-z]+\\d*-)?)?', body: '[A-Za-z0-9_-]', min: 20, accept: mixedCaseWithDigit },
  { name: 'slack-token', prefix: 'xox[abposr]-', body: '[A-Za-z0-9-]', min: 10, accept: (s) => /[0-9]/.test(s) },
  { name: 'slack-app-token', prefix: 'xapp-', body: '[A-Za-z0-9-]', min: 10, accept: (s) => /[0-9]/.test(s) },
  { name: 'stripe-key', prefix: '(?:sk|rk)_(?:live|test)_', body: '[A-Za-z0-9]', min: 16 },
  { name: 'google-api-key', prefix: 'AIza', body: '[0-9A-Za-z_-]', min: 35, max: 35 },
  { name: 'bearer-token', prefix: 'Bearer[ \\t]+', body: '[A-Za-z0-9._~+/=-]', min: 16, accept: (s) => /[0-9]/.test(s) },
];

/** JSON Web Tokens: three base64url parts, the first two JSON objects (`eyJ` = `{"`). */
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;
/** `scheme://user:password@host` — the password part. */
const URL_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/'"`]+:([^\s@/'"`]+)@/gi;

interface Compiled {
  pattern: TokenPattern;
  full: RegExp;
  /** The same shape cut short by the end of the text (a window ending inside a token). */
  truncated: RegExp;
}

const COMPILED: Compiled[] = TOKEN_PATTERNS.map((p) => {
  const quant = `{${p.min},${p.max ?? ''}}`;
  return {
    pattern: p,
    full: new RegExp(`(?<![A-Za-z0-9_])(${p.prefix})(${p.body}${quant})(?!${p.body})`, 'g'),
    truncated: new RegExp(`(?<![A-Za-z0-9_])(${p.prefix})(${p.body}{8,})$`),
  };
});

export function findTokens(text: string): Finding[] {
  const out: Finding[] = [];
  for (const { pattern, full, truncated } of COMPILED) {
    for (const m of text.matchAll(full)) {
      if (pattern.accept && !pattern.accept(m[2])) continue;
      const start = m.index + m[1].length;
      out.push({ start, end: start + m[2].length, mask: 'all', prefixStart: m.index });
    }
    const cut = truncated.exec(text);
    if (cut && cut[2].length < pattern.min && (!pattern.accept || pattern.accept(cut[2]))) {
      const start = cut.index + cut[1].length;
      out.push({ start, end: text.length, mask: 'all', prefixStart: cut.index });
    }
  }
  for (const m of text.matchAll(JWT)) out.push({ start: m.index + 3, end: m.index + m[0].length, mask: 'all', prefixStart: m.index });
  for (const m of text.matchAll(URL_PASSWORD)) {
    if (/^\$\{?\w+\}?$/.test(m[1])) continue; // `${DB_PASSWORD}`: a reference, not a secret
    const start = m.index + m[0].length - 1 - m[1].length;
    out.push({ start, end: start + m[1].length, mask: 'all' });
  }
  return out;
}
