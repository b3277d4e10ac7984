import { findAssignments, type TextKind } from './assignments';
import type { Finding } from './finding';
import { findCommandLineSecrets } from './command-lines';
import { findMultiLineSecrets } from './multi-line';
import { findNamedValues } from './named-values';
import { findPrivateKeys } from './private-keys';
import { findTokens } from './token-patterns';
import { findTokenShaped } from './token-shaped';
import { findUrlSecrets } from './urls';

export interface Redacted {
  text: string;
  /** How many secrets were masked. */
  count: number;
}

/** The character that replaces each masked character. Same length: offsets and line structure survive. */
export const MASK_CHAR = '*';

/** Every detector's findings in `text`, overlapping ones included (applyMasks sorts them out). */
export function findSecrets(text: string, kind: TextKind): Finding[] {
  const tokens = findTokens(text);
  const named = [
    ...findAssignments(text, kind),
    ...findUrlSecrets(text),
    ...findNamedValues(text, kind),
    ...findCommandLineSecrets(text),
    ...findMultiLineSecrets(text, kind),
    ...findTokenShaped(text),
  ];
  return [...findPrivateKeys(text), ...tokens, ...keepTokenPrefixes(named, tokens)];
}

/** `text` with `findings` masked, `text` itself when there are none. */
export function maskFindings(text: string, findings: Finding[]): Redacted {
  return findings.length === 0 ? { text, count: 0 } : applyMasks(text, findings);
}

/** `api_key = "sk-proj-…"`: a value found by name or shape is a known token too; its type prefix stays readable. */
function keepTokenPrefixes(named: Finding[], tokens: Finding[]): Finding[] {
  if (tokens.length === 0) return named;
  const byPrefixStart = new Map(tokens.map((t) => [t.prefixStart, t]));
  return named.map((f) => {
    const t = byPrefixStart.get(f.start);
    return t && t.end >= f.end ? { ...f, start: t.start } : f;
  });
}

function applyMasks(text: string, findings: Finding[]): Redacted {
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  let count = 0;
  let coveredUntil = 0;
  for (const f of findings) {
    if (f.end <= coveredUntil) continue; // inside a secret already masked
    count++;
    const start = Math.max(f.start, coveredUntil);
    out += text.slice(at, start) + mask(text.slice(start, f.end), f.mask);
    at = coveredUntil = f.end;
  }
  return { text: out + text.slice(at), count };
}

function mask(s: string, how: Finding['mask']): string {
  if (how === 'all') return s.replace(/[^\r\n]/g, MASK_CHAR);
  // Escapes (`\n` in a JSON string) stay escapes; every base64 character goes.
  return s.replace(/\\.|[A-Za-z0-9+/=]/g, (m) => (m.length === 2 ? m : MASK_CHAR));
}
