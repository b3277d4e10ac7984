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
  {
    name: 'openai-style-key',
    prefix: 'sk-(?:proj-|svcacct-|admin-|ant-(?:[a-z]+\\d*-)?)?',
    body: '[A-Za-z0-9_-]',
    min: 20,
    accept: mixedCaseWithDigit,
  },
  { name: 'slack-token', prefix: 'xox[abposr]-', body: '[A-Za-z0-9-]', min: 10, accept: (s) => /[0-9]/.test(s) },
  { name: 'slack-app-token', prefix: 'xapp-', body: '[A-Za-z0-9-]', min: 10, accept: (s) => /[0-9]/.test(s) },
  { name: 'stripe-key', prefix: '(?:sk|rk)_(?:live|test)_', body: '[A-Za-z0-9]', min: 16 },
  { name: 'google-api-key', prefix: 'AIza', body: '[0-9A-Za-z_-]', min: 35, max: 35 },
  {
    name: 'bearer-token',
    prefix: 'Bearer[ \\t]+',
    body: '[A-Za-z0-9._~+/=-]',
    min: 16,
    accept: (s) => /[0-9]/.test(s),
  },
  { name: 'stripe-webhook-secret', prefix: 'whsec_', body: '[A-Za-z0-9+/=]', min: 20 },
  { name: 'google-oauth-client-secret', prefix: 'GOCSPX-', body: '[A-Za-z0-9_-]', min: 20 },
  {
    name: 'gitlab-token',
    prefix: 'gl(?:pat|ptt|dt|rt|soat|cbt|imt|ft|agent|oas|ffct)-',
    body: '[A-Za-z0-9_-]',
    min: 20,
  },
  { name: 'npm-token', prefix: 'npm_', body: '[A-Za-z0-9]', min: 36, accept: (s) => /[0-9]/.test(s) },
  // Hugging Face tokens are letters only: `hf_` then 34+ mixed-case letters.
  {
    name: 'huggingface-token',
    prefix: 'hf_',
    body: '[A-Za-z0-9]',
    min: 30,
    accept: (s) => /[a-z]/.test(s) && /[A-Z]/.test(s),
  },
  { name: 'sendgrid-key', prefix: 'SG\\.', body: '[A-Za-z0-9_.-]', min: 50, accept: (s) => s.includes('.') },
  { name: 'vault-token', prefix: 'hv[sbr]\\.', body: '[A-Za-z0-9_-]', min: 24 },
  { name: 'shopify-token', prefix: 'shp(?:at|ss|ca|pa)_', body: '[a-fA-F0-9]', min: 32 },
  { name: 'pypi-token', prefix: 'pypi-', body: '[A-Za-z0-9_-]', min: 50 },
  { name: 'doppler-token', prefix: 'dp\\.(?:st|pt|ct|sa|scim|audit)\\.', body: '[A-Za-z0-9_.-]', min: 40 },
  { name: 'linear-api-key', prefix: 'lin_(?:api|oauth)_', body: '[A-Za-z0-9]', min: 40 },
  {
    name: 'databricks-token',
    prefix: 'dapi',
    body: '[a-f0-9]',
    min: 32,
    max: 34,
    accept: (s) => /[0-9]/.test(s) && /[a-f]/.test(s),
  },
  { name: 'grafana-token', prefix: 'gl(?:sa|c)_', body: '[A-Za-z0-9_=-]', min: 32 },
  { name: 'atlassian-token', prefix: 'ATATT3', body: '[A-Za-z0-9_=-]', min: 40 },
  // `-----BEGIN` in base64: a PEM block (kubeconfig client-key-data, a key in an env variable) encoded once more.
  { name: 'base64-pem', prefix: 'LS0tLS1CRUdJTi', body: '[A-Za-z0-9+/=]', min: 20 },
];

/**
 * JSON Web Tokens: base64url parts, the first two JSON objects (`eyJ` = `{"`). Any run that starts
 * with a JSON object in base64url is masked, also alone: a token split over two string literals
 * (`"eyJ…" + "eyJ…"`) leaves each part without the others (the signature in a following
 * literal is multi-line.ts's).
 */
const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}(?:\.[A-Za-z0-9_-]*)*/g;

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

/** A token cut by the end of the text is shorter than the longest prefix plus `min`: only the tail is searched for one. */
const TAIL_CHARS = 160;

export function findTokens(text: string): Finding[] {
  const out: Finding[] = [];
  const tailStart = Math.max(0, text.length - TAIL_CHARS);
  const tail = text.slice(tailStart);
  for (const { pattern, full, truncated } of COMPILED) {
    for (const m of text.matchAll(full)) {
      if (pattern.accept && !pattern.accept(m[2])) continue;
      const start = m.index + m[1].length;
      out.push({ start, end: start + m[2].length, mask: 'all', prefixStart: m.index });
    }
    const cut = truncated.exec(tail);
    if (cut && cut[2].length < pattern.min && (!pattern.accept || pattern.accept(cut[2]))) {
      const start = tailStart + cut.index + cut[1].length;
      out.push({ start, end: text.length, mask: 'all', prefixStart: tailStart + cut.index });
    }
  }
  for (const m of text.matchAll(JWT))
    out.push({ start: m.index + 3, end: m.index + m[0].length, mask: 'all', prefixStart: m.index });
  return out;
}
