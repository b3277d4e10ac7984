import { isSecretValue, looksLikeExpression, secretNameClass, type TextKind } from './assignments';
import type { Finding } from './finding';

/*
 * Secrets whose name and value are on different lines:
 * - the value on the line after the name (`password = \` + `"…"`, YAML `password:` + indented value);
 * - YAML block scalars (`password: |` or `>-` followed by indented lines: each line is masked);
 * - a JWT split over string literals on two lines (`"eyJ….eyJ…." +` / `"signature"`).
 *
 * LineRedactions caches lines on their own, so each of these starts on a line that startsMultiLine
 * recognises: a text holding such a line is scanned whole (see line-redactions.ts).
 */

/**
 * A line (with or without its line break) that may start a multi-line secret: a secret word
 * (every name secretNameClass accepts holds one) before an operator or a block-scalar indicator
 * that ends the line, or a JWT part whose literal ends the line. A superset of what the detectors
 * below need, and rare in code (block openers such as `if password:` do not qualify).
 */
const NAME_AT_LINE_END =
  /(?:pass|pwd|secret|token|key|cred|auth)[\w$@.-]*["']?[ \t]*(?:(?::=|=>|=|:)[ \t]*\\?|:[ \t]*[|>][+-]?\d*[+-]?[ \t]*(?:#[^\n]*)?)[ \t]*\r?\n?$/i;
const JWT_PART_AT_LINE_END = /eyJ[A-Za-z0-9_.-]*\.["'`][ \t]*\+?[ \t]*\r?\n?$/;

/** Python/JS block openers end with `:` too (`if password:`, `for key in keys:`): not a name and its value. */
const BLOCK_OPENER =
  /^[ \t]*(?:(?:if|elif|else|while|for|with|try|except|finally|def|class|lambda|case|match|switch|return|assert|async|not)\b|[})\]])/;

/** Whether `line` (with or without its line break) may start a multi-line secret. */
export function startsMultiLine(line: string): boolean {
  return JWT_PART_AT_LINE_END.test(line) || (NAME_AT_LINE_END.test(line) && !BLOCK_OPENER.test(line));
}

/** An operator ending a line, then the next line's indentation and text. */
const OPERATOR_LINE_END = /(?::=|=>|=|:)[ \t]*\\?[ \t]*\r?\n(?=([ \t]*)([^\n]*))/g;
/** The name before such an operator (searched backwards from it, within its line). */
const NAME_BEFORE = /([A-Za-z_$@][\w$@.-]*)(["']?)[ \t]*$/;
const QUOTED_START = /^[rbfuRBFU]{0,2}(["'`])((?:\\.|(?!\1)[^\\\n])*)\1/;
const BLOCK_SCALAR = /^([ \t]*)(?:-[ \t]+)?(["']?)([\w.-]+)\2[ \t]*:[ \t]*[|>][+-]?\d*[+-]?[ \t]*(?:#[^\n]*)?\r?$/gm;
const SPLIT_JWT = /eyJ[A-Za-z0-9_.-]*\.(["'`])[ \t]*\+?[ \t]*\r?\n[ \t]*\+?[ \t]*(["'`])([A-Za-z0-9_-]{8,})/g;

export function findMultiLineSecrets(text: string, kind: TextKind): Finding[] {
  const out: Finding[] = [];
  for (const m of text.matchAll(OPERATOR_LINE_END)) {
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    if (BLOCK_OPENER.test(text.slice(lineStart, m.index))) continue;
    const name = NAME_BEFORE.exec(text.slice(Math.max(0, m.index - 200, lineStart), m.index));
    const cls = name ? secretNameClass(name[1]) : undefined;
    if (!cls) continue;
    const next = m[2];
    const nextStart = m.index + m[0].length + m[1].length;
    const quoted = QUOTED_START.exec(next);
    if (quoted) {
      if (isSecretValue(quoted[2], cls)) {
        const start = nextStart + quoted[0].length - 1 - quoted[2].length;
        out.push({ start, end: start + quoted[2].length, mask: 'all' });
      }
      continue;
    }
    // An unquoted value on its own line: YAML/INI continuation, config only.
    const bare = /^([^\s'"`#,;][^\s#,;]*)[ \t]*\r?$/.exec(next);
    if (
      kind !== 'config' ||
      !bare ||
      looksLikeExpression(bare[1], kind) ||
      /:$/.test(bare[1]) ||
      !isSecretValue(bare[1], cls)
    )
      continue;
    out.push({ start: nextStart, end: nextStart + bare[1].length, mask: 'all' });
  }
  for (const m of text.matchAll(BLOCK_SCALAR)) {
    if (!secretNameClass(m[3]) || BLOCK_OPENER.test(m[0])) continue;
    const indent = m[1].length;
    let at = m.index + m[0].length + 1;
    while (at < text.length) {
      const nl = text.indexOf('\n', at);
      const end = nl === -1 ? text.length : nl;
      const line = text.slice(at, end);
      const content = line.replace(/\r$/, '');
      const lead = content.length - content.trimStart().length;
      if (content.trim() !== '') {
        if (lead <= indent) break;
        if (!/^\*+$/.test(content.trim())) out.push({ start: at + lead, end: at + content.length, mask: 'all' });
      }
      if (nl === -1) break;
      at = nl + 1;
    }
  }
  for (const m of text.matchAll(SPLIT_JWT)) {
    const start = m.index + m[0].length - m[3].length;
    out.push({ start, end: start + m[3].length, mask: 'all' });
  }
  return out;
}

/**
 * A window that starts inside a multi-line value (a snippet of another file cut below its
 * `password: |` or `password:` line): the first lines are lone values indented deeper than the
 * line that follows them. Each is masked when it reads like a value, not a word or a path (6+
 * characters of a password alphabet with a digit or mixed case). Only at the very start of a text: redactSecrets applies it to the whole
 * text, never to the line runs LineRedactions scans.
 */
export function findCutContinuation(text: string): Finding[] {
  const lines: { start: number; end: number; lead: number }[] = [];
  let at = 0;
  while (at < text.length && lines.length < 64) {
    const nl = text.indexOf('\n', at);
    const end = nl === -1 ? text.length : nl;
    const content = text.slice(at, end).replace(/\r$/, '');
    const trimmed = content.trim();
    const lead = content.length - content.trimStart().length;
    if (trimmed !== '') {
      if (!LONE_VALUE.test(trimmed) || lead === 0) {
        // The first line that is not a lone value must be less indented than every value above it.
        if (lines.length === 0 || lines.some((l) => l.lead <= lead)) return [];
        return lines
          .filter((l) => VALUE_LIKE.test(text.slice(l.start, l.end)))
          .map((l) => ({ start: l.start, end: l.end, mask: 'all' as const }));
      }
      lines.push({ start: at + lead, end: at + lead + trimmed.length, lead });
    }
    if (nl === -1) break;
    at = nl + 1;
  }
  return [];
}

/** One token: no blanks, no `key:`/`key=` structure, no list marker, comment or code punctuation. */
const LONE_VALUE = /^(?![-#/*])[^\s:=;{}()[\],]{4,}$/;
const VALUE_LIKE =
  /^(?!\*+$)(?![+-])(?![A-Z]?[a-z]+$)(?=.*(?:[0-9]|[a-z].*[A-Z]|[A-Z].*[a-z]))[A-Za-z0-9+/=_@!$%^&*~-]{6,}$/;
