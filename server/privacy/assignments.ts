import type { Finding } from './finding';

/*
 * Secrets given a name: `password = "hunter2"`, `"api_key": "…"`, `secret: '…'`, `API_TOKEN=…`,
 * `<password>…</password>`. The key name is kept, the value is masked.
 *
 * Precision rules (ordinary code must pass untouched):
 * - the name's LAST word must be a secret word (`db_password`, `apiKey`, `client_secret`,
 *   `x-api-key`), so `password_field`, `token_type`, `PASSWORD_KEY` are not secret names;
 * - in code the value must be a string literal: `password_field = form.get("password")` and
 *   `token = lexer.next()` are expressions; unquoted values count only in config-like text
 *   (.env, YAML, INI, shell…) or as line-start `NAME=value` with an UPPERCASE name;
 * - values that are empty, short (< 4), contain whitespace, or are placeholders (`${VAR}`, `<pad>`,
 *   `[SEP]`, `***`, `changeme`, `your-api-key`, or a secret word itself: `FIELD = "password"`
 *   names a form field) are left alone; `…token` names (tokenizers' `pad_token = "<pad>"`) also
 *   need 8+ characters with a digit;
 * - a literal cut by the end of the text (a window ending inside it) is masked whatever its length.
 */

export type TextKind = 'code' | 'config';

export { textKindOf } from './text-kind';

type NameClass = 'password' | 'token';

const LOOSE_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'secret',
  'apikey',
  'credential',
  'credentials',
]);
const KEY_QUALIFIERS = new Set([
  'api',
  'secret',
  'private',
  'access',
  'encryption',
  'signing',
  'master',
  'auth',
  'client',
  'app',
  'account',
  'ssh',
  'deploy',
  'license',
  'storage',
  'shared',
  'subscription',
]);
/** Names whose last word says nothing but whose value is a credential (kubeconfig, Docker, npm). */
const EXACT_NAMES = new Map<string, NameClass>([
  ['client-key-data', 'password'],
  ['client-certificate-data', 'password'],
  ['auth', 'token'],
  ['authtoken', 'token'],
  ['identitytoken', 'token'],
  ['registrytoken', 'token'],
  ['accountkey', 'password'],
]);

/** Whether an assignment target names a secret, judged by its last word. */
export function secretNameClass(name: string): NameClass | undefined {
  const last =
    name
      .replace(/^[$@:]+/, '')
      .split('.')
      .pop() ?? '';
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter((w) => w !== '');
  const word = words[words.length - 1];
  const qualifier = words[words.length - 2];
  if (word === undefined) return undefined;
  if (/(?:password|passwd)$/.test(word)) return 'password'; // PGPASSWORD, dbpassword
  const exact = EXACT_NAMES.get(last.toLowerCase().replace(/^_+/, ''));
  if (exact) return exact;
  if (LOOSE_WORDS.has(word)) return 'password';
  if (word === 'key' && qualifier !== undefined && KEY_QUALIFIERS.has(qualifier)) return 'password';
  if (word === 'pass' && qualifier !== undefined) return 'password';
  if (word === 'token') return 'token';
  return undefined;
}

const PLACEHOLDER =
  /^(?:\$\{[^}]*\}|\$\w+|\{\{.*\}\}|\{\w*\}|<[^>]*>|\[[^\]]*\]|%[(\w)]*[sd]|\*+|x{3,}|\.{3}|…|null|none|nil|undefined|true|false|default|changeme|change[-_]?me|your[-_\w]*|example[-_\w]*|placeholder|dummy|redacted|todo|tbd|password|passwd|pwd|secret|token|api[-_]?key)$/i;

export function isSecretValue(value: string, cls: NameClass): boolean {
  if (value.length < 4 || /\s/.test(value) || PLACEHOLDER.test(value)) return false;
  if (value.includes('${') || value.includes('{{')) return false; // templates: the secret comes from elsewhere
  if (/^(?:%[-#0 +]?\d*(?:\.\d+)?[sdifrx]|\{\w*\}|[^A-Za-z0-9])+$/.test(value)) return false; // a format string: '%s:%s', '{0}:{1}'
  if (/\*{4,}/.test(value)) return false; // already masked (keeps redaction idempotent: `sk-proj-****` stays as it is)
  if (cls === 'token') return value.length >= 8 && /[0-9]/.test(value);
  return true;
}

// name (optionally quoted or sigiled), optional type annotation, operator, string literal (closing quote or end of text).
const QUOTED =
  /(?<![\w$@.-])[:$@]?(["']?)([A-Za-z_$@][\w$@.-]*)\1([ \t]*(?:(?::[ \t]*|[ \t]+)[A-Za-z_][\w.<>[\]|*?]*[ \t]*)?(?::=|=>|=|:)[ \t]*[rbfuRBFU]{0,2})(["'`])((?:\\.|(?!\4)[^\\\n])*)(?:\4|$)/dg;
const UNQUOTED_CONFIG =
  /^([ \t]*(?:export[ \t]+|-[ \t]+)?)(["']?)([A-Za-z_][\w.-]*)\2([ \t]*[=:][ \t]*)([^\s'"`#](?:[^#\r\n]*[^\s#])?)/gm;
const ENV_STYLE = /^([ \t]*(?:export[ \t]+)?)([A-Z][A-Z0-9_]*)=([^\s'"`#;][^\s#;]*)/gm;
const XML_ELEMENT = /<((?:[\w-]+:)?[\w-]+)>([^<\n]*)<\/\1>/g;

export function findAssignments(text: string, kind: TextKind): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(QUOTED)) {
    // `const password = "…"`, `String password = "…"`: the keyword or type matched as the name, the name as a type annotation.
    const cls =
      secretNameClass(m[2]) ?? secretNameClass(/^[ \t]+([A-Za-z_][\w.]*)[ \t]*(?::=|=>|=|:)/.exec(m[3])?.[1] ?? '');
    const [start, end] = m.indices![5];
    // A literal cut by the end of the text (a window ending inside it): any part of it is masked.
    const cut = end === text.length && m.index + m[0].length === end;
    if (!cls || !(cut ? m[5] !== '' && !/\s|\$\{/.test(m[5]) : isSecretValue(m[5], cls))) continue;
    out.push({ start, end, mask: 'all' });
  }
  const unquoted = kind === 'config' ? UNQUOTED_CONFIG : ENV_STYLE;
  for (const m of text.matchAll(unquoted)) {
    const [name, whole] = kind === 'config' ? [m[3], m[5]] : [m[2], m[3]];
    // `NAME=value command args` (a shell environment prefix): the value ends at the first blank.
    const value = kind === 'config' && m[4] === '=' ? whole.split(/[ \t]/)[0] : whole;
    const cls = secretNameClass(name);
    if (!cls || looksLikeExpression(value, kind)) continue;
    // Code read as config (a TypeScript file sent as plaintext): `apiKey: string;`, `key: a || 'b',`.
    if (
      kind === 'config' &&
      (/[;,]$|\|\||&&/.test(value) || /^(?:string|number|boolean|str|int|bool|any|unknown)\b/.test(value))
    )
      continue;
    if (!isSecretValue(kind === 'config' ? value.replace(/\s/g, '') : value, cls)) continue;
    const start = m.index + m[0].length - whole.length;
    out.push({ start, end: start + value.length, mask: 'all' });
  }
  for (const m of text.matchAll(XML_ELEMENT)) {
    const cls = secretNameClass(m[1].replace(/^[\w-]+:/, ''));
    if (!cls || !isSecretValue(m[2], cls)) continue;
    const start = m.index + m[1].length + 2;
    out.push({ start, end: start + m[2].length, mask: 'all' });
  }
  return out;
}

/** A call, index, or (in code) a bare identifier path: the secret is not written here. */
export function looksLikeExpression(value: string, kind: TextKind): boolean {
  if (/\w\(|[[\]{}]|^\(/.test(value) || value.startsWith('$')) return true;
  return kind === 'code' && /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(value) && !/[0-9]/.test(value);
}
