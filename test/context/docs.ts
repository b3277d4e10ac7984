import type { ContextDocument, Snippet } from '../../server/context/snippet';
import type { ContextRequest, ContextSource } from '../../server/context/source';
import { DocumentTree } from '../../server/syntax/document-tree';

/** Real trees for test documents, freed together. */
export class TestDocs {
  private readonly trees: DocumentTree[] = [];

  async open(
    languageId: string,
    uri: string,
    text: string,
  ): Promise<{ uri: string; languageId: string; text: string; doc: DocumentTree }> {
    const doc = await DocumentTree.create(languageId, uri, text);
    this.trees.push(doc);
    return { uri, languageId, text, doc };
  }

  dispose(): void {
    for (const t of this.trees.splice(0)) t.dispose();
  }
}

/** Splits `text` at its single `<|cursor|>` marker. */
export function withCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('<|cursor|>');
  if (offset === -1 || marked.indexOf('<|cursor|>', offset + 1) !== -1)
    throw new Error('exactly one <|cursor|> expected');
  return { text: marked.slice(0, offset) + marked.slice(offset + '<|cursor|>'.length), offset };
}

/**
 * What `source` finds for `current` at `cursor` within `budget`, as buildFimInput calls it; the
 * rest of the request defaults to no other documents, no workspace and the window at the cursor.
 */
export function collect(
  source: ContextSource,
  current: ContextDocument,
  cursor: number,
  budget: number,
  more: Partial<ContextRequest> = {},
): Snippet[] {
  return source.collect({ current, cursor, windowStart: cursor, others: [], header: true, ...more }, budget).snippets;
}
