import { DocumentStore } from '../../server/documents/store';
import { SyntaxTrees } from '../../server/documents/syntax-trees';
import { createLogger } from '../../server/log/logger';

/** A document store with its syntax trees, as the server wires them (silent log); dispose `trees` after. */
export function storeWithTrees(maxBytes = 2_000_000, budget?: ConstructorParameters<typeof SyntaxTrees>[3]) {
  const documents = new DocumentStore();
  const trees = new SyntaxTrees(
    documents,
    () => maxBytes,
    () => createLogger('silent'),
    budget,
  );
  return { documents, trees };
}
