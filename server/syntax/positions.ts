import type { Point } from 'web-tree-sitter';

/*
 * Offset units. Measured with web-tree-sitter 0.27.2 (see test/syntax/offsets.test.ts): for string
 * input the binding parses UTF-16 and reports Node.startIndex/endIndex, query index ranges and
 * descendantForIndex in UTF-16 code units, and Point.column also in UTF-16 code units (not bytes,
 * not doubled). Rows count '\n' only, so "\r\n" is two code units at the end of a row.
 * So a JS string index *is* a tree-sitter index here; this module is the one place that knows it.
 * If a future binding changes units, only these functions change.
 */

/** JS string offset → tree-sitter index. */
export function toTreeIndex(offset: number): number {
  return offset;
}

/** Tree-sitter index → JS string offset. */
export function fromTreeIndex(index: number): number {
  return index;
}

/** Row/column (tree-sitter Point) of a JS string offset. */
export function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let nl = text.indexOf('\n'); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) {
    row++;
    lineStart = nl + 1;
  }
  return { row, column: toTreeIndex(offset) - toTreeIndex(lineStart) };
}

/** The point reached after writing `inserted` starting at `start`. */
export function advancePoint(start: Point, inserted: string): Point {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl === -1) return { row: start.row, column: start.column + toTreeIndex(inserted.length) };
  let rows = 0;
  for (let nl = inserted.indexOf('\n'); nl !== -1; nl = inserted.indexOf('\n', nl + 1)) rows++;
  return { row: start.row + rows, column: toTreeIndex(inserted.length - lastNl - 1) };
}

/** Node-like range (startIndex/endIndex) → JS offsets. */
export function nodeRange(node: { startIndex: number; endIndex: number }): { start: number; end: number } {
  return { start: fromTreeIndex(node.startIndex), end: fromTreeIndex(node.endIndex) };
}
