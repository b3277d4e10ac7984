import { canFindImports, imports, type ImportStatement } from '../syntax/analysis';
import { perDocument } from './document-cache';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import { type ContextSource, lookUpOnceRenderAbove } from './source';
import { estimateTokens } from './tokens';

/**
 * Imports are looked for above the prefix window and within the first IMPORT_SCAN_CHARS of the
 * file, where nearly all of them are: the syntax layer's imports() limited to that range costs a
 * few ms where the whole tree costs ~30 ms at 5k lines and ~150 ms at 20k, and its result is
 * reused while the text above the window is unchanged (typing at the cursor).
 */
export const IMPORT_SCAN_CHARS = 16_384;

export type ImportSpan = ImportStatement;

/** The file's import statements above the prefix window; at most 10% of the budget. */
export const importsSource: ContextSource = {
  name: 'imports',
  place: 'above',
  aboveOrder: 1,
  share: () => 0.1,
  // Looked up once, above the window as first sized; rendered again as the window widens.
  collect: lookUpOnceRenderAbove((req) => importSpans(req.current, req.windowStart), renderImports),
};

/** Import statements (imports.scm @import) ending before `before` (and the scan limit), outermost only, in file order. */
export function importSpans(doc: ContextDocument, before: number): ImportSpan[] {
  const syntax = doc.syntax;
  // Checked before the cache: a document that lost its tree (too large now) shows no imports.
  if (!syntax || !canFindImports(syntax)) return [];
  const limit = Math.min(doc.text.length, IMPORT_SCAN_CHARS, before);
  if (limit <= 0) return [];
  // Keyed by the exact text scanned: a hit is what a fresh query would return. A window that starts
  // within the scan limit has an entry of its own, so working near the top and further down in turn
  // does not re-run the query (~1 ms at 16k characters) for the usual case each time.
  const kind = limit === Math.min(doc.text.length, IMPORT_SCAN_CHARS) ? 'imports.head' : 'imports.head.partial';
  return perDocument(kind, { uri: doc.uri, text: doc.text.slice(0, limit) }, () => imports(syntax, { end: limit }));
}

/**
 * The imports that end above the prefix window, in file order, followed by a blank line. Whole
 * statements only; when the budget is short the first ones are kept.
 */
function renderImports(
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
