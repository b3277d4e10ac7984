import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DocumentTree } from '../../server/syntax/document-tree';
import { addsSyntaxErrors, countErrors, errorRanges } from '../../server/syntax/errors';
import { parseText } from '../../server/syntax/parser';
import { grammarByName, loadLanguage } from '../../server/syntax/registry';

async function withDoc<T>(languageId: string, text: string, fn: (doc: DocumentTree) => T): Promise<T> {
  const doc = await DocumentTree.create(languageId, `file:///t.${languageId}`, text);
  try {
    return fn(doc);
  } finally {
    doc.dispose();
  }
}

test('errorRanges reports ERROR and MISSING nodes in JS offsets, optionally within a range', async () => {
  await loadLanguage(grammarByName('javascript')!);
  const text = 'const 😀a = [1, 2;\nlet ok = 1;\nfoo(;\n';
  const tree = parseText('javascript', text);
  assert.ok(tree);
  try {
    const all = errorRanges(tree);
    assert.ok(all.length >= 2, JSON.stringify(all));
    for (const e of all) assert.ok(e.start >= 0 && e.end <= text.length && e.start <= e.end);
    assert.equal(countErrors(tree), all.length);
    const lastLine = text.indexOf('foo(');
    const tail = errorRanges(tree, { start: lastLine, end: text.length });
    assert.ok(tail.length >= 1 && tail.every((e) => e.end >= lastLine), JSON.stringify(tail));
    assert.ok(tail.length < all.length);
  } finally {
    tree.delete();
  }
  const clean = parseText('javascript', 'let ok = 1;\n');
  try {
    assert.equal(countErrors(clean!), 0);
  } finally {
    clean?.delete();
  }
});

test('addsSyntaxErrors ignores errors elsewhere in the file', async () => {
  const text = 'def broken(:\n    pass\n\n\ndef f(x):\n    return x\n';
  const at = text.indexOf('return x') + 'return x'.length;
  await withDoc('python', text, (doc) => {
    assert.ok(countErrors(doc.tree()!) > 0, 'the file already has an error');
    assert.equal(addsSyntaxErrors(doc, at, ' + 1'), false);
    assert.equal(addsSyntaxErrors(doc, at, ' + (1'), true);
  });
});

test('addsSyntaxErrors with replaceEnd judges the replaced text, not the old one', async () => {
  const text = 'function f() {\n  return g(1, 2);\n}\n';
  const from = text.indexOf('g(1, 2)');
  const to = from + 'g(1, 2)'.length;
  await withDoc('javascript', text, (doc) => {
    assert.equal(addsSyntaxErrors(doc, from, 'h(3)', to), false);
    assert.equal(addsSyntaxErrors(doc, from, 'h(3', to), true);
    assert.equal(addsSyntaxErrors(doc, from, 'h + ', to), true, '"return h + ;"');
    assert.equal(addsSyntaxErrors(doc, from, 'h + ', from), false, '"return h + g(1, 2);"');
  });
});

test('addsSyntaxErrors leaves the document and its tree untouched', async () => {
  const text = 'x = [1, 2]\n';
  await withDoc('python', text, (doc) => {
    const before = doc.tree()!.rootNode.toString();
    addsSyntaxErrors(doc, 5, ']]]');
    assert.equal(doc.text, text);
    assert.equal(doc.tree()!.rootNode.toString(), before);
  });
});

test('finishing the line at an incomplete cursor is fine even when the block stays open', async () => {
  const text = 'if (ready) {\n  start(';
  await withDoc('javascript', text, (doc) => {
    assert.ok(countErrors(doc.tree()!) > 0, 'incomplete at the cursor');
    assert.equal(addsSyntaxErrors(doc, text.length, '1);'), false, 'only the MISSING "}" of the open block remains');
    assert.equal(addsSyntaxErrors(doc, text.length, '1));'), true, 'one ")" too many');
  });
  const py = 'total = compute(alpha, ';
  await withDoc('python', py, (doc) => {
    assert.equal(addsSyntaxErrors(doc, py.length, 'beta)'), false);
    assert.equal(addsSyntaxErrors(doc, py.length, 'beta))'), true);
  });
});

test('addsSyntaxErrors works on CRLF text with emoji before the cursor', async () => {
  const text = 'const s = "😀😀";\r\nconst t = [s, \r\n';
  await withDoc('javascript', text, (doc) => {
    const at = text.indexOf('[s, ') + 4;
    assert.equal(addsSyntaxErrors(doc, at, '"中"];'), false);
    assert.equal(addsSyntaxErrors(doc, at, '"中"]];'), true);
  });
});

test('without a grammar (or not loaded) addsSyntaxErrors answers false instead of throwing', async () => {
  await withDoc('cobol', 'DISPLAY "HI".', (doc) => assert.equal(addsSyntaxErrors(doc, 0, '((('), false));
  assert.equal(addsSyntaxErrors({ grammarName: 'no-such-grammar', text: 'x' }, 0, '((('), false);
});
