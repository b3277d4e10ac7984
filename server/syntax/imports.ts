import { memoized, type SyntaxDocument } from './document-tree';
import { endOf, startOf } from './node-path';
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

/** Import statements (@import in imports.scm) in document order, outermost only. */
export function imports(doc: SyntaxDocument): ImportStatement[] {
  const found = memoized(doc, 'imports', () => {
    const tree = doc.tree();
    const query = doc.grammarName ? getQuery(doc.grammarName, 'imports') : undefined;
    if (!tree || !query) return [];
    const out: ImportStatement[] = [];
    for (const c of query.captures(tree.rootNode, withBudget({ maxStartDepth: IMPORT_DEPTH }))) {
      if (c.name !== 'import') continue;
      const start = startOf(c.node);
      const end = endOf(c.node);
      const last = out[out.length - 1];
      if (last && start >= last.start && end <= last.end) continue; // nested in the previous one
      out.push({ text: doc.text.slice(start, end), start, end });
    }
    return out;
  });
  return found.map((i) => ({ ...i }));
}
