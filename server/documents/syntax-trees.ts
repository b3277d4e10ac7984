import type { Logger } from '../log/logger';
import { DocumentTree } from '../syntax/document-tree';
import type { DocumentStore, OpenDocument } from './store';

/**
 * Keeps one DocumentTree per open document in step with the store: every edit is applied to the
 * tree (cheap), and the tree is re-parsed when someone asks for it. A newly opened document is
 * parsed in the background as soon as its grammar is loaded, so the first completion in it does
 * not wait for a full parse (about 150 ms at 5k lines). Trees are freed on close.
 */
export class SyntaxTrees {
  private trees = new Map<string, DocumentTree>();
  private pending = new Map<string, Promise<DocumentTree | undefined>>();

  constructor(
    private readonly store: DocumentStore,
    private readonly maxBytes: () => number,
    private readonly log: () => Logger,
  ) {
    store.on('open', (entry) => this.create(entry));
    store.on('edit', (entry, edit) => this.trees.get(entry.uri)?.applyEdit(edit, entry.doc.getText()));
    store.on('replace', (entry) => this.trees.get(entry.uri)?.replaceText(entry.doc.getText()));
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
        // After pending messages: a burst of opens (a restored session) does not hold up requests.
        setImmediate(() => {
          if (this.trees.get(entry.uri) === tree) tree.tree();
        });
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

  /** The document's tree holder, waiting for its grammar to load on first use. */
  async get(uri: string): Promise<DocumentTree | undefined> {
    return this.trees.get(uri) ?? (await this.pending.get(uri));
  }

  /** Without waiting: undefined while the grammar is still loading. */
  peek(uri: string): DocumentTree | undefined {
    return this.trees.get(uri);
  }

  private drop(uri: string): void {
    this.pending.delete(uri);
    this.trees.get(uri)?.dispose();
    this.trees.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.trees.keys()]) this.drop(uri);
  }
}
