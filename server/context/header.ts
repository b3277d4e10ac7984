import { commentSyntax } from '../syntax/lexical-rules';
import { commentLine } from '../text/languages';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import type { ContextSource } from './source';
import { estimateTokens } from './tokens';

/**
 * The file path as a comment line at the top of the prompt (`// Path: src/app.ts`), as code
 * models saw it in training (Copilot-style). None for languages without a known comment syntax.
 */
function headerSnippets(doc: ContextDocument, budget: number): Snippet[] {
  const syntax = commentSyntax(doc.languageId, doc.path);
  if (!syntax) return [];
  const text = `${commentLine(syntax, `Path: ${doc.path}`)}${doc.eol}`;
  if (estimateTokens(text) > budget) return [];
  return [{ source: 'header', path: doc.path, range: { start: 0, end: 0 }, text, score: 1, priority: PRIORITY.header }];
}

/** First above the prefix, only while no context file is sent; may take all that is left. */
export const headerSource: ContextSource = {
  name: 'header',
  place: 'above',
  aboveOrder: 0,
  onlyWithoutFiles: true,
  enabled: (req) => req.header,
  collect: (req, budget) => ({ snippets: headerSnippets(req.current, budget) }),
};
