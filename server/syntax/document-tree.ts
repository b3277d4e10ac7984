import type { Edit, Tree } from 'web-tree-sitter';
import type { GrammarEntry } from './registry';
import { boundedParse, ensureLanguage, parserFor, PARSE_BUDGET_MS, slicingParserFor, type DebugLog } from './parser';
import { textChange } from '../text/text-diff';
import { treeEdit } from './tree-edit';
import type { TextEdit } from '../text/text-edit';

/** What the analysis functions need: text plus a tree when the language has a grammar. */
export interface SyntaxDocument {
  readonly grammarName: string | undefined;
  readonly text: string;
  /** The current tree (owned by the document: do not delete it, do not keep nodes across edits). */
  tree(): Tree | undefined;
}

export interface DocumentTreeOptions {
  /** Above this many UTF-8 bytes the document is treated as plain text (default 2_000_000). */
  maxBytes?: number;
  debug?: DebugLog;
}

export type PlainTextReason = 'no-grammar' | 'too-large' | 'too-slow';

export const DEFAULT_MAX_BYTES = 2_000_000;

/** A sliced parse that falls this far behind the typing starts over on the current text. */
const MAX_EDITS_WHILE_SLICING = 2_000;

/** One open document's text and its incrementally maintained syntax tree. */
export class DocumentTree implements SyntaxDocument {
  private current: Tree | undefined;
  private dirty = true;
  private tooLarge = false;
  /** A parse ran past its time budget: this document stays plain text (re-trying would block every keystroke). */
  private tooSlow = false;
  private isReleased = false;
  private disposed = false;
  private readonly memo = new Map<string, unknown>();
  /**
   * The memo describes an earlier text: edits arrived while the tree was released. Completions in
   * other documents keep reading it (a full parse per read would cost 30-100 ms per document)
   * until this document is parsed again (someone works in it, or refreshSummary in the background).
   */
  private memoStale = false;
  /** Trees made for memo entries (repaired copies), freed with the memo. */
  private readonly memoTrees: Tree[] = [];
  private readonly maxBytes: number;
  private readonly debug: DebugLog | undefined;
  /** Nesting of cached() computations: a tree parsed for one is freed only when the outermost ends. */
  private computing = 0;
  /**
   * Whether this document is outside the set that keeps trees: a tree parsed only to derive a
   * memo entry (definitions read by a completion in another document) is then freed right after,
   * so such reads never hold more than one extra tree at a time. Set by the owner (SyntaxTrees).
   */
  summaryOnly: () => boolean = () => false;

  private constructor(
    readonly languageId: string,
    readonly uri: string,
    private content: string,
    /** Undefined: no grammar for this language, the document is plain text. */
    readonly grammar: GrammarEntry | undefined,
    opts: DocumentTreeOptions,
  ) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
    this.debug = opts.debug;
  }

  /** Loads the language's grammar on first use (once per process); never rejects for a missing grammar. */
  static async create(
    languageId: string,
    uri: string,
    text: string,
    opts: DocumentTreeOptions = {},
  ): Promise<DocumentTree> {
    const grammar = await ensureLanguage(languageId, uri, opts.debug);
    return new DocumentTree(languageId, uri, text, grammar, opts);
  }

  get grammarName(): string | undefined {
    return this.grammar?.name;
  }

  get text(): string {
    return this.content;
  }

  /** Why tree() is undefined, if it is (as of the last tree() call for 'too-large'). */
  get plainTextReason(): PlainTextReason | undefined {
    if (!this.grammar) return 'no-grammar';
    if (this.tooSlow) return 'too-slow';
    return this.tooLarge ? 'too-large' : undefined;
  }

  /**
   * Records one change. Cheap: edits the old tree's positions so the next tree() can re-parse
   * incrementally; does not parse (this runs on every keystroke).
   */
  applyEdit(edit: TextEdit, newFullText: string): void {
    const old = this.content;
    const { startOffset: start, oldEndOffset: oldEnd, newText } = edit;
    this.content = newFullText;
    this.dirty = true;
    if (this.isReleased) this.memoStale = true;
    else this.clearMemo();
    if (!this.current && !this.slicing) return;
    const consistent =
      start >= 0 &&
      start <= oldEnd &&
      oldEnd <= old.length &&
      newFullText.length === old.length - (oldEnd - start) + newText.length;
    if (!consistent) {
      this.debug?.(`syntax: edit [${start},${oldEnd}) does not match the document text (${this.uri}); full re-parse`);
      this.dropTree();
      this.stopSlicing();
      return;
    }
    const change = treeEdit(old, start, oldEnd, newText);
    this.current?.edit(change);
    if (this.slicing) {
      // Replayed on the tree once the sliced parse of the older text is done (then an incremental parse catches up).
      this.slicing.edits.push(change);
      if (this.slicing.edits.length > MAX_EDITS_WHILE_SLICING) this.stopSlicing();
    }
  }

  /** A full-document change: applied as the smallest single edit so the re-parse stays incremental. */
  replaceText(newText: string): void {
    if (this.content === newText) return;
    const { start, oldEnd, newEnd } = textChange(this.content, newText);
    this.applyEdit({ startOffset: start, oldEndOffset: oldEnd, newText: newText.slice(start, newEnd) }, newText);
  }

  /** Edits arrived since the last parse (or nothing was parsed yet, or the tree was released): the next tree() parses. */
  get stale(): boolean {
    return this.dirty && !!this.grammar && !this.disposed;
  }

  /** Over maxBytes: tree() declines at once (plain text), without parsing. */
  get overMaxBytes(): boolean {
    return overBytes(this.content, this.maxBytes);
  }

  /** A parsed tree is held in memory (about 30 bytes per character of text). */
  get holdsTree(): boolean {
    return this.current !== undefined;
  }

  /**
   * Frees the tree of a document nobody works in, keeping what was derived from it (definitions,
   * imports) until it is parsed again, even across edits (see memoStale). A later tree() parses the text afresh.
   */
  releaseTree(): void {
    if (!this.current) return;
    this.dropTree();
    this.dirty = true;
    this.isReleased = true;
  }

  /** The tree was released and not parsed again since. */
  get released(): boolean {
    return this.isReleased;
  }

  /**
   * The syntax tree for the current text, re-parsed (incrementally) only if edits arrived since the
   * last call. Undefined without a grammar or when the text is over maxBytes.
   */
  tree(): Tree | undefined {
    // A parse that ran out of time once would again: the document stays plain text (until reopened).
    if (!this.dirty || !this.grammar || this.disposed || this.tooSlow) return this.current;
    this.stopSlicing(); // parsed here in one go: a sliced parse under way is moot
    this.dirty = false;
    this.isReleased = false;
    if (this.memoStale) this.clearMemo();
    this.tooLarge = overBytes(this.content, this.maxBytes);
    if (this.tooLarge) {
      this.debug?.(`syntax: ${this.uri} is over ${this.maxBytes} bytes; plain text`);
      this.dropTree();
      return undefined;
    }
    const parser = parserFor(this.grammar.name);
    const next = parser ? boundedParse(parser, this.content, this.current ?? null) : undefined;
    this.dropTree();
    this.current = next;
    if (parser && !next) {
      this.tooSlow = true;
      this.debug?.(`syntax: parsing ${this.uri} took over ${PARSE_BUDGET_MS} ms; plain text from now on`);
    }
    return next;
  }

  /**
   * Background parsing in slices: a full parse (30-100 ms at 5k lines, several hundred while wasm
   * is cold) would hold up a request that arrives meanwhile by as long. Parses for at most `sliceMs`
   * and returns false if more remains (call again at a later turn: the parse resumes where it
   * stopped; an edit in between starts it over). With a tree to start from (or nothing to do) it
   * is tree() at once, since an incremental parse is short. Returns true once tree() is current.
   */
  parseStep(sliceMs: number): boolean {
    if (!this.stale || this.tooSlow || !this.grammar || this.current) {
      this.stopSlicing();
      this.tree();
      return true;
    }
    const slicer = slicingParserFor(this.grammar.name);
    if (!slicer || overBytes(this.content, this.maxBytes)) {
      this.tree();
      return true;
    }
    if (slicer.owner !== this || !this.slicing) {
      slicer.parser.reset();
      slicer.owner = this;
      this.slicing = { text: this.content, spentMs: 0, edits: [] };
    }
    const slicing = this.slicing!;
    const started = performance.now();
    const until = started + sliceMs;
    // The callback's `true` cancels (pauses) the parse (web-tree-sitter's typings say void).
    const progressCallback = (() => performance.now() > until) as unknown as () => void;
    const next = slicer.parser.parse(slicing.text, null, { progressCallback });
    slicing.spentMs += performance.now() - started;
    if (!next) {
      if (slicing.spentMs <= PARSE_BUDGET_MS) return false;
      this.stopSlicing();
      this.tooSlow = true;
      this.dirty = false;
      this.debug?.(`syntax: parsing ${this.uri} took over ${PARSE_BUDGET_MS} ms; plain text from now on`);
      return true;
    }
    slicer.owner = undefined;
    this.slicing = undefined;
    for (const change of slicing.edits) next.edit(change);
    this.current = next;
    if (slicing.edits.length > 0) {
      this.tree(); // typed while the slices ran: an incremental parse of the current text (a few ms)
      return true;
    }
    this.dirty = false;
    this.isReleased = false;
    if (this.memoStale) this.clearMemo();
    return true;
  }

  /** A sliced parse in progress: the text it parses (as the slices began) and the edits made since. */
  private slicing: { text: string; spentMs: number; edits: Edit[] } | undefined;

  private stopSlicing(): void {
    const slicer = this.grammar ? slicingParserFor(this.grammar.name) : undefined;
    if (slicer?.owner === this) {
      slicer.parser.reset();
      slicer.owner = undefined;
    }
    this.slicing = undefined;
  }

  /** Memo for results derived from the current text's tree (definitions, imports); cleared on every edit, kept when the tree is released. */
  cached<T>(key: string, compute: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const parsedBefore = this.current !== undefined;
    this.computing++;
    let value: T;
    try {
      value = compute();
    } finally {
      this.computing--;
    }
    this.memo.set(key, value);
    if (this.computing === 0 && !parsedBefore && this.current && this.summaryOnly()) this.releaseTree();
    return value;
  }

  /** Like cached, for a result holding a tree of its own (a repaired copy): the tree is freed with the memo. */
  cachedWithTree<T extends { tree(): Tree | undefined }>(key: string, compute: () => T): T {
    return this.cached(key, () => {
      const value = compute();
      const tree = value.tree();
      if (tree) this.memoTrees.push(tree);
      return value;
    });
  }

  /** Frees the tree. The text stays readable; tree() is undefined from now on. */
  dispose(): void {
    this.disposed = true;
    this.stopSlicing();
    this.dropTree();
    this.clearMemo();
  }

  /** Drops a memo left from an earlier text, so the next reads derive from the current one. */
  refreshSummary(): void {
    if (this.memoStale) this.clearMemo();
  }

  private clearMemo(): void {
    this.memoStale = false;
    this.memo.clear();
    for (const tree of this.memoTrees) tree.delete();
    this.memoTrees.length = 0;
  }

  private dropTree(): void {
    this.current?.delete();
    this.current = undefined;
  }
}

/** A result derived from the document's current tree, computed once per tree for a DocumentTree. */
export function memoized<T>(doc: SyntaxDocument, key: string, compute: () => T): T {
  return doc instanceof DocumentTree ? doc.cached(key, compute) : compute();
}

// UTF-8 is 1–3 bytes per UTF-16 code unit, so the exact count is only needed near the limit.
function overBytes(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return true;
  if (text.length * 3 <= maxBytes) return false;
  return Buffer.byteLength(text, 'utf8') > maxBytes;
}
