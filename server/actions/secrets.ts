/**
 * Redaction masks secrets with '*' before text reaches a model (server/privacy). A rewrite of code
 * that held a secret comes back with the mask in it; writing that into the file would destroy the
 * user's value. So the masked spans are remembered, put back where the answer kept them, and an
 * answer that still holds a mask after that is refused.
 */
import type { ChatMessage } from '../model/input';
import { MASK_CHAR, type RedactHint, redactModelInput } from '../privacy/redact';

/**
 * The messages as the model will see them, judged as the text of the action's file (`hint`: its
 * path and language id). Redaction is idempotent, so the backend layer's own pass (given the same
 * hint in the input) changes nothing more and the masks recorded here are the ones that can be put back.
 */
export function redactStable(messages: readonly ChatMessage[], hint?: RedactHint): ChatMessage[] {
  const redacted = redactModelInput({ kind: 'chat', messages: [...messages], redactHint: hint });
  return redacted.kind === 'chat' ? redacted.messages : [...messages];
}

export interface MaskedSpan {
  masked: string;
  /** Undefined when different secrets look the same masked: then it cannot be put back. */
  original: string | undefined;
}

const BREAK = /[\s'"`]/;

/**
 * The spans redaction changed, widened to whole tokens (masking keeps punctuation such as the
 * '-' in "sk-…", which would otherwise split one secret into several ambiguous pieces).
 */
export function maskedSpans(original: readonly ChatMessage[], redacted: readonly ChatMessage[]): MaskedSpan[] {
  const spans = new Map<string, string | undefined>();
  original.forEach((m, k) => {
    const a = m.content;
    const b = redacted[k]?.content ?? a;
    if (a === b || a.length !== b.length) return;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      let s = i;
      let e = i;
      while (s > 0 && !BREAK.test(b[s - 1])) s--;
      while (e < b.length && !BREAK.test(b[e])) e++;
      const masked = b.slice(s, e);
      const original = a.slice(s, e);
      spans.set(masked, spans.has(masked) && spans.get(masked) !== original ? undefined : original);
      i = e;
    }
  });
  // Longest first, so a short mask is not replaced inside a longer one.
  return [...spans]
    .map(([masked, orig]) => ({ masked, original: orig }))
    .sort((x, y) => y.masked.length - x.masked.length);
}

const MASK_RUN = new RegExp(`\\${MASK_CHAR}{4,}`, 'g');

/**
 * Puts the secrets back. `leaked` when a run of mask characters the document did not already
 * have (`reference`: the original text around the edit) is still in the result.
 */
export function restoreSecrets(
  code: string,
  spans: readonly MaskedSpan[],
  reference: string,
): { code: string; leaked: boolean } {
  if (spans.length === 0) return { code, leaked: false };
  let out = code;
  let ambiguous = false;
  for (const { masked, original } of spans) {
    if (original === undefined) ambiguous ||= out.includes(masked);
    else out = out.split(masked).join(original);
  }
  const known = new Set(reference.match(MASK_RUN) ?? []);
  const leaked = ambiguous || (out.match(MASK_RUN) ?? []).some((run) => !known.has(run));
  return { code: out, leaked };
}
