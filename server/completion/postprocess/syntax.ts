import type { Tree } from 'web-tree-sitter';
import { errorRanges, type ErrorRange } from '../../syntax/analysis';
import type { SyntaxDocument } from '../../syntax/document-tree';
import { withEditedTree } from '../../syntax/errors';
import { toTreeIndex } from '../../syntax/positions';

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
   * Judged against the document's own errors near the cursor: an unfinished document (a MISSING
   * closer that moves past the insertion, an ERROR ending just before the cursor that grows over
   * white space and the insertion) does not veto a completion that leaves it no worse.
   * (A candidate for server/syntax/analysis.ts.)
   */
  addsErrors(insert: string): boolean {
    return (
      this.withInsertion(insert, (before, after) => {
        const old = errorRanges(before);
        const now = errorRanges(after);
        if (now.length > old.length) return true;
        // A document that ends unfinished (a block left open) is as unfinished after the insertion:
        // its MISSING closer moves to after the inserted text. Not new, if there are no more of them.
        const end = this.offset + insert.length;
        const oldMissing = old.filter((e) => e.missing).length;
        const moved = (e: ErrorRange) =>
          e.missing && e.start >= end && now.filter((n) => n.missing).length <= oldMissing;
        if (now.some((e) => !moved(e) && !old.some((b) => b.start <= e.end && e.start <= b.end))) return true;
        // Blank lines around the insertion are not code: an error the document already has on a
        // line above the cursor may grow over them (and the insertion) without counting as worse.
        // (An error on the cursor line itself must not: `x = ` + `(1 +` is worse.)
        const text = this.doc.text;
        let start = this.offset;
        while (start > 0 && /\s/.test(text[start - 1])) start--;
        if (!text.slice(start, this.offset).includes('\n')) start = this.offset;
        let stop = this.offset;
        while (stop < text.length && /\s/.test(text[stop])) stop++;
        if (!text.slice(this.offset, stop).includes('\n')) stop = this.offset;
        const gap = { start, end: end + (stop - this.offset) };
        return (
          coverageOutside(
            now.filter((e) => !moved(e)),
            gap,
          ) > coverageOutside(old, gap)
        );
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

  /** Runs `fn` on the document's tree edited to hold `insert` at the cursor and on its re-parse. */
  private withInsertion<T>(insert: string, fn: (before: Tree, after: Tree) => T): T | undefined {
    const base = this.doc.tree();
    if (!base) return undefined;
    return withEditedTree(this.grammarName, base, this.doc.text, { start: this.offset, end: this.offset, insert }, fn);
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
