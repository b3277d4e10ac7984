/**
 * A small glob → RegExp compiler for exclusion patterns (no dependency; `path.matchesGlob` is
 * experimental in Node 20). Paths are '/'-separated. Supported:
 *   `*`      any run of characters except '/'
 *   `?`      one character except '/'
 *   `**`     any run including '/' — as a whole segment (`a/**\/b`, `**\/x`, `x/**`) it also matches zero segments
 *   `{a,b}`  alternatives (nestable, may contain globs)
 *   `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`  character classes (never match '/')
 *   `\x`     the character x literally
 */
export function globToRegExp(pattern: string, flags = ''): RegExp {
  return new RegExp(`^${compile(pattern)}$`, flags);
}

function compile(p: string): string {
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        const atSegmentStart = i === 0 || p[i - 1] === '/';
        let j = i + 2;
        while (p[j] === '*') j++;
        if (atSegmentStart && p[j] === '/') {
          out += '(?:.*/)?'; // `**/` — zero or more whole directories
          i = j + 1;
        } else if (atSegmentStart && j === p.length && i > 0) {
          out = `${out.slice(0, -1)}(?:/.*)?`; // `x/**` — x itself or anything below it
          i = j;
        } else {
          out += '.*';
          i = j;
        }
      } else {
        out += '[^/]*';
        i++;
      }
    } else if (c === '?') {
      out += '[^/]';
      i++;
    } else if (c === '[') {
      const end = classEnd(p, i);
      if (end === -1) {
        out += '\\[';
        i++;
      } else {
        let body = p.slice(i + 1, end);
        const negated = body[0] === '!' || body[0] === '^';
        if (negated) body = body.slice(1);
        body = body.replace(/[\\\]^]/g, (m) => `\\${m}`);
        out += negated ? `[^/${body}]` : `(?!/)[${body}]`;
        i = end + 1;
      }
    } else if (c === '{') {
      const end = braceEnd(p, i);
      if (end === -1) {
        out += '\\{';
        i++;
      } else {
        out += `(?:${splitAlternatives(p.slice(i + 1, end))
          .map(compile)
          .join('|')})`;
        i = end + 1;
      }
    } else if (c === '\\' && i + 1 < p.length) {
      out += escapeChar(p[i + 1]);
      i += 2;
    } else {
      out += escapeChar(c);
      i++;
    }
  }
  return out;
}

function escapeChar(c: string): string {
  return /[.*+?^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}

function classEnd(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++; // a leading ']' is literal
  for (; i < p.length; i++) if (p[i] === ']') return i;
  return -1;
}

function braceEnd(p: string, start: number): number {
  let depth = 0;
  for (let i = start; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === '{') depth++;
    else if (p[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** Splits `a,b{c,d},e` at top-level commas only. */
function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(body.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(body.slice(from));
  return parts;
}
