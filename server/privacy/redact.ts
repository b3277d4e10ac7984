import type { ModelInput } from '../model/input';
import { textKindOf, type TextKind } from './assignments';
import { LineRedactions } from './line-redactions';
import { findCutContinuation } from './multi-line';
import { findSecrets, maskFindings, type Redacted } from './scan';

export { MASK_CHAR, type Redacted } from './scan';

export interface RedactHint {
  /** File path or URI the text comes from: decides whether unquoted `key: value` is a literal (see assignments.ts). */
  path?: string;
  languageId?: string;
}

/**
 * Masks secrets in text that is otherwise allowed to reach a model: private key blocks (also cut
 * ones), token shapes (cloud, VCS, chat, payment, registry tokens; JWTs, also split), named secrets
 * (`password = "…"`, `api_key: …`, `API_TOKEN=…`, `os.environ["X"] = "…"`, `define('DB_PASSWORD', …)`),
 * URL passwords and secret query parameters, connection strings, HTTP headers, command-line flags,
 * values on the line after their name or in YAML block scalars, and token-shaped values whose name
 * is out of sight. The text kind (code or config) comes from the hint and, failing that, from the
 * text itself. Each masked character becomes `*`; line breaks and everything outside the secret
 * stay, so offsets are preserved, and a second pass changes nothing.
 */
export function redactSecrets(text: string, hint: RedactHint = {}): Redacted {
  if (text === '') return { text, count: 0 };
  const hinted = textKindOf(hint);
  const known = recent.get(hinted, text);
  if (known) return known;
  // The text itself can say it is settings (a kubeconfig sent as `kubeconfig`, an ini file as `dosini`, a chat message).
  const kind = hinted === 'config' ? hinted : textKindOf({}, text);
  const scanned = byLines[kind].redact(text) ?? maskFindings(text, findSecrets(text, kind));
  const cut = findCutContinuation(scanned.text);
  const result = cut.length === 0 ? scanned : addCount(maskFindings(scanned.text, cut), scanned.count);
  recent.set(hinted, text, result);
  // Redaction is idempotent: the output is its own answer (the gate before the backend sees it again).
  if (result.text !== text) recent.set(hinted, result.text, { text: result.text, count: 0 });
  return result;
}

function addCount(r: Redacted, more: number): Redacted {
  return { text: r.text, count: r.count + more };
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
const byLines: Record<TextKind, LineRedactions> = {
  code: new LineRedactions('code'),
  config: new LineRedactions('config'),
};

/**
 * The single gate before a request leaves the process: every text field of the input redacted.
 * FIM prefix/suffix are judged as the current file (its path and language), context files by their own path,
 * chat messages by the file they quote (`redactHint`, set by code actions) or by their own text.
 */
export function redactModelInput(input: ModelInput): ModelInput {
  if (input.kind === 'chat') {
    // A code action's messages quote its file: a YAML `password:` is judged as YAML, not as code.
    const hint = input.redactHint ?? {};
    return { ...input, messages: input.messages.map((m) => ({ ...m, content: redactSecrets(m.content, hint).text })) };
  }
  const hint = { path: input.filePath, languageId: input.languageId };
  return {
    ...input,
    prefix: redactSecrets(input.prefix, hint).text,
    suffix: redactSecrets(input.suffix, hint).text,
    context: input.context.map((c) => ({ ...c, text: redactSecrets(c.text, { path: c.path }).text })),
  };
}
