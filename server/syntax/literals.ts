import type { Node } from 'web-tree-sitter';
import type { SyntaxDocument } from './document-tree';
import { lineAt } from '../text/lines';
import { errorRanges } from './errors';
import { endOf, startOf } from './node-path';
import { getQuery, withBudget } from './queries';
import { toTreeIndex } from './positions';

export type LiteralKind = 'string' | 'comment';

/**
 * Whether `offset` is inside a comment or a string literal, per comments-strings.scm.
 * Code inside a string (@string.interpolation: f"{x}", `${x}`) counts as code.
 */
export function literalAt(doc: SyntaxDocument, offset: number): LiteralKind | undefined {
  const tree = doc.tree();
  const query = doc.grammarName ? getQuery(doc.grammarName, 'comments-strings') : undefined;
  if (!tree || !query) return undefined;
  const index = toTreeIndex(offset);
  let best: { kind: string; node: Node } | undefined;
  for (const c of query.captures(
    tree.rootNode,
    withBudget({ startIndex: Math.max(0, index - 1), endIndex: index + 1 }),
  )) {
    if (!inside(doc.text, c.name, c.node, offset)) continue;
    if (!best || endOf(c.node) - startOf(c.node) < endOf(best.node) - startOf(best.node))
      best = { kind: c.name, node: c.node };
  }
  if (best?.kind === 'comment') return 'comment';
  if (best?.kind === 'string') return 'string';
  if (best) return undefined; // interpolation: code
  return unterminatedString(tree.rootNode, doc.text, offset) ? 'string' : undefined;
}

function inside(text: string, capture: string, node: Node, offset: number): boolean {
  const start = startOf(node);
  const end = endOf(node);
  if (offset <= start || offset > end) return false;
  if (offset < end) return true;
  if (capture === 'comment') return isOpenEndedComment(text.slice(start, end));
  if (capture === 'string') return !!node.lastChild?.isMissing;
  return false;
}

// A line comment runs to the end of its line, so the cursor right after it is still inside.
function isOpenEndedComment(comment: string): boolean {
  return !comment.includes('\n') && !/(\*\/|\]\]|-->|=end)\s*$/.test(comment);
}

// An unclosed quote does not make a string node: error recovery leaves loose tokens (often not
// even string content) in an ERROR. So: a quote left open in the line before the cursor, on a
// line the parser could not make sense of.
function unterminatedString(root: Node, text: string, offset: number): boolean {
  const line = lineAt(text, offset);
  if (!openQuote(text.slice(line.start, offset))) return false;
  return errorRanges(root, { start: line.start, end: Math.max(offset, line.end) }).length > 0;
}

function openQuote(linePrefix: string): boolean {
  return scanLinePrefix(linePrefix).quote !== '';
}

/**
 * A lexical look at the text before the cursor on its line: the quote still open at its end, and
 * how many ( [ opened outside quotes are not closed. For lines the tree cannot judge yet.
 */
export function scanLinePrefix(linePrefix: string): { quote: string; openBrackets: number } {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < linePrefix.length; i++) {
    const ch = linePrefix[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if ((ch === ')' || ch === ']') && depth > 0) depth--;
  }
  return { quote, openBrackets: depth };
}
