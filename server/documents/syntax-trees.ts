import type { Logger } from '../log/logger';
import { definitions, imports } from '../syntax/analysis';
import { DocumentTree } from '../syntax/document-tree';
import type { DocumentStore, OpenDocument } from './store';

/**
 * Every open document keeps its parsed tree while the open documents' text adds up to at most this
 * many characters (about 100k lines). A tree costs about 30 bytes per character and tree-sitter's
 * wasm memory never shrinks, so past the budget (hundreds of files open) the documents used least
 * recently give their trees up; they keep what completions in other documents read from them
 * (definitions, imports) and are parsed again when someone works in them.
 */
export const TREE_BUDGET_CHARS = 4_000_000;

/**
 * Keeps one DocumentTree per open document in step with the store: every edit is applied to the
 * tree (cheap), and the tree is re-parsed when someone asks for it. A document is parsed in the
 * background when it opens (and when it is edited after its tree was released), so the first
 * completion in it does not wait for a full parse (about 150 ms at 5k lines). Trees are kept within
 * TREE_BUDGET_CHARS, the most recently used first, and freed on close.
 */
export class SyntaxTrees {
  private trees = new Map<string, DocumentTree>();
  private pending = new Map<string, Promise<DocumentTree | undefined>>();
  /** URIs, most recently used (opened, edited, asked for) last. */
  private recent: string[] = [];
  private readonly parsedListeners: Array<(tree: DocumentTree) => void> = [];

  constructor(
    private readonly store: DocumentStore,
    private readonly maxBytes: () => number,
    private readonly log: () => Logger,
    private readonly budgetChars = TREE_BUDGET_CHARS,
  ) {
    store.on('open', (entry) => this.create(entry));
    store.on('edit', (entry, edit) => this.edited(entry.uri, (tree) => tree.applyEdit(edit, entry.doc.getText())));
    store.on('replace', (entry) => this.edited(entry.uri, (tree) => tree.replaceText(entry.doc.getText())));
    store.on('close', (uri) => this.drop(uri));
  }

  private create(entry: OpenDocument): void {
    this.drop(entry.uri);
    const debug = (msg: string) => this.log().debug(msg);
    const made = DocumentTree.create(entry.languageId, entry.uri, entry.doc.getText(), { maxBytes: this.maxBytes(), debug }).then(
      (tree) => {
        // The document may have been closed or re-opened while the grammar loaded.
        if (this.pending.get(entry.uri) !== made || this.store.get(entry.uri) !== entry) {
          tree.dispose();
          return undefined;
        }
        this.pending.delete(entry.uri);
        tree.replaceText(entry.doc.getText()); // catch up with edits that arrived meanwhile
        this.trees.set(entry.uri, tree);
        this.used(entry.uri);
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
    const released = tree.released;
    apply(tree);
    this.used(uri);
    if (released) this.parseSoon(tree); // someone works in it again
  }

  /**
   * Parses after pending messages, so a burst of opens (a restored session) does not hold up
   * requests. A document that is not among the kept ones is only summarised.
   */
  private parseSoon(tree: DocumentTree): void {
    setImmediate(() => {
      if (this.trees.get(tree.uri) !== tree) return;
      if (!this.withinBudget().has(tree.uri)) return this.summarise(tree);
      tree.tree();
      for (const listener of this.parsedListeners) {
        try {
          listener(tree);
        } catch (err) {
          this.log().warn({ err, uri: tree.uri }, 'preparing a parsed document failed');
        }
      }
    });
  }

  /** Called after a document was parsed in the background (opened, or worked in again): a chance to prepare more. */
  onBackgroundParse(listener: (tree: DocumentTree) => void): void {
    this.parsedListeners.push(listener);
  }

  /** Derives what completions in other documents read from it (parsing if need be), then frees the tree. */
  private summarise(tree: DocumentTree): void {
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

  /** Without waiting: undefined while the grammar is still loading. Does not count as working in it. */
  peek(uri: string): DocumentTree | undefined {
    return this.trees.get(uri);
  }

  /** Marks `uri` as the most recently used; documents beyond the kept ones give up their trees. */
  private used(uri: string): void {
    if (this.recent[this.recent.length - 1] !== uri) {
      const at = this.recent.indexOf(uri);
      if (at >= 0) this.recent.splice(at, 1);
      this.recent.push(uri);
    }
    const kept = this.withinBudget();
    for (const old of this.recent) {
      const tree = this.trees.get(old);
      if (tree?.holdsTree && !kept.has(old)) this.summarise(tree);
    }
  }

  /** The documents that may hold a tree: the most recently used first, while their text fits the budget (the latest always). */
  private withinBudget(): Set<string> {
    const kept = new Set<string>();
    let chars = 0;
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const uri = this.recent[i];
      chars += this.trees.get(uri)?.text.length ?? 0;
      if (chars > this.budgetChars && kept.size > 0) break;
      kept.add(uri);
    }
    return kept;
  }

  private drop(uri: string): void {
    this.pending.delete(uri);
    this.trees.get(uri)?.dispose();
    this.trees.delete(uri);
    this.recent = this.recent.filter((u) => u !== uri);
  }

  dispose(): void {
    for (const uri of [...this.trees.keys()]) this.drop(uri);
  }
}
