import { isSecretValue, secretNameClass } from './assignments';
import type { Finding } from './finding';
import { isCookieValue } from './named-values';

/*
 * Secrets on command lines, in shell scripts, CI steps, Dockerfile RUN lines or strings in code:
 * `mysql -pPASSWORD`, `--password=…` / `--token …` / `--api-key=…`, `curl -u user:pw`,
 * `sshpass -p pw`, `docker login -p pw`, `PGPASSWORD=pw psql`, `curl -b "session=…"`.
 * The flag and the user stay; the value is masked. All match within one line.
 */

const VALUE = String.raw`(["']?)([^\s"'\x60;|&)]+)`;
/** MySQL's `-pPASSWORD` (no space: `-p` alone asks for it). */
const MYSQL_P = new RegExp(
  String.raw`\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlcheck|mysqlshow|mysqlsh|mariadb|mariadb-dump)\b[^\n|;&]*?[ \t]-p` +
    VALUE,
  'g',
);
/** `-p pw` for tools whose -p is a password. */
const SHORT_P = new RegExp(
  String.raw`\b(?:sshpass|docker|podman|nerdctl|buildah|skopeo|oras|twine|helm|htpasswd)\b[^\n|;&]*?[ \t]-p[ \t]*` +
    VALUE,
  'g',
);
/** `--password=…`, `--password …`, `--api-key=…`, `--client-secret …`, `--token …`. */
const LONG_FLAG = new RegExp(
  String.raw`(?<![\w-])--([\w-]*(?:password|passwd|token|secret|api-?key|apikey|auth-key|access-key|credentials?))(?:=|[ \t]+)` +
    VALUE,
  'gi',
);
/** `curl -u user:pw`, `--user user:pw`, also as list items `"-u", "user:pw"`. */
const USER_PASSWORD =
  /(?<![\w-])(?:-u|--user|--proxy-user|-U)(?:=|[ \t]*|["'],[ \t]*["'])(["']?)([^\s:"'@]+):([^\s"'`]+)/g;
/** `PGPASSWORD=pw psql`, `run: API_TOKEN=x ./deploy`: an environment prefix not at the start of a line. */
const INLINE_ENV = /(?<=^|[\s;&|(:"'])([A-Z][A-Z0-9_]*)=([^\s'"`#;&|)]+)/g;
/** `curl -b "name=value; …"` / `--cookie`. */
const COOKIE_FLAG = /(?<![\w-])(?:-b|--cookie)[ \t]+(["'])([^"'\n]*)\1/g;

export function findCommandLineSecrets(text: string): Finding[] {
  const out: Finding[] = [];
  const push = (m: RegExpMatchArray, value: string) => {
    const start = m.index! + m[0].length - value.length;
    out.push({ start, end: start + value.length, mask: 'all' });
  };
  for (const re of [MYSQL_P, SHORT_P]) {
    for (const m of text.matchAll(re)) {
      const value = m[2];
      if (isValue(value)) push(m, value);
    }
  }
  for (const m of text.matchAll(LONG_FLAG)) {
    const value = m[3];
    if (/-file$|-path$|-env$|-stdin$|-command$|-cmd$/i.test(m[1]) || !isValue(value)) continue;
    push(m, value);
  }
  for (const m of text.matchAll(USER_PASSWORD)) if (isValue(m[3])) push(m, m[3]);
  for (const m of text.matchAll(INLINE_ENV)) {
    // At the start of a line only as a prefix of a command (`NAME=value` alone is an assignment: assignments.ts).
    if ((m.index === 0 || text[m.index - 1] === '\n') && !/^[ \t]+[\w./-]/.test(text.slice(m.index + m[0].length)))
      continue;
    const cls = secretNameClass(m[1]);
    if (cls && isValue(m[2]) && isSecretValue(m[2], cls)) push(m, m[2]);
  }
  for (const m of text.matchAll(COOKIE_FLAG)) {
    const base = m.index + m[0].length - 1 - m[2].length;
    for (const p of m[2].matchAll(/([\w.%-]+)=([^;\s]+)/g)) {
      if (!isCookieValue(p[1], p[2])) continue;
      const start = base + p.index! + p[0].length - p[2].length;
      out.push({ start, end: start + p[2].length, mask: 'all' });
    }
  }
  return out;
}

/** A written value, not a reference (`$PW`, `${PW}`, `%PW%`), another flag, a placeholder or a mask. */
function isValue(value: string): boolean {
  if (value.length < 3 || /^[$%-]|\$\{|\{\{|\*{4,}/.test(value)) return false;
  return isSecretValue(value, 'password') || /[0-9]/.test(value);
}
