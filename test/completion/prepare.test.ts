import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prepareDocument, WhenIdle } from '../../server/completion/prepare';
import { preparationSteps } from '../../server/context/assemble';
import { lineTokens } from '../../server/context/line-tokens';
import type { DocumentTree } from '../../server/syntax/document-tree';
import { storeWithTrees } from '../support/trees';

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
};

test('a document parsed in the background is handed to listeners, and preparing it derives its definitions and imports', async () => {
  const { documents, trees } = storeWithTrees();
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

test('WhenIdle prepares a document once it has been left alone, once per pause; closing cancels', async () => {
  const prepared: string[] = [];
  // Margins of hundreds of ms: timers run late on a loaded machine (this failed with 10-30 ms ones).
  const idle = new WhenIdle((uri) => prepared.push(uri), 300);
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  idle.edited('a');
  await wait(50);
  idle.edited('a'); // still typing: the pause starts again
  idle.edited('b');
  await wait(100);
  assert.deepEqual(prepared, []);
  idle.forget('b'); // closed
  await wait(600);
  assert.deepEqual(prepared, ['a']);
});

test('preparation steps compute the words and definitions other documents read, kept for the exact text', async () => {
  const { documents, trees } = storeWithTrees();
  try {
    const text = 'def area(r):\n    return 3.14 * r * r\n';
    const entry = documents.open('file:///shapes.py', 'python', 1, text);
    const doc = (await trees.get(entry.uri))!;
    const input = { uri: entry.uri, languageId: 'python', text, doc };
    const steps = preparationSteps(input, []);
    for (const step of steps) step();
    const words = lineTokens({ uri: entry.uri, text });
    assert.ok(words.vocab.has('area'));
    // The definition index was built from the document's definitions, which are now kept.
    assert.doesNotThrow(() =>
      doc.cached('definitions', () => {
        throw new Error('definitions were not derived');
      }),
    );
    for (const step of preparationSteps(input, [])) step();
    assert.equal(lineTokens({ uri: entry.uri, text }), words, 'computed once per text');
  } finally {
    trees.dispose();
  }
});

test('a document too large to parse is not prepared (no whole-file lexing in the background)', async () => {
  const { documents, trees } = storeWithTrees(1000);
  try {
    const entry = documents.open('file:///big.py', 'python', 1, 'def f(x):\n    return x\n'.repeat(100));
    const doc = (await trees.get(entry.uri))!;
    await turns(1);
    assert.equal(doc.plainTextReason, 'too-large');
    prepareDocument(doc);
    await turns(12);
    let computed = false;
    doc.cached('definitions', () => (computed = true));
    assert.equal(computed, true, 'nothing was derived ahead of need');
  } finally {
    trees.dispose();
  }
});
