import type { Node, Tree } from 'web-tree-sitter';
import { fromTreeIndex, toTreeIndex } from './positions';

/**
 * Nodes containing `offset`, root first, innermost (a leaf or the smallest spanning node) last.
 * Built downwards from the root: walking `Node.parent` up a deep error-recovery tree (depth ~400+)
 * made web-tree-sitter fault with "memory access out of bounds" and corrupted its heap.
 */
export function nodePathAt(tree: Tree, offset: number): Node[] {
  const root = tree.rootNode;
  const target = innermostAt(root, toTreeIndex(Math.max(0, offset)));
  if (!target) return [];
  const path: Node[] = [root];
  for (let node = root; node.id !== target.id; ) {
    const child = childContaining(node, target);
    if (!child) break;
    path.push(child);
    node = child;
  }
  return path;
}

/** The child of `node` on the way down to `target`: the target itself, or the child spanning it. */
function childContaining(node: Node, target: Node): Node | undefined {
  const { startIndex: start, endIndex: end } = target;
  const last = lastChildIndexStartingBefore(node, start + 1);
  let zeroWidth: Node | undefined;
  for (let i = last; i >= 0; i--) {
    const child = node.child(i);
    if (!child) continue;
    if (child.id === target.id) return child;
    if (child.endIndex < start) break;
    if (child.startIndex <= start && child.endIndex >= end) {
      if (child.endIndex > child.startIndex || start === end) return child;
      zeroWidth ??= child;
    }
  }
  return zeroWidth;
}

// tree-sitter's descendantForIndex(i) wants a node with start <= i < end, so at the end of a
// line (`x = 1|`) it answers with the whole module. The node ending at the cursor is deeper and
// is what "the cursor is in" means for a cursor at the end of code.
function innermostAt(root: Node, index: number): Node | null {
  const at = root.descendantForIndex(index);
  if (index === 0 || !at) return at;
  const left = root.descendantForIndex(index - 1, index);
  if (!left) return at;
  const inside =
    left.startIndex >= at.startIndex &&
    left.endIndex <= at.endIndex &&
    left.endIndex - left.startIndex < at.endIndex - at.startIndex;
  return inside ? left : at;
}

/**
 * The last leaf that starts before `offset` and has width: the token left of the cursor or the
 * token the cursor is inside. Zero-width MISSING tokens are skipped: they are not in the text.
 */
export function leafBefore(root: Node, offset: number): Node | undefined {
  const index = toTreeIndex(offset);
  let node = root;
  for (;;) {
    const child = lastChildStartingBefore(node, index);
    if (!child) return node === root ? undefined : node;
    if (child.childCount === 0) return child;
    node = child;
  }
}

// Binary search: children are ordered and child(i) is cheap, so big nodes (a module with
// thousands of statements) cost O(log n) instead of materialising every child.
function lastChildStartingBefore(node: Node, index: number): Node | undefined {
  for (let i = lastChildIndexStartingBefore(node, index); i >= 0; i--) {
    const child = node.child(i);
    if (child && child.endIndex > child.startIndex) return child;
  }
  return undefined;
}

/** Node range in JS string offsets. */
export function startOf(node: Node): number {
  return fromTreeIndex(node.startIndex);
}

export function endOf(node: Node): number {
  return fromTreeIndex(node.endIndex);
}

/**
 * A construct ends with a closing token ("}", "end", "fi") when its last child, or that child's
 * last child, is a non-empty anonymous token. Then a cursor right after it is outside.
 */
export function endsWithCloser(node: Node): boolean {
  const last = node.lastChild;
  if (!last) return false;
  if (!last.isNamed) return last.endIndex > last.startIndex;
  const inner = last.endIndex === node.endIndex ? last.lastChild : null;
  return !!inner && !inner.isNamed && inner.endIndex > inner.startIndex;
}

/** Index of the last child starting before `index` (-1 if none), by binary search over the ordered children. */
function lastChildIndexStartingBefore(node: Node, index: number): number {
  let lo = 0;
  let hi = node.childCount - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const child = node.child(mid);
    if (child && child.startIndex < index) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
