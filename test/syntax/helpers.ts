import type { Tree } from 'web-tree-sitter';

/** Deterministic PRNG (mulberry32) so random-edit tests replay exactly. */
export function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** Every node as "type start-end row:col-row:col", depth-first: two trees with equal shapes are the same parse. */
export function treeShape(tree: Tree): string[] {
  const out: string[] = [];
  const cursor = tree.walk();
  try {
    for (;;) {
      const s = cursor.startPosition;
      const e = cursor.endPosition;
      out.push(
        `${cursor.nodeType}${cursor.nodeIsMissing ? '!' : ''} ${cursor.startIndex}-${cursor.endIndex} ${s.row}:${s.column}-${e.row}:${e.column}`,
      );
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return out;
    }
  } finally {
    cursor.delete();
  }
}

/** A UTF-16 offset that does not split a surrogate pair. */
export function safeOffset(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return offset > 0 && code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}
