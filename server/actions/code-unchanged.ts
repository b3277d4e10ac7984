/**
 * "Document" may add comments and docstrings and nothing else: the model's answer is checked for
 * it before it replaces the target (a model answering `print("hello")` replaced a whole function,
 * because that parsed). Compared are the code tokens, the leaves of the syntax tree outside
 * comments and docstrings, so layout and documentation may change while the code may not.
 */
import type { Node } from 'web-tree-sitter';
import { parseText } from '../syntax/parser';

/** A string that is a statement of its own (Python, and string-statement docstrings elsewhere). */
function isDocstring(node: Node): boolean {
  const parent = node.parent;
  return (
    /string/.test(node.type) &&
    parent !== null &&
    parent.type === 'expression_statement' &&
    parent.namedChildCount === 1
  );
}

function collect(node: Node, out: string[]): void {
  if (/comment/.test(node.type) || isDocstring(node)) return;
  if (node.childCount === 0) {
    out.push(node.text);
    return;
  }
  for (const child of node.children) if (child) collect(child, out);
}

/** The code tokens of `text` in `grammarName`, or undefined without a grammar (nothing to judge by). */
export function codeTokens(grammarName: string, text: string): string[] | undefined {
  const tree = parseText(grammarName, text);
  if (!tree) return undefined;
  try {
    const out: string[] = [];
    collect(tree.rootNode, out);
    return out;
  } finally {
    tree.delete();
  }
}

/** True when `after` differs from `before` only in comments, docstrings and whitespace (or the language has no grammar). */
export function onlyDocumentationChanged(grammarName: string | undefined, before: string, after: string): boolean {
  if (!grammarName) return true;
  const a = codeTokens(grammarName, before);
  const b = codeTokens(grammarName, after);
  if (!a || !b) return true;
  return a.length === b.length && a.every((t, i) => t === b[i]);
}
