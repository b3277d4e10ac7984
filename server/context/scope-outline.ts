import { scopeChain, type Scope } from '../syntax/analysis';
import { outlineLine } from './outline-lines';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import { type ContextSource, lookUpOnceRenderAbove } from './source';
import { estimateTokens } from './tokens';

/** Signatures of the scopes enclosing the cursor, above the prefix window; at most 15% of the budget. */
export const scopeSource: ContextSource = {
  name: 'scope',
  place: 'above',
  aboveOrder: 2,
  share: () => 0.15,
  collect: lookUpOnceRenderAbove((req) => enclosingScopes(req.current, req.cursor), renderScopes),
};

/** The scopes enclosing the cursor, outermost first (empty for plain text). */
function enclosingScopes(doc: ContextDocument, cursor: number): Scope[] {
  return doc.syntax ? scopeChain(doc.syntax, codeEnd(doc.text, cursor)) : [];
}

/**
 * The signatures of `scopes` whose header lies above the prefix window (`windowStart`), as a
 * compact outline in file order:
 *   class Foo:
 *       def bar(self, x):
 * When the budget is short the innermost scopes win: the function being written matters most.
 */
function renderScopes(doc: ContextDocument, scopes: readonly Scope[], budget: number, windowStart: number): Snippet[] {
  const above = scopes.filter((s) => s.start < windowStart);
  let text = '';
  let first: Scope | undefined;
  for (let i = above.length - 1; i >= 0; i--) {
    const s = above[i];
    const next = `${outlineLine(doc.text, s.start, s.signature, s.bodyStart)}${doc.eol}${text}`;
    if (estimateTokens(next) > budget) continue; // an outer, shorter signature may still fit
    text = next;
    first = s;
  }
  if (!first) return [];
  return [
    {
      source: 'scope',
      path: doc.path,
      range: { start: first.start, end: first.end },
      text,
      score: 1,
      priority: PRIORITY.scope,
    },
  ];
}

/**
 * After `return ` the cursor is past the function's last token, so the syntax layer would call it
 * outside; spaces typed after code on the cursor line are stepped back over (blank lines are the
 * syntax layer's business).
 */
function codeEnd(text: string, cursor: number): number {
  let i = cursor;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r' ? cursor : i;
}
