import type { Tree } from 'web-tree-sitter';
import type { SyntaxDocument } from './document-tree';
import { lineAt } from './lines';
import { nodePathAt } from './node-path';
import { reparse } from './parser';
import { treeEdit } from './tree-edit';

/**
 * Runs `use` on a view of the document in which the cursor line is blanked, when the cursor sits
 * inside an ERROR node. The line being typed is usually what breaks the parse (`x = foo(` swallows
 * the enclosing function into one ERROR), and blanking it with spaces keeps every offset valid.
 * One incremental parse of a copy of the tree; the document itself is untouched.
 */
export function withCursorLineBlanked<T>(doc: SyntaxDocument, offset: number, use: (view: SyntaxDocument) => T): T {
  const tree = doc.tree();
  if (!tree || !doc.grammarName || !nodePathAt(tree, offset).some((n) => n.isError)) return use(doc);
  const text = doc.text;
  const line = lineAt(text, offset);
  if (line.end <= line.start) return use(doc);
  const blanked = text.slice(0, line.start) + ' '.repeat(line.end - line.start) + text.slice(line.end);
  const copy = tree.copy();
  let repaired: Tree | undefined;
  try {
    copy.edit(treeEdit(text, line.start, line.end, blanked.slice(line.start, line.end)));
    repaired = reparse(doc.grammarName, blanked, copy);
    if (!repaired) return use(doc);
    const view: SyntaxDocument = { grammarName: doc.grammarName, text: blanked, tree: () => repaired };
    return use(view);
  } finally {
    copy.delete();
    repaired?.delete();
  }
}
