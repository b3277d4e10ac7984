import { isSecretValue, secretNameClass } from './assignments';
import type { Finding } from './finding';

/*
 * Secrets inside URLs: the password of the userinfo (`scheme://user:password@host`, also with
 * `@` or `/` in the password and with an empty user, `redis://:pw@host`), query parameters that
 * name a secret (`?password=`, `&access_token=`, `&sig=` of an Azure SAS, JDBC `;password=`),
 * and webhook URLs whose path is the credential (Slack, Discord). Hosts, users and paths stay.
 */

/** A URL as written in code or config: up to whitespace, a quote or a bracket that closes it. */
const URL_RUN = /\b[a-z][a-z0-9+.-]*:\/\/([^\s'"`<>]+)/gi;
/** The host after the userinfo: a name or an IP literal, then a port, a path, a query or the end. */
const HOST_AFTER = /^(?:[A-Za-z0-9._~%-]+|\[[0-9A-Fa-f:.]+\])(?::\d*)?(?:[/?#,;)\]}]|$)/;
const REFERENCE = /^(?:\$\{?\w+\}?|%\w+%|\{\{.*\}\}|<[^>]*>|\*+)$/;

export function findUrlSecrets(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(URL_RUN)) {
    const rest = m[1];
    const restStart = m.index + m[0].length - rest.length;
    const userinfo = userinfoEnd(rest);
    if (userinfo !== undefined) {
      const colon = rest.indexOf(':');
      const password = rest.slice(colon + 1, userinfo);
      if (password !== '' && !REFERENCE.test(password))
        out.push({ start: restStart + colon + 1, end: restStart + userinfo, mask: 'all' });
    }
  }
  for (const m of text.matchAll(QUERY_SECRET)) {
    const cls = QUERY_NAMES.has(m[1].toLowerCase()) ? 'password' : secretNameClass(m[1]);
    if (!cls || REFERENCE.test(m[2]) || !isSecretValue(m[2], cls)) continue;
    const start = m.index + m[0].length - m[2].length;
    out.push({ start, end: start + m[2].length, mask: 'all' });
  }
  for (const m of text.matchAll(WEBHOOK)) {
    const start = m.index + m[0].length - m[1].length;
    out.push({ start, end: start + m[1].length, mask: 'all' });
  }
  return out;
}

/**
 * Where the userinfo with a password ends (the offset of its `@` in `rest`), or undefined. The
 * LAST `@` followed by a host ends it: a password may hold `@` and `/`. The user part holds no
 * `/`, and `host:443/path/@me` is a port and a path, not a password.
 */
function userinfoEnd(rest: string): number | undefined {
  const colon = rest.indexOf(':');
  if (colon < 0) return undefined;
  const user = rest.slice(0, colon);
  if (/[/?#]/.test(user)) return undefined;
  for (let at = rest.lastIndexOf('@'); at > colon; at = rest.lastIndexOf('@', at - 1)) {
    if (!HOST_AFTER.test(rest.slice(at + 1))) continue;
    const password = rest.slice(colon + 1, at);
    if (/^\d*[/?#]/.test(password)) return undefined;
    return at;
  }
  return undefined;
}

/** Query or JDBC parameters whose value is a credential, whatever their name says. */
const QUERY_NAMES = new Set([
  'sig',
  'signature',
  'x-amz-signature',
  'x-goog-signature',
  'password',
  'pwd',
  'passwd',
  'access_token',
  'refresh_token',
  'id_token',
  'client_secret',
  'apikey',
  'api_key',
  'token',
  'secret',
  'auth',
]);
const QUERY_SECRET = /[?&;]([A-Za-z_][\w.-]*)=([^&\s'"`#;<>)]+)/g;
const WEBHOOK =
  /\b(?:hooks\.slack\.com\/(?:services|workflows|triggers)\/|discord(?:app)?\.com\/api\/webhooks\/\d+\/|webhook\.office\.com\/webhookb2\/)([A-Za-z0-9/@_-]+)/g;
