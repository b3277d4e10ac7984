import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import type { SyntaxDocument } from './document-tree';
import { lineEndAt, lineStartAt } from '../text/lines';
import { parseText, reparse, splicedInput } from './parser';
import { fromTreeIndex, toTreeIndex } from './positions';
import { treeEdit } from './tree-edit';

export interface ErrorRange {
  start: number;
  end: number;
  /** A zero-width token the parser invented (MISSING ")"), rather than text it could not fit (ERROR). */
  missing: boolean;
}

export interface OffsetRange {
  start: number;
  end: number;
}

/**
 * ERROR and MISSING nodes, outermost only (an ERROR's insides are one error), optionally only those
 * touching `within`. Descends only into subtrees that contain errors, so a clean tree costs O(1).
 */
export function errorRanges(tree: Tree | Node, within?: OffsetRange): ErrorRange[] {
  const root = 'rootNode' in tree ? tree.rootNode : tree;
  const out: ErrorRange[] = [];
  if (!root.hasError) return out;
  const cursor = root.walk();
  try {
    collect(cursor, within && { start: toTreeIndex(within.start), end: toTreeIndex(within.end) }, out);
  } finally {
    cursor.delete();
  }
  return out;
}

export function countErrors(tree: Tree | Node, within?: OffsetRange): number {
  return errorRanges(tree, within).length;
}

function collect(cursor: TreeCursor, within: OffsetRange | undefined, out: ErrorRange[]): void {
  if (within && (cursor.endIndex < within.start || cursor.startIndex > within.end)) return;
  if (cursor.nodeIsMissing || cursor.nodeType === 'ERROR') {
    out.push({
      start: fromTreeIndex(cursor.startIndex),
      end: fromTreeIndex(cursor.endIndex),
      missing: cursor.nodeIsMissing,
    });
    return;
  }
  if (!cursor.currentNode.hasError || !cursor.gotoFirstChild()) return;
  do {
    if (within && cursor.startIndex > within.end) break;
    collect(cursor, within, out);
  } while (cursor.gotoNextSibling());
  cursor.gotoParent();
}

export type SyntaxSource = SyntaxDocument | { grammarName: string; text: string };

/**
 * Would writing `insert` at `offset` (replacing up to `replaceEnd`) create syntax errors the
 * document did not have? One incremental parse of an edited copy of the tree; only the edit and the
 * ranges whose structure changed are compared, so unrelated errors elsewhere do not count.
 * False when the language has no grammar (nothing to judge by).
 *
 * The document is usually broken at the cursor (the line being typed), often as one ERROR that
 * swallows the whole function, so "overlaps an old error" would excuse everything. Instead:
 * - an error on the lines the insertion lands on is new unless the same error (same range after
 *   the edit, same kind) was there before;
 * - a MISSING token after the insertion is excused when the document was already incomplete at the
 *   cursor: `if (x) {\n  foo(` + `1);` leaves only the MISSING "}" of the block still being written.
 *   A construct left unfinished inside an ERROR (`foo(a, ` + `b`) does count: the parser gives no
 *   way to tell it from a wrong token;
 * - elsewhere, an error overlapping no old error, or more errors than before, is new.
 */
export function addsSyntaxErrors(source: SyntaxSource, offset: number, insert: string, replaceEnd = offset): boolean {
  const grammarName = source.grammarName;
  if (!grammarName) return false;
  const text = source.text;
  const owned = 'tree' in source ? undefined : parseText(grammarName, text);
  const base = 'tree' in source ? source.tree() : owned;
  if (!base) return false;
  try {
    return (
      withEditedTree(grammarName, base, text, { start: offset, end: replaceEnd, insert }, (edited, after) => {
        const region = { start: offset, end: offset + insert.length };
        for (const r of edited.getChangedRanges(after)) {
          region.start = Math.min(region.start, fromTreeIndex(r.startIndex));
          region.end = Math.max(region.end, fromTreeIndex(r.endIndex));
        }
        // The lines the insertion lands on, in post-edit offsets (the text after it moved by the edit).
        const landing = {
          start: lineStartAt(text, offset),
          end: lineEndAt(text, replaceEnd) + offset + insert.length - replaceEnd,
        };
        return introducesErrors(
          errorRanges(edited, region),
          errorRanges(after, region),
          offset,
          offset + insert.length,
          landing,
        );
      }) ?? false
    );
  } finally {
    owned?.delete();
  }
}

/** Text `insert` written over [start, end) of a document. */
export interface Splice {
  start: number;
  end: number;
  insert: string;
}

/**
 * The one copy/edit/re-parse: runs `fn` on a copy of `base` edited for `splice` (positions shifted,
 * not re-parsed) and on its incremental re-parse, then frees both; `base` is never modified.
 * Undefined when the re-parse fails.
 */
export function withEditedTree<T>(
  grammarName: string,
  base: Tree,
  text: string,
  splice: Splice,
  fn: (edited: Tree, after: Tree) => T,
): T | undefined {
  const edited = base.copy();
  let after: Tree | undefined;
  try {
    // treeEdit widens an edit at a line end: tree-sitter-python otherwise re-parses the rest of the file.
    edited.edit(treeEdit(text, splice.start, splice.end, splice.insert));
    after = reparse(grammarName, splicedInput(text, splice.start, splice.end, splice.insert), edited);
    return after ? fn(edited, after) : undefined;
  } finally {
    after?.delete();
    edited.delete();
  }
}

// `before` comes from the edited old tree, so both lists are in post-edit offsets.
function introducesErrors(
  before: ErrorRange[],
  after: ErrorRange[],
  start: number,
  end: number,
  landing: OffsetRange,
): boolean {
  const incompleteAtCursor = before.some((b) => b.start <= start && start <= b.end);
  let counted = 0;
  for (const e of after) {
    if (before.some((b) => b.start === e.start && b.end === e.end && b.missing === e.missing)) {
      counted++;
      continue;
    }
    if (incompleteAtCursor && e.missing && e.start >= end) continue;
    counted++;
    if (touches(e, landing)) return true;
    if (!before.some((b) => touches(b, e))) return true;
  }
  return counted > before.length;
}

function touches(a: OffsetRange, b: OffsetRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}
