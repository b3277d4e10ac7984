import type { Eol } from '../text/lines';
import type { SyntaxDocument } from '../syntax/document-tree';

export type SnippetSource = 'prefix' | 'suffix' | 'scope' | 'imports' | 'definition' | 'similar' | 'header';

/** One piece of what the model sees, with where it came from. */
export interface Snippet {
  source: SnippetSource;
  /** Display path of the file it was taken from (workspace-relative when possible). */
  path: string;
  /** Offsets in that file's text; for rendered outlines, the span the outline summarises. */
  range: { start: number; end: number };
  text: string;
  /** Relevance within its source (higher is better): similarity, closeness to the cursor. */
  score: number;
  /** Budget order across sources: lower is spent first (see PRIORITY). */
  priority: number;
}

/**
 * The order the budget is spent in (the windows near the cursor, then CONTEXT_SOURCES in
 * sources.ts); what is left after `similar` widens the prefix and suffix windows further.
 */
export const PRIORITY = {
  prefixNear: 0,
  suffixNear: 1,
  header: 2,
  scope: 3,
  imports: 4,
  definition: 5,
  similar: 6,
} as const;

/** A document as context sources see it. */
export interface ContextDocument {
  uri: string;
  /** What the model is told the file is called. */
  path: string;
  languageId: string;
  text: string;
  /** Line break used in rendered (not copied) text: the document's own, so CRLF files stay CRLF. */
  eol: Eol;
  /** Syntax tree access; absent for plain text (sources needing syntax then return nothing). */
  syntax?: SyntaxDocument;
}
