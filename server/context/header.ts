import { commentSyntax } from '../syntax/lexical-rules';
import { commentLine } from '../text/languages';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import { estimateTokens } from './tokens';

/**
 * The file path as a comment line at the top of the prompt (`// Path: src/app.ts`), as code
 * models saw it in training (Copilot-style). None for languages without a known comment syntax.
 */
export function headerSnippets(doc: ContextDocument, _cursor: number, budget: number): Snippet[] {
  const syntax = commentSyntax(doc.languageId, doc.path);
  if (!syntax) return [];
  const text = `${commentLine(syntax, `Path: ${doc.path}`)}${doc.eol}`;
  if (estimateTokens(text) > budget) return [];
  return [{ source: 'header', path: doc.path, range: { start: 0, end: 0 }, text, score: 1, priority: PRIORITY.header }];
}
