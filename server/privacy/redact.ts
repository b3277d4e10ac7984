import type { ModelInput } from '../backends/types';
import { findAssignments, textKindOf, type TextKind } from './assignments';
import type { Finding } from './finding';
import { findPrivateKeys } from './private-keys';
import { findTokens } from './token-patterns';

export interface RedactHint {
  /** File path or URI the text comes from: decides whether unquoted `key: value` is a literal (see assignments.ts). */
  path?: string;
  languageId?: string;
}

export interface Redacted {
  text: string;
  /** How many secrets were masked. */
  count: number;
}

/** The character that replaces each masked character. Same length: offsets and line structure survive. */
export const MASK_CHAR = '*';

/**
 * Masks secrets in text that is otherwise allowed to reach a model: private key blocks (also cut
 * ones), token shapes (AWS key ids, GitHub, OpenAI-style, Slack, Stripe, Google, JWT, Bearer, URL
 * passwords) and named secrets (`password = "…"`, `api_key: …`, `API_TOKEN=…`). Each masked
 * character becomes `*`; line breaks and everything outside the secret stay, so offsets are preserved.
 */
export function redactSecrets(text: string, hint: RedactHint = {}): Redacted {
  if (text === '') return { text, count: 0 };
  const kind = textKindOf(hint);
  const known = recent.get(kind, text);
  if (known) return known;
  const tokens = findTokens(text);
  const findings = [...findPrivateKeys(text), ...tokens, ...keepTokenPrefixes(findAssignments(text, kind), tokens)];
  const result = findings.length === 0 ? { text, count: 0 } : applyMasks(text, findings);
  recent.set(kind, text, result);
  // Redaction is idempotent: the output is its own answer (the gate before the backend sees it again).
  if (result.text !== text) recent.set(kind, result.text, { text: result.text, count: 0 });
  return result;
}

/**
 * The last few answers. A completion redacts its context when it is assembled and again at the
 * gate before the backend, and consecutive requests share most pieces; scanning costs about
 * 0.25 ms per 8 KB, a lookup a hash of the text.
 */
class RecentRedactions {
  private readonly byKind: Record<TextKind, Map<string, Redacted>> = { code: new Map(), config: new Map() };

  constructor(private readonly capacity: number) {}

  get(kind: TextKind, text: string): Redacted | undefined {
    return this.byKind[kind].get(text);
  }

  set(kind: TextKind, text: string, result: Redacted): void {
    const map = this.byKind[kind];
    map.delete(text);
    map.set(text, result);
    if (map.size > this.capacity) map.delete(map.keys().next().value!);
  }
}

const recent = new RecentRedactions(64);

/** `api_key = "sk-proj-…"`: the named value is a token shape too; its type prefix stays readable. */
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

/**
 * The single gate before a request leaves the process: every text field of the input redacted.
 * FIM prefix/suffix are judged as the current file (its path and language), context files by their own path.
 */
export function redactModelInput(input: ModelInput): ModelInput {
  if (input.kind === 'chat') {
    return { kind: 'chat', messages: input.messages.map((m) => ({ ...m, content: redactSecrets(m.content).text })) };
  }
  const hint = { path: input.filePath, languageId: input.languageId };
  return {
    ...input,
    prefix: redactSecrets(input.prefix, hint).text,
    suffix: redactSecrets(input.suffix, hint).text,
    context: input.context.map((c) => ({ ...c, text: redactSecrets(c.text, { path: c.path }).text })),
  };
}
