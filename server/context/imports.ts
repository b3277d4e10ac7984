import { nodeRange, toTreeIndex } from '../syntax/positions';
import { getQuery, withBudget } from '../syntax/queries';
import { perDocument } from './document-cache';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import { estimateTokens } from './tokens';

/**
 * Imports are looked for above the prefix window and within the first IMPORT_SCAN_CHARS of the
 * file, where nearly all of them are. syntax/imports.ts queries the whole tree, which after every
 * keystroke costs ~30 ms at 5k lines and ~150 ms at 20k; a range-limited query costs a few ms,
 * and its result is reused while the text above the window is unchanged (typing at the cursor).
 * Candidate to become an optional range of the syntax layer's imports().
 */
export const IMPORT_SCAN_CHARS = 16_384;

export interface ImportSpan {
  text: string;
  start: number;
  end: number;
}

/** Import statements (imports.scm @import) ending before `before` (and the scan limit), outermost only, in file order. */
export function importSpans(doc: ContextDocument, before: number): ImportSpan[] {
  const syntax = doc.syntax;
  const tree = syntax?.tree();
  const query = syntax?.grammarName ? getQuery(syntax.grammarName, 'imports') : undefined;
  if (!tree || !query) return [];
  const limit = Math.min(doc.text.length, IMPORT_SCAN_CHARS, before);
  if (limit <= 0) return [];
  // Keyed by the exact text scanned: a hit is what a fresh query would return.
  return perDocument('imports.head', { uri: doc.uri, text: doc.text.slice(0, limit) }, () => {
    const out: ImportSpan[] = [];
    for (const c of query.captures(tree.rootNode, withBudget({ startIndex: 0, endIndex: toTreeIndex(limit) }))) {
      if (c.name !== 'import') continue;
      const { start, end } = nodeRange(c.node);
      if (end > limit) continue;
      const last = out[out.length - 1];
      if (last && start >= last.start && end <= last.end) continue; // nested in the previous one
      out.push({ text: doc.text.slice(start, end), start, end });
    }
    return out;
  });
}

/**
 * The imports that end above the prefix window, in file order, followed by a blank line. Whole
 * statements only; when the budget is short the first ones are kept.
 */
export function renderImports(
  doc: ContextDocument,
  spans: readonly ImportSpan[],
  budget: number,
  windowStart: number,
): Snippet[] {
  const above = spans.filter((i) => i.end <= windowStart);
  let text = '';
  let end = 0;
  for (const imp of above) {
    const next = `${text}${imp.text}${doc.eol}`;
    if (estimateTokens(`${next}${doc.eol}`) > budget) break;
    text = next;
    end = imp.end;
  }
  if (text === '') return [];
  return [
    {
      source: 'imports',
      path: doc.path,
      range: { start: above[0].start, end },
      text: `${text}${doc.eol}`,
      score: 1,
      priority: PRIORITY.imports,
    },
  ];
}

/** The imports context source. */
export function importSnippets(doc: ContextDocument, _cursor: number, budget: number, windowStart: number): Snippet[] {
  return budget > 0 ? renderImports(doc, importSpans(doc, windowStart), budget, windowStart) : [];
}
