import type { Tree } from 'web-tree-sitter';
import { errorRanges, type ErrorRange } from '../../syntax/analysis';
import type { SyntaxDocument } from '../../syntax/document-tree';
import { reparse, splicedInput } from '../../syntax/parser';
import { toTreeIndex } from '../../syntax/positions';
import { treeEdit } from '../../syntax/tree-edit';

/**
 * What post-processing asks the syntax tree about a completion at one cursor. The document's own
 * tree (prefix + suffix) is never modified: each question parses an edited copy (incrementally)
 * and frees it before returning.
 */
export class SyntaxProbe {
  private constructor(
    private readonly doc: SyntaxDocument,
    private readonly grammarName: string,
    /** Cursor offset in doc.text (JS string index). */
    readonly offset: number,
  ) {}

  /** Undefined when the document has no tree (no grammar, too large, grammar not loaded). */
  static for(doc: SyntaxDocument | undefined, offset: number): SyntaxProbe | undefined {
    if (!doc?.grammarName || !doc.tree()) return undefined;
    return new SyntaxProbe(doc, doc.grammarName, offset);
  }

  /**
   * Writing `insert` at the cursor creates syntax errors the document did not have: an error that
   * overlaps none of the document's (as analysis.addsSyntaxErrors judges), or more of the code
   * around the insertion covered by errors than before. The second catches completions that turn a
   * document with a small error at the cursor (the gap being completed) into one large ERROR.
   * (A candidate for server/syntax/analysis.ts.)
   */
  addsErrors(insert: string): boolean {
    return (
      this.withInsertion(insert, (before, after) => {
        const old = errorRanges(before);
        const now = errorRanges(after);
        if (now.length > old.length) return true;
        if (now.some((e) => !old.some((b) => b.start <= e.end && e.start <= b.end))) return true;
        const gap = { start: this.offset, end: this.offset + insert.length };
        return coverageOutside(now, gap) > coverageOutside(old, gap);
      }) ?? false
    );
  }

  /**
   * Whether the character at `index` of `insert`, written at the cursor, is a bracket token of the
   * syntax tree (not text in a string, comment or regular expression): confirms a lexical finding.
   * (A candidate for server/syntax/analysis.ts: `isBracketToken(doc, offset, insert, index)`.)
   */
  isBracketToken(insert: string, index: number): boolean | undefined {
    return this.withInsertion(insert, (_before, after) => {
      const at = toTreeIndex(this.offset + index);
      const node = after.rootNode.descendantForIndex(at, at + 1);
      return !!node && !node.isMissing && node.type === insert[index] && node.startIndex === at;
    });
  }

  /** Runs `fn` on the document's tree edited to hold `insert` at the cursor (positions shifted, not re-parsed) and on its re-parse. */
  private withInsertion<T>(insert: string, fn: (before: Tree, after: Tree) => T): T | undefined {
    const base = this.doc.tree();
    if (!base) return undefined;
    const text = this.doc.text;
    const edited = base.copy();
    let after: Tree | undefined;
    try {
      // treeEdit widens an edit at a line end: tree-sitter-python otherwise re-parses the rest of the file.
      edited.edit(treeEdit(text, this.offset, this.offset, insert));
      after = reparse(this.grammarName, splicedInput(text, this.offset, this.offset, insert), edited);
      return after ? fn(edited, after) : undefined;
    } finally {
      after?.delete();
      edited.delete();
    }
  }
}

/** Characters inside error ranges, not counting those inside `gap`. */
function coverageOutside(ranges: ErrorRange[], gap: { start: number; end: number }): number {
  let total = 0;
  for (const r of ranges) {
    const overlap = Math.max(0, Math.min(r.end, gap.end) - Math.max(r.start, gap.start));
    total += r.end - r.start - overlap;
  }
  return total;
}
