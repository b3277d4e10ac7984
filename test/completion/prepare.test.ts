import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareDocument } from '../../server/completion/prepare';
import { DocumentStore } from '../../server/documents/store';
import { SyntaxTrees } from '../../server/documents/syntax-trees';
import { createLogger } from '../../server/log/logger';
import type { DocumentTree } from '../../server/syntax/document-tree';

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

test('a document parsed in the background is handed to listeners, and preparing it derives its definitions and imports', async () => {
  const documents = new DocumentStore();
  const trees = new SyntaxTrees(documents, () => 2_000_000, () => createLogger('silent'));
  const parsed: DocumentTree[] = [];
  trees.onBackgroundParse((doc) => parsed.push(doc));
  trees.onBackgroundParse(() => {
    throw new Error('a failing listener is logged, not fatal');
  });
  try {
    const entry = documents.open('file:///p.py', 'python', 1, 'import os\n\ndef area(r):\n    return 3.14 * r * r\n');
    const doc = (await trees.get(entry.uri))!;
    await turns(1);
    assert.deepEqual(parsed, [doc]);
    prepareDocument(doc);
    await turns(12);
    // Served from what preparation derived: computing again would throw.
    const fail = () => {
      throw new Error('not prepared');
    };
    assert.doesNotThrow(() => doc.cached('definitions', fail));
    assert.doesNotThrow(() => doc.cached('imports', fail));
    assert.equal(doc.stale, false);
    // Ordinary edits are parsed when a request asks, not in the background.
    documents.change(entry, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '#\n', 2);
    await turns(3);
    assert.equal(parsed.length, 1);
    assert.equal(doc.stale, true);
  } finally {
    trees.dispose();
  }
});
