import type { Node, Tree } from 'web-tree-sitter';
import { indentOf, lineAt, previousNonBlankLine } from '../text/lines';
import { endOf, endsWithCloser, nodePathAt, startOf } from './node-path';

/** An ancestor that may enclose the cursor, and the position to test it with. */
export interface Candidate {
  node: Node;
  /** The cursor offset, or the end of the line above for indentation-closed constructs. */
  at: number;
}

/**
 * Nodes that may enclose the cursor, outermost first. Besides the cursor's own ancestors, on a
 * blank (or whitespace-only before the cursor) line this adds the ancestors of the end of the
 * previous non-blank line that start on a line indented less than the cursor: in Python
 * `def f():\n    x = 1\n    |` the function node ends after `x = 1`, yet the cursor is in it.
 */
export function enclosingCandidates(tree: Tree, text: string, offset: number): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<number>();
  for (const node of nodePathAt(tree, offset)) {
    if (!seen.has(node.id)) {
      seen.add(node.id);
      out.push({ node, at: offset });
    }
  }
  const line = lineAt(text, offset);
  if (text.slice(line.start, offset).trim() !== '') return out;
  const above = previousNonBlankLine(text, offset);
  if (!above) return out;
  const column = offset - line.start;
  for (const node of nodePathAt(tree, above.end)) {
    if (seen.has(node.id) || endOf(node) > above.end) continue;
    if (indentOf(text, lineAt(text, startOf(node))) >= column) continue;
    seen.add(node.id);
    out.push({ node, at: above.end });
  }
  return out.sort((a, b) => startOf(a.node) - startOf(b.node) || endOf(b.node) - endOf(a.node));
}

/** Whether `node` encloses position `at`: strictly after its start and before its closing token. */
export function encloses(node: Node, at: number): boolean {
  const start = startOf(node);
  const end = endOf(node);
  if (at <= start || at > end) return false;
  return at < end || !endsWithCloser(node);
}
