import type { Node, QueryCapture } from 'web-tree-sitter';
import type { SyntaxDocument } from './document-tree';
import { enclosingCandidates, encloses } from './containers';
import { endOf, leafBefore, startOf } from './node-path';
import { getQuery, withBudget } from './queries';
import { withCursorLineBlanked } from './repair';

export interface BlockInfo {
  /** The construct owning the block (function, if, loop, class…). */
  start: number;
  end: number;
  /** Inside the delimiters: after "{" / ":" / "do" / "then", before "}" / "end" (Python: up to the last statement). */
  bodyStart: number;
  bodyEnd: number;
  /** tree-sitter node type of the construct, e.g. "if_statement". */
  kind: string;
  /** Whether the body holds no statements yet. Comments do not count, nor the cursor line when it does not parse. */
  empty: boolean;
}

/** The innermost block whose body holds `offset`. */
export function enclosingBlock(doc: SyntaxDocument, offset: number): BlockInfo | undefined {
  return withCursorLineBlanked(doc, offset, (view) => blockAt(view, offset));
}

function blockAt(doc: SyntaxDocument, offset: number): BlockInfo | undefined {
  const tree = doc.tree();
  const query = doc.grammarName ? getQuery(doc.grammarName, 'blocks') : undefined;
  if (!tree || !query) return undefined;
  let innermost: BlockInfo | undefined;
  for (const { node, at } of enclosingCandidates(tree, doc.text, offset)) {
    if (!encloses(node, at)) continue;
    // Several matches per node happen with alternations (bash: the "then" part ends at elif, else
    // or fi); the tightest body around the cursor is the right one.
    let tightest: BlockInfo | undefined;
    for (const match of query.matches(node, withBudget({ maxStartDepth: 0 }))) {
      const block = blockFromCaptures(node, match.captures);
      if (!block || at < block.bodyStart || at > block.bodyEnd) continue;
      if (!tightest || block.bodyEnd - block.bodyStart < tightest.bodyEnd - tightest.bodyStart) tightest = block;
    }
    if (tightest) innermost = tightest;
  }
  return innermost;
}

function blockFromCaptures(node: Node, captures: QueryCapture[]): BlockInfo | undefined {
  let isBlock = false;
  let body: Node | undefined;
  let open: Node | undefined;
  let close: Node | undefined;
  for (const c of captures) {
    if (c.name === 'block' && c.node.id === node.id) isBlock = true;
    else if (c.name === 'block.body') body ??= c.node;
    else if (c.name === 'block.open') open ??= c.node;
    else if (c.name === 'block.close') close ??= c.node;
  }
  if (!isBlock) return undefined;
  let bodyStart = open ? endOf(open) : body ? startOf(body) : endOf(node);
  let bodyEnd = close ? startOf(close) : body ? endOf(body) : endOf(node);
  const first = body?.firstChild;
  const last = body?.lastChild;
  // A body that carries its own delimiters ("{ … }", "do … done"): the inside is between them.
  if (body && first && !first.isNamed && first.startIndex === body.startIndex && first.endIndex > first.startIndex)
    bodyStart = endOf(first);
  if (
    body &&
    last &&
    !last.isNamed &&
    last.endIndex === body.endIndex &&
    last !== first &&
    last.endIndex > last.startIndex
  )
    bodyEnd = startOf(last);
  if (bodyEnd < bodyStart) bodyEnd = bodyStart;
  return {
    start: startOf(node),
    end: endOf(node),
    bodyStart,
    bodyEnd,
    kind: node.type,
    empty: !hasStatements(body ?? node, bodyStart, bodyEnd),
  };
}

// Content inside the delimiters (the construct's own children when the grammar has no body
// node). Comments and invented MISSING tokens do not count; half-typed code (ERROR) does.
function hasStatements(body: Node, from: number, to: number): boolean {
  for (let i = 0; i < body.childCount; i++) {
    const child = body.child(i);
    if (!child || !(child.isNamed || child.isError) || child.isMissing || child.type.includes('comment')) continue;
    if (endOf(child) > startOf(child) && startOf(child) >= from && endOf(child) <= to) return true;
  }
  return false;
}

/**
 * Whether `token` ends a block header: an @opener capture in blocks.scm (":", "{", "do", or a
 * whole header part such as Ruby's method parameters) that ends where the token ends.
 */
export function isBlockOpener(doc: SyntaxDocument, token: Node): boolean {
  const query = doc.grammarName ? getQuery(doc.grammarName, 'blocks') : undefined;
  if (!query) return false;
  return query
    .captures(token.tree.rootNode, withBudget({ startIndex: token.startIndex, endIndex: token.endIndex }))
    .some((c) => c.name === 'opener' && c.node.endIndex === token.endIndex && c.node.startIndex <= token.startIndex);
}

/** The last real token before `offset`, skipping comments. */
export function tokenBefore(root: Node, offset: number): Node | undefined {
  let leaf = leafBefore(root, offset);
  while (leaf && (leaf.type.includes('comment') || leaf.parent?.type.includes('comment')))
    leaf = leafBefore(root, startOf(leaf));
  return leaf;
}
