import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  addsSyntaxErrors,
  cursorContext,
  definitions,
  DocumentTree,
  enclosingBlock,
  ensureLanguage,
  imports,
  literalAt,
  nodePathAt,
  parseText,
  scopeChain,
} from '../../server/syntax/analysis';

async function withDoc<T>(languageId: string, uri: string, text: string, fn: (doc: DocumentTree) => T): Promise<T> {
  const doc = await DocumentTree.create(languageId, uri, text);
  try {
    return fn(doc);
  } finally {
    doc.dispose();
  }
}

test('plain text: every analysis answers empty and nothing throws', async () => {
  const logs: string[] = [];
  const text = 'PROCEDURE DIVISION.\n    DISPLAY "x(".\n';
  const doc = await DocumentTree.create('cobol', 'file:///a.cbl', text, { debug: (m) => logs.push(m) });
  try {
    for (let offset = 0; offset <= text.length; offset += 7) {
      assert.deepEqual(scopeChain(doc, offset), []);
      assert.equal(enclosingBlock(doc, offset), undefined);
      assert.equal(literalAt(doc, offset), undefined);
      const ctx = cursorContext(doc, offset);
      assert.deepEqual(
        { ...ctx, lineHasTextAfterCursor: false },
        {
          inString: false,
          inComment: false,
          emptyBlockBody: false,
          afterBlockOpener: false,
          midExpression: false,
          lineHasTextAfterCursor: false,
        },
      );
      assert.equal(addsSyntaxErrors(doc, offset, ')))'), false);
    }
    assert.equal(cursorContext(doc, 0).lineHasTextAfterCursor, true, 'plain text still knows its own line');
    assert.deepEqual(imports(doc), []);
    assert.deepEqual(definitions(doc), []);
    assert.equal(logs.length, 1, 'logged once, at create');
  } finally {
    doc.dispose();
  }
});

test('ensureLanguage loads once and reports a missing grammar through debug', async () => {
  const logs: string[] = [];
  const first = await ensureLanguage('go', 'file:///a.go');
  const again = await ensureLanguage('go', 'file:///b.go');
  assert.equal(first?.name, 'go');
  assert.equal(again, first);
  assert.equal(await ensureLanguage('fortran', 'file:///a.f90', (m) => logs.push(m)), undefined);
  assert.match(logs[0], /no grammar.*fortran/);
  const tree = parseText('go', 'package main\n');
  try {
    assert.equal(tree?.rootNode.type, 'source_file');
  } finally {
    tree?.delete();
  }
  assert.equal(parseText('never-loaded', 'x'), undefined);
});

test('nodePathAt runs from the root to the innermost node, also at the end of a line', async () => {
  await withDoc('python', 'file:///a.py', 'def f(x):\n    return x + 1\n', (doc) => {
    const tree = doc.tree()!;
    const end = doc.text.indexOf('1') + 1;
    const types = nodePathAt(tree, end).map((n) => n.type);
    assert.equal(types[0], 'module');
    assert.deepEqual(types.slice(-3), ['return_statement', 'binary_operator', 'integer']);
    const inName = nodePathAt(tree, 4).map((n) => n.type);
    assert.deepEqual(inName, ['module', 'function_definition', 'identifier']);
  });
});

test('cursor context on a CRLF line with emoji and CJK before the cursor', async () => {
  const text = 'function greet(name) {\r\n  const msg = "😀 你好 " + format(name, █);\r\n  return msg;\r\n}\r\n';
  const offset = text.indexOf('█');
  const clean = text.replace('█', '');
  await withDoc('javascript', 'file:///a.js', clean, (doc) => {
    const ctx = cursorContext(doc, offset);
    assert.equal(ctx.midExpression, true);
    assert.equal(ctx.inString, false);
    assert.equal(ctx.lineHasTextAfterCursor, true);
    assert.equal(ctx.afterBlockOpener, true);
    const [scope] = scopeChain(doc, offset);
    assert.equal(clean.slice(scope.start, scope.end), clean.slice(0, clean.lastIndexOf('}') + 1));
    assert.equal(scope.signature, 'function greet(name)');
    const inEmoji = clean.indexOf('你');
    assert.equal(literalAt(doc, inEmoji), 'string');
    assert.equal(literalAt(doc, clean.indexOf('" +') + 1), undefined, 'right after the closing quote');
  });
});

test('a closed block comment ends before the cursor; a line comment runs to the line end', async () => {
  const text = 'int a; /* note */\nint b; // tail\n';
  await withDoc('c', 'file:///a.c', text, (doc) => {
    assert.equal(literalAt(doc, text.indexOf('*/') + 2), undefined);
    assert.equal(literalAt(doc, text.indexOf('note')), 'comment');
    assert.equal(literalAt(doc, text.indexOf('tail') + 4), 'comment');
    assert.equal(cursorContext(doc, text.indexOf('tail') + 4).inComment, true);
  });
});

test('the scope chain survives a broken cursor line (error recovery would swallow the function)', async () => {
  const text = 'class Repo {\n  save(item) {\n    const key = hash(item.id,\n    this.items.set(key, item);\n  }\n}\n';
  const offset = text.indexOf('item.id,') + 'item.id,'.length;
  await withDoc('javascript', 'file:///a.js', text, (doc) => {
    assert.deepEqual(
      scopeChain(doc, offset).map((s) => `${s.kind} ${s.name}`),
      ['class Repo', 'method save'],
    );
    assert.equal(enclosingBlock(doc, offset)?.kind, 'method_definition');
    assert.equal(cursorContext(doc, offset).midExpression, true);
  });
});

test('definitions and imports are computed once per tree and handed out as copies', async () => {
  await withDoc('python', 'file:///a.py', 'import os\n\ndef f():\n    pass\n', (doc) => {
    const first = definitions(doc);
    first[0].name = 'changed';
    assert.equal(definitions(doc)[0].name, 'f');
    const text = 'import os\nimport sys\n\ndef g():\n    pass\n';
    doc.replaceText(text);
    assert.deepEqual(
      imports(doc).map((i) => i.text),
      ['import os', 'import sys'],
    );
    assert.deepEqual(
      definitions(doc).map((d) => d.name),
      ['g'],
    );
  });
});

test('imports with a range: any depth, only statements ending by its end; without: module level down to a fixed depth', async () => {
  const text =
    'import os\n\ndef f():\n    def g():\n        def h():\n            import json\n\nfrom a import (\n    b,\n)\nimport sys\n';
  await withDoc('python', 'file:///r.py', text, (doc) => {
    const texts = (list: { text: string }[]) => list.map((i) => i.text);
    assert.deepEqual(texts(imports(doc)), ['import os', 'from a import (\n    b,\n)', 'import sys']);
    const whole = text.length;
    assert.deepEqual(texts(imports(doc, { end: whole })), [
      'import os',
      'import json',
      'from a import (\n    b,\n)',
      'import sys',
    ]);
    // A statement that starts before the end but ends after it is left out.
    assert.deepEqual(texts(imports(doc, { end: text.indexOf('b,') })), ['import os', 'import json']);
    assert.deepEqual(imports(doc, { end: 0 }), []);
  });
});

test('an open document keeps its blanked-line view until the next edit; answers equal a one-off view', async () => {
  const text = 'class Shop:\n    def total(self, items):\n        x = sum(\n        return x\n';
  const doc = await DocumentTree.create('python', 'file:///shop.py', text);
  try {
    const offset = text.indexOf('sum(') + 4;
    // A SyntaxDocument that is not a DocumentTree takes the one-off path (parse, use, free).
    const oneOff = { grammarName: doc.grammarName, text: doc.text, tree: () => doc.tree() };
    const expected = scopeChain(oneOff, offset);
    assert.deepEqual(
      expected.map((s) => s.name),
      ['Shop', 'total'],
    );
    assert.deepEqual(scopeChain(doc, offset), expected);
    assert.deepEqual(scopeChain(doc, offset), expected, 'from the kept view');
    assert.deepEqual(enclosingBlock(doc, offset), enclosingBlock(oneOff, offset));
    // After an edit the old view is gone: the answer follows the new text.
    const renamed = text.replace('def total', 'def grand_total');
    doc.applyEdit(
      { startOffset: text.indexOf('total'), oldEndOffset: text.indexOf('total'), newText: 'grand_' },
      renamed,
    );
    assert.deepEqual(
      scopeChain(doc, offset + 6).map((s) => s.name),
      ['Shop', 'grand_total'],
    );
  } finally {
    doc.dispose();
  }
});
