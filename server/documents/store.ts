import { EventEmitter } from 'node:events';
import type { Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { looksBinary } from './binary';
import type { TextEdit } from '../text/text-edit';

export interface OpenDocument {
  readonly uri: string;
  /**
   * Which opening of the document this is, unique in this process and across processes: clients
   * restart version numbers when a document is closed and opened again (Helix and eglot at 0,
   * VS Code at 1), so a version alone does not say the text is the one something was computed for.
   */
  readonly opened: string;
  readonly languageId: string;
  version: number;
  /** Text kept exactly as the client sent it: CRLF, CR and mixed endings are preserved. */
  doc: TextDocument;
  /** Binary data rather than text (looksBinary), decided when the whole text arrives (open, full replace). */
  binary: boolean;
}

/**
 * The open documents. Positions here are UTF-16 (the LSP edge converts before calling);
 * listeners (the syntax layer, the local index) hear every open, edit, save and close.
 */
export class DocumentStore extends EventEmitter<{
  open: [OpenDocument];
  edit: [OpenDocument, TextEdit];
  replace: [OpenDocument];
  save: [OpenDocument];
  close: [string];
}> {
  private docs = new Map<string, OpenDocument>();
  private readonly session = Math.random().toString(36).slice(2, 10);
  private openings = 0;

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): IterableIterator<OpenDocument> {
    return this.docs.values();
  }

  get size(): number {
    return this.docs.size;
  }

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    if (this.docs.has(uri)) this.close(uri); // a re-open replaces the old copy and frees its tree
    const entry: OpenDocument = {
      uri,
      opened: `${this.session}-${++this.openings}`,
      languageId,
      version,
      doc: TextDocument.create(uri, languageId, version, text),
      binary: looksBinary(text),
    };
    this.docs.set(uri, entry);
    this.emit('open', entry);
    return entry;
  }

  /** Applies one change; `range` undefined means the whole text is replaced. */
  change(entry: OpenDocument, range: Range | undefined, text: string, version: number): void {
    if (!range) {
      entry.doc = TextDocument.update(entry.doc, [{ text }], version);
      entry.version = version;
      entry.binary = looksBinary(text);
      this.emit('replace', entry);
      return;
    }
    // A reversed range is applied start-before-end by TextDocument.update; describe the same span.
    const a = entry.doc.offsetAt(range.start);
    const b = entry.doc.offsetAt(range.end);
    const startOffset = Math.min(a, b);
    const oldEndOffset = Math.max(a, b);
    entry.doc = TextDocument.update(entry.doc, [{ range, text }], version);
    entry.version = version;
    this.emit('edit', entry, { startOffset, oldEndOffset, newText: text });
  }

  /** The editor wrote the document to disk (didSave): its text is now the file's. */
  saved(uri: string): void {
    const entry = this.docs.get(uri);
    if (entry) this.emit('save', entry);
  }

  close(uri: string): boolean {
    if (!this.docs.delete(uri)) return false;
    this.emit('close', uri);
    return true;
  }
}
