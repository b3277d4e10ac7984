import type { Query, Tree } from 'web-tree-sitter';
import { memoized, type SyntaxDocument } from './document-tree';
import { endOf, startOf } from './node-path';
import { toTreeIndex } from './positions';
import { getQuery, withBudget } from './queries';

export interface ImportStatement {
  text: string;
  start: number;
  end: number;
}

/**
 * How deep below the root an import may start: module level, inside a namespace or module
 * (C#, Rust: root > namespace > body > using) or an `if TYPE_CHECKING:` block. Imports inside
 * functions are local and not searched, which keeps this O(outline) on large files.
 */
const IMPORT_DEPTH = 3;

/**
 * Import statements (@import in imports.scm) in document order, outermost only.
 *
 * Without `range`: the whole tree down to IMPORT_DEPTH, memoized per tree (a copy is returned).
 * With `range`: only statements ending by `range.end`, at any depth, found by a query limited to
 * the text before it (a few ms where the whole tree costs ~30 ms at 5k lines); not memoized, the
 * caller keeps it (context/imports.ts, per exact text scanned).
 */
export function imports(doc: SyntaxDocument, range?: { end: number }): ImportStatement[] {
  if (range) {
    if (range.end <= 0) return [];
    return importsIn(doc, { startIndex: 0, endIndex: toTreeIndex(range.end) }, range.end);
  }
  const found = memoized(doc, 'imports', () => importsIn(doc, { maxStartDepth: IMPORT_DEPTH }, Infinity));
  return found.map((i) => ({ ...i }));
}

/** Whether imports() can look at all: the document has a tree and its grammar an imports query. */
export function canFindImports(doc: SyntaxDocument): boolean {
  return treeAndQuery(doc) !== undefined;
}

/** The one extraction: @import captures found with `options`, ending by `end`, nested ones dropped. */
function importsIn(
  doc: SyntaxDocument,
  options: { maxStartDepth: number } | { startIndex: number; endIndex: number },
  end: number,
): ImportStatement[] {
  const found = treeAndQuery(doc);
  if (!found) return [];
  const out: ImportStatement[] = [];
  for (const c of found.query.captures(found.tree.rootNode, withBudget(options))) {
    if (c.name !== 'import') continue;
    const s = startOf(c.node);
    const e = endOf(c.node);
    if (e > end) continue;
    const last = out[out.length - 1];
    if (last && s >= last.start && e <= last.end) continue; // nested in the previous one
    out.push({ text: doc.text.slice(s, e), start: s, end: e });
  }
  return out;
}

function treeAndQuery(doc: SyntaxDocument): { tree: Tree; query: Query } | undefined {
  const tree = doc.tree();
  const query = doc.grammarName ? getQuery(doc.grammarName, 'imports') : undefined;
  return tree && query ? { tree, query } : undefined;
}
