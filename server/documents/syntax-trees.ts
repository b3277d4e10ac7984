import type { Logger } from '../log/logger';
import { definitions, imports } from '../syntax/analysis';
import { DocumentTree } from '../syntax/document-tree';
import { whenNoRequest } from './foreground';
import type { DocumentStore, OpenDocument } from './store';

/**
 * How much source text may be held as parsed trees. A tree costs about 30 bytes per character in
 * tree-sitter's wasm memory, which never shrinks: the peak stays resident. Documents someone edits
 * keep their trees first (switching between a few large files must not re-parse them); documents
 * only opened (a restored session, files looked at) keep theirs only within the smaller budget.
 * Beyond that a document keeps what completions in other documents read from it (definitions,
 * imports) and is parsed again when someone works in it. The document used last always keeps its tree.
 */
export interface TreeBudget {
  /** Characters of recently edited documents kept as trees (three 5k-line files fit). */
  editedChars: number;
  /** Characters of all kept trees within which documents that were only opened keep theirs. */
  openedChars: number;
}

/** Up to this size a document's first parse is quick (a few ms) and a request waits for it rather than use plain-text rules. */
export const INLINE_FIRST_PARSE_CHARS = 20_000;

const KEPT_STALE_MS = 100;

/** A background parse runs in slices of about this long (DocumentTree.parseStep). */
const PARSE_SLICE_MS = 8;

export const TREE_BUDGET: TreeBudget = { editedChars: 700_000, openedChars: 100_000 };

/**
 * Keeps one DocumentTree per open document in step with the store: every edit is applied to the
 * tree (cheap), and the tree is re-parsed when someone asks for it. A document is parsed in the
 * background when it opens (and when it is edited after its tree was released), so the first
 * completion in it does not wait for a full parse (about 150 ms at 5k lines). Trees are kept within
 * the TreeBudget (the document used last, then the ones edited most recently) and freed on close.
 */
export class SyntaxTrees {
  private trees = new Map<string, DocumentTree>();
  private pending = new Map<string, Promise<DocumentTree | undefined>>();
  /** URIs, most recently used (opened, edited, asked for) last (a Map keeps insertion order; moving is delete + set). */
  private recent = new Map<string, true>();
  /** URIs of documents edited since they opened, most recently edited last. */
  private edits = new Map<string, true>();
  private readonly parsedListeners: Array<(tree: DocumentTree) => void> = [];
  /** Background parses waiting, one run per event-loop turn (oldest first). */
  private readonly waiting = new Map<string, DocumentTree>();
  private draining = false;
  /** Characters of open text per document, and their sum: while the sum fits the budget every document is kept and nothing need be counted. */
  private readonly lengths = new Map<string, number>();
  private openChars = 0;

  constructor(
    private readonly store: DocumentStore,
    private readonly maxBytes: () => number,
    private readonly log: () => Logger,
    private readonly budget: TreeBudget = TREE_BUDGET,
  ) {
    store.on('open', (entry) => this.create(entry));
    store.on('edit', (entry, edit) => this.edited(entry.uri, (tree) => tree.applyEdit(edit, entry.doc.getText())));
    store.on('replace', (entry) => this.edited(entry.uri, (tree) => tree.replaceText(entry.doc.getText())));
    store.on('close', (uri) => this.drop(uri));
  }

  private create(entry: OpenDocument): void {
    this.drop(entry.uri);
    this.measure(entry.uri, entry.doc.getText().length);
    const debug = (msg: string) => this.log().debug(msg);
    const made = DocumentTree.create(entry.languageId, entry.uri, entry.doc.getText(), {
      maxBytes: this.maxBytes(),
      debug,
    }).then(
      (tree) => {
        // The document may have been closed or re-opened while the grammar loaded.
        if (this.pending.get(entry.uri) !== made || this.store.get(entry.uri) !== entry) {
          tree.dispose();
          return undefined;
        }
        this.pending.delete(entry.uri);
        tree.summaryOnly = () => !this.kept(entry.uri);
        tree.replaceText(entry.doc.getText()); // catch up with edits that arrived meanwhile
        this.trees.set(entry.uri, tree);
        this.touch(entry.uri); // holds no tree yet: nothing to give up (10,000 opens must not each walk the others)
        this.parseSoon(tree);
        return tree;
      },
      (err: unknown) => {
        this.log().warn({ err, uri: entry.uri }, 'grammar failed to load; plain-text rules apply');
        this.pending.delete(entry.uri);
        return undefined;
      },
    );
    this.pending.set(entry.uri, made);
  }

  private edited(uri: string, apply: (tree: DocumentTree) => void): void {
    const tree = this.trees.get(uri);
    if (!tree) return;
    apply(tree);
    this.measure(uri, tree.text.length);
    this.edits.delete(uri);
    this.edits.set(uri, true);
    this.used(uri); // (clears keptCache)
  }

  /**
   * Parses after pending messages, one document per event-loop turn, so a burst of opens (a
   * restored session, or 10,000 didOpen from a hostile client) does not hold up requests: each
   * setImmediate of its own would all run in the same turn. A document that is not among the kept
   * ones is only summarised.
   */
  private parseSoon(tree: DocumentTree): void {
    this.waiting.delete(tree.uri);
    this.waiting.set(tree.uri, tree);
    if (!this.draining) {
      this.draining = true;
      whenNoRequest(() => this.parseNext());
    }
  }

  /** Resolves once every background parse asked for so far has run. */
  async whenIdle(): Promise<void> {
    while (this.draining) await new Promise((resolve) => setImmediate(resolve));
  }

  private parseNext(): void {
    const next = this.waiting.entries().next();
    if (next.done) {
      this.draining = false;
      return;
    }
    const [uri, tree] = next.value;
    if (this.trees.get(tree.uri) !== tree) {
      this.waiting.delete(uri);
      whenNoRequest(() => this.parseNext());
      return;
    }
    // A slice at a time, the same document until it is done, so a request waits for one slice at most.
    if (!tree.parseStep(PARSE_SLICE_MS)) {
      whenNoRequest(() => this.parseNext());
      return;
    }
    this.waiting.delete(uri);
    whenNoRequest(() => this.parseNext());
    if (!this.kept(tree.uri)) {
      this.summarise(tree);
      return;
    }
    for (const listener of this.parsedListeners) {
      try {
        listener(tree);
      } catch (err) {
        this.log().warn({ err, uri: tree.uri }, 'preparing a parsed document failed');
      }
    }
  }

  /** Called after a document was parsed in the background (opened, or worked in again): a chance to prepare more. */
  onBackgroundParse(listener: (tree: DocumentTree) => void): void {
    this.parsedListeners.push(listener);
  }

  /** Derives what completions in other documents read from it (parsing if need be), then frees the tree. */
  private summarise(tree: DocumentTree): void {
    tree.refreshSummary();
    definitions(tree);
    imports(tree);
    tree.releaseTree();
  }

  /** The document's tree holder, waiting for its grammar to load on first use. Counts as working in it. */
  async get(uri: string): Promise<DocumentTree | undefined> {
    const tree = this.trees.get(uri) ?? (await this.pending.get(uri));
    if (tree) this.used(uri);
    return tree;
  }

  /**
   * For a request that must not wait for a language's warm-up or a full parse: the document's tree
   * holder while it holds a tree (later edits re-parse incrementally). A large document without
   * one (not parsed yet, or released past the TreeBudget) gives undefined, with its parse moved up
   * in the background queue: loading the grammar and a full parse (30-100 ms at 5k lines, 400
   * while wasm is cold) would otherwise land on the keystroke; the request uses plain-text rules.
   * A small one (up to INLINE_FIRST_PARSE_CHARS) waits for its grammar and is parsed at once, as
   * before. Counts as working in it.
   */
  async ready(uri: string): Promise<DocumentTree | undefined> {
    const length = this.lengths.get(uri) ?? 0;
    // Over syntax.maxFileBytes the tree holder answers at once (plain text, no parse): worth its grammar's wait.
    const quick = length <= INLINE_FIRST_PARSE_CHARS || length > this.maxBytes();
    const tree = this.trees.get(uri) ?? (quick ? await this.pending.get(uri) : undefined);
    if (!tree || this.trees.get(uri) !== tree) return undefined;
    this.used(uri);
    const again = this.lastReady === uri;
    this.lastReady = uri;
    if (tree.holdsTree || !tree.stale || tree.text.length <= INLINE_FIRST_PARSE_CHARS || tree.overMaxBytes) return tree;
    // A released document is parsed again once a second request in a row comes from it: a request
    // here and there while working across many files (one each) would otherwise each cost a full parse.
    if ((again || !tree.released) && !this.waiting.has(uri)) this.parseSoon(tree);
    return undefined;
  }

  /** The document the last ready() was for. */
  private lastReady: string | undefined;

  /** Without waiting: undefined while the grammar is still loading. Does not count as working in it. */
  peek(uri: string): DocumentTree | undefined {
    return this.trees.get(uri);
  }

  /** Marks `uri` as the most recently used; documents beyond the kept ones give up their trees. */
  private used(uri: string): void {
    this.touch(uri);
    if (this.allFit()) return; // nothing to give up
    const kept = this.withinBudget();
    for (const old of this.recent.keys()) {
      const tree = this.trees.get(old);
      if (tree?.holdsTree && !kept.has(old)) this.summarise(tree);
    }
  }

  /** Marks `uri` as the most recently used, without giving anything up. */
  private touch(uri: string): void {
    this.keptCache = undefined;
    this.recent.delete(uri);
    this.recent.set(uri, true);
  }

  private measure(uri: string, chars: number): void {
    this.keptCache = undefined;
    this.openChars += chars - (this.lengths.get(uri) ?? 0);
    this.lengths.set(uri, chars);
  }

  /** Whether `uri` may hold a tree now. */
  private kept(uri: string): boolean {
    if (this.allFit()) return true;
    // Background decisions may use a kept set up to KEPT_STALE_MS old: while thousands of documents
    // open, one per turn, recomputing it for each would cost O(n) each (the next used() is exact).
    const now = performance.now();
    if (!this.keptCache && this.keptRecent && now - this.keptRecent.at < KEPT_STALE_MS)
      return this.keptRecent.kept.has(uri);
    const kept = this.withinBudget();
    this.keptRecent = { kept, at: now };
    return kept.has(uri);
  }

  private keptRecent: { kept: Set<string>; at: number } | undefined;

  private allFit(): boolean {
    return this.openChars <= this.budget.openedChars;
  }

  /**
   * The documents that may hold a tree: the one used last, then the most recently edited while
   * their text fits editedChars, then the most recently used of the others while everything kept
   * fits openedChars.
   */
  private withinBudget(): Set<string> {
    if (this.keptCache) return this.keptCache;
    const length = (uri: string) => this.lengths.get(uri) ?? 0;
    let latest: string | undefined;
    for (const uri of this.recent.keys()) latest = uri;
    const kept = new Set<string>(latest === undefined ? [] : [latest]);
    const latestChars = latest === undefined ? 0 : length(latest);
    const editedLatest = latest !== undefined && this.edits.has(latest) ? latestChars : 0;
    const editedChars = newestWithin(
      this.edits,
      (uri) => uri !== latest,
      length,
      this.budget.editedChars - editedLatest,
      kept,
    );
    newestWithin(
      this.recent,
      (uri) => !kept.has(uri) && !this.edits.has(uri),
      length,
      this.budget.openedChars - latestChars - editedChars,
      kept,
    );
    this.keptCache = kept;
    return kept;
  }

  /** withinBudget's answer until the order, the edits or the lengths change (it is asked once per background parse). */
  private keptCache: Set<string> | undefined;

  private drop(uri: string): void {
    this.keptCache = undefined;
    this.pending.delete(uri);
    this.trees.get(uri)?.dispose();
    this.trees.delete(uri);
    this.recent.delete(uri);
    this.edits.delete(uri);
    this.waiting.delete(uri);
    this.openChars -= this.lengths.get(uri) ?? 0;
    this.lengths.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.trees.keys()]) this.drop(uri);
  }
}

/**
 * Adds to `kept` the newest of `oldestFirst` (those `counts` accepts) whose lengths add up to at
 * most `avail`, stopping at the first that does not fit (so: a newest run), and returns their sum.
 * Walks oldest first without copying: thousands of open documents must not cost an array each time.
 */
function newestWithin(
  oldestFirst: Map<string, true>,
  counts: (uri: string) => boolean,
  length: (uri: string) => number,
  avail: number,
  kept: Set<string>,
): number {
  let total = 0;
  for (const uri of oldestFirst.keys()) if (counts(uri)) total += length(uri);
  let sum = 0;
  for (const uri of oldestFirst.keys()) {
    if (!counts(uri)) continue;
    if (total <= avail) {
      kept.add(uri);
      sum += length(uri);
    } else total -= length(uri);
  }
  return sum;
}
