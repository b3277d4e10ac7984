import { isSecretValue, looksLikeExpression, secretNameClass, type TextKind } from './assignments';
import type { Finding } from './finding';

/*
 * Secrets named by their context rather than by an assignment to a name: connection strings
 * (`…;Password=…;`, `AccountKey=`), HTTP headers (`Authorization: Basic …`, `X-Api-Key: …`,
 * `Cookie:`), `auth=(user, pw)`, `os.environ["X"] = "…"` / `config["password"] = "…"`, a call
 * with a secret name and a literal (`define('DB_PASSWORD', '…')`, `os.Setenv("TOKEN", "…")`),
 * Dockerfile `ENV`/`ARG`, .netrc and .pgpass lines, and a secret written in a comment
 * (`# password: hunter2`). All of them match within one line.
 */

const QUOTED_VALUE = String.raw`(["'\x60])((?:\\.|(?!\3)[^\\\n])*)\3`;

/** `[…;]Password=…;` — a key of a `key=value;…` list; the `;` before the key or after the value tells it from a keyword argument. */
const CONNECTION_KEY =
  /(?<=^|[;"'\s])(password|pwd|passwd|user ?password|accountkey|sharedaccesskey|sharedaccesssignature|accesskey|secret|apikey|api_key)[ \t]*=[ \t]*('[^'\n]*'|\{[^}\n]*\}|[^;"'`\n]*)/gi;
/** Authorization with or without a scheme; Basic credentials are base64 of `user:password`. */
const AUTHORIZATION =
  /(?<![\w-])(?:proxy-)?authorization["']?[ \t]*[:=][ \t]*["']?[ \t]*(?:(basic|bearer|token|digest|bot|apikey|sharedaccesssignature|negotiate|ntlm)[ \t]+)?([^\s'"`,;)}\]]+)/gi;
/** `X-Api-Key: …` as a header line or inside a quoted header (`-H "X-Api-Key: …"`). */
const HEADER = /(?:^[ \t]*|["'])([A-Za-z][\w-]*)[ \t]*:[ \t]+([^\s'"`,;)}\]]+)/gm;
const COOKIE_HEADER = /(?<![\w-])(?:set-)?cookie[ \t]*:[ \t]*([^\n'"`]*)/gi;
const COOKIE_PAIR = /([\w.%-]+)=([^;\s'"`\\]+)/g;
/** `auth=("user", "pw")`, `session.auth = ('user', 'pw')`, `HTTPBasicAuth("user", "pw")`. */
const AUTH_PAIR =
  /(?:\bauth[ \t]*=[ \t]*\(|\b(?:HTTPBasicAuth|HTTPDigestAuth|HTTPProxyAuth|BasicAuth|DigestAuth)\()[ \t]*(?:(["'])[^"'\n]*\1|[\w.]+)[ \t]*,[ \t]*(["'`])((?:\\.|(?!\2)[^\\\n])*)\2/g;
/** `os.environ["DB_PASSWORD"] = "…"`, `config['password'] = '…'`, `$cfg['db_password'] = '…'`. */
const INDEX_ASSIGNMENT = new RegExp(
  String.raw`\[[ \t]*(["'])([\w.-]+)\1[ \t]*\][ \t]*(?::=|\|\|=|\?\?=|=)(?!=)[ \t]*[rbfuRBFU]{0,2}` + QUOTED_VALUE,
  'g',
);
/** `define('DB_PASSWORD', '…')`, `os.Setenv("API_TOKEN", "…")`, `config.set("password", "…")`. */
const NAMED_ARGUMENT = new RegExp(
  String.raw`\([ \t]*(["'])([\w.-]+)\1[ \t]*,[ \t]*` + QUOTED_VALUE + String.raw`[ \t]*[,)]`,
  'g',
);
/** Dockerfile `ENV`/`ARG` (also several `NAME=value` pairs and the legacy `ENV NAME value`). */
const DOCKER_INSTRUCTION = /^[ \t]*(?:ENV|ARG)[ \t]+([^\n]*)/gm;
const DOCKER_PAIR = /([A-Za-z_][\w.-]*)=("(?:\\.|[^"\\\n])*"|'[^'\n]*'|[^\s"']+)/g;
const DOCKER_LEGACY = /^([A-Za-z_][\w.-]*)[ \t]+([^\s=][^\n]*?)[ \t]*\r?$/;
/** .netrc: `machine h login u password p`, or `password p` on a line of its own. */
const NETRC = /(?:^|[ \t])(?:password|passwd|account)[ \t]+([^\s#]+)/gm;
const NETRC_LINE = /^[ \t]*(?:machine|default|login|password|passwd)\b/;
/** .pgpass: `host:port:database:user:password`. */
const PGPASS = /(?<=^|[\s"'])[^:\s#"']+:(?:\d+|\*):[^:\s]+:[^:\s]+:([^\s"':]+)/gm;
/** .NET appSettings: `<add key="ApiSecret" value="…" />`. */
const KEY_VALUE_ATTRIBUTES = /\b(?:key|name)=(["'])([\w.:-]+)\1[ \t]+value=(["'])([^"'\n]*)\3/g;
/** A secret written in a comment: `# password: hunter2`, `// admin password = x`, `-- pwd: x`. */
const COMMENT_START = /(?:^|[\s;])(?:#+|\/\/+|--|\/\*+|<!--|REM[ \t])|^[ \t]*\*/gm;
const COMMENT_SECRET = /(?<![\w.-])([A-Za-z_][\w.-]*)[ \t]*(?:[:=]|\bis\b)[ \t]*["'`]?([^\s"'`]+)/g;
const SECRET_WORD = /pass|pwd|secret|token|key|cred|auth/i;
const TYPE_WORDS =
  /^(?:string|str|int|bool|boolean|bytes|\[\]byte|\*?string|optional|any|object|text|char|varchar\(\d+\)|none|null)$/i;

export function findNamedValues(text: string, kind: TextKind): Finding[] {
  const out: Finding[] = [];
  const push = (start: number, value: string, mask: Finding['mask'] = 'all') =>
    out.push({ start, end: start + value.length, mask });
  const valueAt = (m: RegExpMatchArray, value: string) => m.index! + m[0].length - value.length;

  for (const m of text.matchAll(CONNECTION_KEY)) {
    let value = m[2].replace(/[ \t]+$/, '');
    const end = m.index + m[1].length + m[0].slice(m[1].length).indexOf(m[2]) + m[2].length;
    const before = text.slice(Math.max(0, m.index - 1), m.index);
    if (before !== ';' && text[end] !== ';' && !/;[ \t]*[\w ]+=/.test(lineBefore(text, m.index))) continue;
    // `password = req.body.password;` is code: spaced `=` with an expression after it.
    if (/\s=|=\s/.test(m[0]) && looksLikeExpression(value, 'code')) continue;
    if (/^['{]/.test(value)) value = value.slice(1, -1);
    if (value === '' || /^\$|^%\w+%$|\{\{|[(),]/.test(value) || /\*{4,}/.test(value)) continue;
    const start = text.indexOf(value, m.index + m[1].length);
    push(start, value);
  }
  for (const m of text.matchAll(AUTHORIZATION)) {
    const scheme = m[1]?.toLowerCase();
    const value = m[2];
    if (scheme === 'basic' ? !isBasicCredential(value) : !credentialShaped(value, kind, scheme !== undefined)) continue;
    push(valueAt(m, value), value);
  }
  for (const m of text.matchAll(HEADER)) {
    const name = m[1];
    if (/^(?:proxy-)?authorization$|^(?:set-)?cookie$/i.test(name) || !name.includes('-') || !secretNameClass(name))
      continue;
    if (!credentialShaped(m[2], kind, false)) continue;
    push(valueAt(m, m[2]), m[2]);
  }
  for (const m of text.matchAll(COOKIE_HEADER)) {
    const base = m.index + m[0].length - m[1].length;
    for (const p of m[1].matchAll(COOKIE_PAIR))
      if (isCookieValue(p[1], p[2])) push(base + p.index + p[0].length - p[2].length, p[2]);
  }
  for (const m of text.matchAll(AUTH_PAIR)) {
    const value = m[3];
    if (isSecretValue(value, 'password')) push(valueAt(m, value) - 1, value);
  }
  for (const re of [INDEX_ASSIGNMENT, NAMED_ARGUMENT]) {
    for (const m of text.matchAll(re)) {
      const cls = secretNameClass(m[2]);
      const value = m[4];
      if (!cls || !isSecretValue(value, cls)) continue;
      const start = m.index! + m[0].lastIndexOf(m[3] + value + m[3]) + 1;
      push(start, value);
    }
  }
  for (const m of text.matchAll(DOCKER_INSTRUCTION)) {
    const body = m[1];
    const base = m.index + m[0].length - body.length;
    const pairs = [...body.matchAll(DOCKER_PAIR)];
    if (pairs.length === 0) {
      const legacy = DOCKER_LEGACY.exec(body);
      if (
        legacy &&
        secretNameClass(legacy[1]) &&
        isSecretValue(unquote(legacy[2]), secretNameClass(legacy[1])!) &&
        !legacy[2].startsWith('$')
      ) {
        push(base + legacy[0].indexOf(legacy[2], legacy[1].length), legacy[2]);
      }
      continue;
    }
    for (const p of pairs) {
      const cls = secretNameClass(p[1]);
      const value = unquote(p[2]);
      if (!cls || value.startsWith('$') || !isSecretValue(value, cls)) continue;
      push(base + p.index! + p[1].length + 1 + (value === p[2] ? 0 : 1), value);
    }
  }
  for (const m of text.matchAll(NETRC)) {
    const line = text.slice(lineStart(text, m.index), m.index + m[0].length);
    if (!NETRC_LINE.test(line) && !/\b(?:machine|login)[ \t]+\S/.test(line)) continue;
    const value = m[1];
    if (
      TYPE_WORDS.test(value) ||
      !/[^A-Za-z]/.test(value.replace(/[.,;:!?)]+$/, '')) ||
      !isSecretValue(value, 'password')
    )
      continue;
    push(valueAt(m, value), value);
  }
  for (const m of text.matchAll(PGPASS))
    if (isSecretValue(m[1], 'password') && !/^[0-9a-fA-F]+$/.test(m[1])) push(valueAt(m, m[1]), m[1]);
  for (const m of text.matchAll(KEY_VALUE_ATTRIBUTES)) {
    const cls = secretNameClass(m[2].split(':').pop()!);
    if (cls && isSecretValue(m[4], cls)) push(valueAt(m, m[4]) - 1, m[4]);
  }
  let commentLineEnd = -1;
  for (const c of text.matchAll(COMMENT_START)) {
    if (c.index < commentLineEnd) continue; // one pass per line
    const from = c.index + c[0].length;
    const nl = text.indexOf('\n', from);
    commentLineEnd = nl === -1 ? text.length : nl;
    const rest = text.slice(from, commentLineEnd);
    if (!SECRET_WORD.test(rest)) continue;
    for (const m of rest.matchAll(COMMENT_SECRET)) {
      const cls = secretNameClass(m[1]);
      const value = m[2].replace(/[.,;:)*/>-]+$/, '');
      if (
        !cls ||
        value.length < 4 ||
        !/[^A-Za-z]/.test(value) ||
        TYPE_WORDS.test(value) ||
        looksLikeExpression(value, 'code') ||
        /^[a-z]+:\/\//i.test(value)
      )
        continue;
      if (!isSecretValue(value, cls)) continue;
      push(from + m.index + m[0].length - m[2].length, value);
    }
  }
  return out;
}

/** A session cookie's value: long, with a digit; not an attribute (`Path=/`, `Expires=…`). */
export function isCookieValue(name: string, value: string): boolean {
  if (/^(?:path|domain|expires|max-age|samesite|priority|version|comment)$/i.test(name)) return false;
  return value.length >= 8 && /[0-9]/.test(value) && !/\*{4,}/.test(value);
}

/** Base64 of `user:password` (what Basic authorization and Docker's `"auth"` hold). */
export function isBasicCredential(value: string): boolean {
  if (!/^[A-Za-z0-9+/]{6,}={0,2}$/.test(value)) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+:[\x20-\x7e]*$/.test(decoded);
}

/** A header value that is a written credential, not a variable (`Authorization: token`) or a template. */
function credentialShaped(value: string, kind: TextKind, afterScheme: boolean): boolean {
  if (/\*{4,}/.test(value) || /^\$|\$\{|\{\{|^<.*>$/.test(value)) return false;
  if (looksLikeExpression(value, 'code') && !(kind === 'config' && afterScheme)) return false;
  return isSecretValue(value, afterScheme ? 'password' : 'token') || (value.length >= 8 && /[0-9]/.test(value));
}

function unquote(s: string): string {
  return /^(["']).*\1$/.test(s) ? s.slice(1, -1) : s;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineBefore(text: string, at: number): string {
  return text.slice(lineStart(text, at), at);
}
