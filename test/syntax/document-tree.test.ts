import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { INLINE_FIRST_PARSE_CHARS } from '../../server/documents/syntax-trees';
import { packageRoot } from '../../server/paths';
import { definitions } from '../../server/syntax/definitions';
import { DocumentTree } from '../../server/syntax/document-tree';
import { grammarEntries } from '../../server/syntax/registry';
import { parserFor, parseText } from '../../server/syntax/parser';
import { prng, safeOffset, treeShape } from './helpers';
import { storeWithTrees } from '../support/trees';

const INSERTS = [
  '😀',
  '中文',
  'e\u0301',
  '\r\n',
  '\n',
  '(',
  ')',
  '{',
  '}',
  '"',
  "'",
  'x = 1',
  ' ',
  'foo(bar, 😀)',
  '# 注\n',
  '日本語 🎉\r\n  ',
  '',
];

function freshShape(grammar: string, text: string): string[] {
  const tree = parseText(grammar, text);
  assert.ok(tree);
  try {
    return treeShape(tree);
  } finally {
    tree.delete();
  }
}

/** The fixture of each grammar, with emoji/CJK/combining marks mixed in; CRLF for every other grammar. */
function sampleFor(grammar: string, index: number): string {
  const dir = path.join(packageRoot(), 'test', 'fixtures', 'syntax', grammar);
  const file = fs
    .readdirSync(dir)
    .filter((f) => !f.endsWith('.json'))
    .sort()[0];
  let text = fs.readFileSync(path.join(dir, file), 'utf8').replace('█', '"😀 中文 e\u0301"');
  if (index % 2 === 0) text = text.replace(/\n/g, '\r\n');
  return text;
}

grammarEntries().forEach((entry, index) => {
  test(`${entry.name}: random edits through applyEdit re-parse to the same tree as a fresh parse`, async () => {
    const random = prng(1000 + index);
    let text = sampleFor(entry.name, index);
    const doc = await DocumentTree.create(entry.languageIds[0], `file:///sample${entry.extensions[0]}`, text);
    try {
      assert.ok(doc.tree(), 'parsed');
      for (let step = 0; step < 30; step++) {
        // One to three edits between parses: edits accumulate on the old tree like fast typing.
        for (let k = 1 + random(3); k > 0; k--) {
          const start = safeOffset(text, random(text.length + 1));
          const end = safeOffset(text, Math.min(text.length, start + random(12)));
          const newText = INSERTS[random(INSERTS.length)];
          text = text.slice(0, start) + newText + text.slice(Math.max(start, end));
          doc.applyEdit({ startOffset: start, oldEndOffset: Math.max(start, end), newText }, text);
        }
        const tree = doc.tree();
        assert.ok(tree);
        assert.equal(doc.text, text);
        assert.deepEqual(treeShape(tree), freshShape(entry.name, text), `step ${step}`);
      }
    } finally {
      doc.dispose();
    }
  });
});

test('edits are lazy: applyEdit does not parse, tree() parses once', async () => {
  const doc = await DocumentTree.create('python', 'file:///a.py', 'x = 1\n');
  try {
    const first = doc.tree();
    assert.equal(doc.tree(), first, 'no edit, same tree object');
    doc.applyEdit({ startOffset: 4, oldEndOffset: 5, newText: '2' }, 'x = 2\n');
    const second = doc.tree();
    assert.notEqual(second, first);
    assert.equal(second?.rootNode.text, 'x = 2\n');
    assert.equal(doc.tree(), second);
  } finally {
    doc.dispose();
  }
});

test('replaceText (a full-document change) gives the same tree as a fresh parse', async () => {
  const random = prng(7);
  const doc = await DocumentTree.create(
    'typescript',
    'file:///a.ts',
    'const a = 1;\r\nfunction f() { return "😀"; }\r\n',
  );
  try {
    let text = doc.text;
    for (let i = 0; i < 25; i++) {
      const at = safeOffset(text, random(text.length + 1));
      text = text.slice(0, at) + INSERTS[random(INSERTS.length)] + text.slice(at);
      if (i % 5 === 4) text = `// rewritten ${i}\n${text.slice(text.length >> 1)}`;
      doc.replaceText(text);
      assert.equal(doc.text, text);
      assert.deepEqual(treeShape(doc.tree()!), freshShape('typescript', text), `step ${i}`);
    }
  } finally {
    doc.dispose();
  }
});

test('an edit that does not match the text falls back to a full parse instead of a wrong tree', async () => {
  const logs: string[] = [];
  const doc = await DocumentTree.create('python', 'file:///a.py', 'x = 1\n', { debug: (m) => logs.push(m) });
  try {
    doc.tree();
    const text = 'def f():\n    return 2\n';
    doc.applyEdit({ startOffset: 0, oldEndOffset: 1, newText: 'y' }, text); // claims a 1-char change
    assert.deepEqual(treeShape(doc.tree()!), freshShape('python', text));
    assert.ok(logs.some((m) => m.includes('does not match')));
  } finally {
    doc.dispose();
  }
});

test('a document over maxBytes has no tree, and gets one back when it shrinks', async () => {
  const logs: string[] = [];
  const small = 'x = 1\n';
  const big = '# 日本語\n'.repeat(20); // 11 UTF-8 bytes a line, 7 code units
  const doc = await DocumentTree.create('python', 'file:///a.py', big, { maxBytes: 200, debug: (m) => logs.push(m) });
  try {
    assert.ok(big.length < 200 && Buffer.byteLength(big) > 200, 'limit is in bytes, not code units');
    assert.equal(doc.tree(), undefined);
    assert.equal(doc.plainTextReason, 'too-large');
    assert.ok(logs.some((m) => m.includes('over 200 bytes')));
    doc.applyEdit({ startOffset: 0, oldEndOffset: big.length, newText: small }, small);
    assert.equal(doc.tree()?.rootNode.text, small);
    assert.equal(doc.plainTextReason, undefined);
  } finally {
    doc.dispose();
  }
});

test('a language without a grammar is plain text: no tree, a reason, a debug line', async () => {
  const logs: string[] = [];
  const doc = await DocumentTree.create('cobol', 'file:///a.cbl', 'DISPLAY "HI".', { debug: (m) => logs.push(m) });
  try {
    assert.equal(doc.grammar, undefined);
    assert.equal(doc.grammarName, undefined);
    assert.equal(doc.tree(), undefined);
    assert.equal(doc.plainTextReason, 'no-grammar');
    doc.applyEdit({ startOffset: 0, oldEndOffset: 0, newText: '*> ' }, '*> DISPLAY "HI".');
    assert.equal(doc.text, '*> DISPLAY "HI".');
    assert.equal(doc.tree(), undefined);
    assert.ok(logs.some((m) => m.includes('no grammar') && m.includes('cobol')));
  } finally {
    doc.dispose();
  }
});

test('the grammar is found by file extension when the languageId is unknown', async () => {
  const doc = await DocumentTree.create('plaintext', 'file:///dir/main.rs?x=1', 'fn main() {}\n');
  try {
    assert.equal(doc.grammarName, 'rust');
    assert.equal(doc.tree()?.rootNode.type, 'source_file');
  } finally {
    doc.dispose();
  }
});

test('dispose frees the tree; the document stays usable as text', async () => {
  const doc = await DocumentTree.create('python', 'file:///a.py', 'x = 1\n');
  const tree = doc.tree();
  assert.ok(tree);
  doc.dispose();
  assert.equal(doc.tree(), undefined);
  assert.equal(doc.text, 'x = 1\n');
});

test('typing at the end of a line (the edit is widened over the line break) keeps the tree exact', async () => {
  for (const eol of ['\n', '\r\n']) {
    const lines = [
      'class A:',
      '    def f(self):',
      '        total = 0',
      '        return total',
      '',
      'def g():',
      '    return 1',
      '',
    ];
    let text = lines.join(eol);
    const doc = await DocumentTree.create('python', 'file:///a.py', text);
    try {
      doc.tree();
      const at = text.indexOf('return total') + 'return total'.length;
      for (const [insert, remove] of [
        ['x', 0],
        ['', 1],
        [' + 1', 0],
        ['', 4],
      ] as const) {
        const next = text.slice(0, at) + insert + text.slice(at + remove);
        doc.applyEdit({ startOffset: at, oldEndOffset: at + remove, newText: insert }, next);
        text = next;
        assert.deepEqual(treeShape(doc.tree()!), freshShape('python', text), JSON.stringify({ eol, insert, remove }));
      }
    } finally {
      doc.dispose();
    }
  }
});

test('a document opened in the store is parsed in the background; later edits wait for a request', async () => {
  const { documents, trees } = storeWithTrees();
  try {
    const entry = documents.open('file:///bg.py', 'python', 1, 'def f(x):\n    return x\n');
    const doc = (await trees.get(entry.uri))!;
    assert.equal(doc.stale, true, 'not parsed while the grammar was loading');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(doc.stale, false, 'parsed without anyone asking');
    documents.change(entry, { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, ' + 1', 2);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(doc.stale, true, 'edits are parsed lazily');
    assert.equal(doc.tree()?.rootNode.text, 'def f(x):\n    return x + 1\n');
  } finally {
    trees.dispose();
  }
});

test('past the tree budget only the documents used most recently keep their trees; the others answer definitions from memory', async () => {
  // Each document is 24 characters (28 after the edit): a budget of 60 holds two trees.
  const { documents, trees } = storeWithTrees(2_000_000, { editedChars: 60, openedChars: 60 });
  const holding = () => [0, 1, 2, 3].map((d) => trees.peek(`file:///m${d}.py`)?.holdsTree);
  const settle = () => trees.whenIdle();
  try {
    const entries = [0, 1, 2, 3].map((d) =>
      documents.open(`file:///m${d}.py`, 'python', 1, `def f${d}(x):\n    return x\n`),
    );
    for (const e of entries) await trees.get(e.uri);
    await settle();
    assert.deepEqual(holding(), [false, false, true, true], 'opened in order: the last two are kept');
    const released = trees.peek('file:///m0.py')!;
    assert.deepEqual(
      definitions(released).map((d) => d.name),
      ['f0'],
    );
    assert.equal(released.holdsTree, false, 'answered from what was derived before the release, without a parse');

    (await trees.get('file:///m0.py'))!.tree(); // a completion in m0
    assert.deepEqual(holding(), [true, false, false, true]);
    // An edit to a released document alone parses nothing (a file touched in passing); a completion there does.
    documents.change(entries[1], { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, ' + 1', 2);
    await settle();
    assert.deepEqual(
      holding(),
      [true, false, false, false],
      'm1 is worked in now: m3 gives its tree up; m1 is not parsed yet',
    );
    (await trees.ready('file:///m1.py'))!.tree();
    assert.deepEqual(holding(), [true, true, false, false]);
    assert.equal(trees.peek('file:///m1.py')!.tree()?.rootNode.text, 'def f1(x):\n    return x + 1\n');
  } finally {
    trees.dispose();
  }
});

test('documents someone edited keep their trees before documents that were only opened or looked at', async () => {
  // 24 characters per document, 28 after an edit: two edited documents fit editedChars; openedChars holds one tree.
  const { documents, trees } = storeWithTrees(2_000_000, { editedChars: 60, openedChars: 30 });
  const holding = () => [0, 1, 2, 3].map((d) => trees.peek(`file:///e${d}.py`)?.holdsTree);
  try {
    const entries = [0, 1, 2, 3].map((d) =>
      documents.open(`file:///e${d}.py`, 'python', 1, `def f${d}(x):\n    return x\n`),
    );
    for (const e of entries) await trees.get(e.uri);
    await trees.whenIdle();
    assert.deepEqual(holding(), [false, false, false, true], 'only the last opened one');
    for (const e of entries.slice(0, 2)) {
      documents.change(e, { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, ' + 1', 2);
      (await trees.get(e.uri))!.tree();
    }
    await trees.whenIdle();
    (await trees.get('file:///e2.py'))!.tree(); // looked at: the latest keeps its tree
    (await trees.get('file:///e3.py'))!.tree();
    assert.deepEqual(
      holding(),
      [true, true, false, true],
      'the two edited ones outlive e2, used more recently but never edited',
    );
  } finally {
    trees.dispose();
  }
});

test('a request gets a large document only once it is parsed (plain text until then); a small one waits for its first parse', async () => {
  const { documents, trees } = storeWithTrees();
  try {
    const large = documents.open(
      'file:///large.py',
      'python',
      1,
      'def f(x):\n    return x\n'.repeat(INLINE_FIRST_PARSE_CHARS / 20),
    );
    const small = documents.open('file:///small.py', 'python', 1, 'def g(y):\n    return y\n');
    assert.equal(await trees.ready(large.uri), undefined, 'not waited for');
    const smallDoc = await trees.ready(small.uri);
    assert.ok(smallDoc?.tree(), 'the small one is parsed for the request');
    await trees.whenIdle();
    const largeDoc = await trees.ready(large.uri);
    assert.ok(largeDoc?.holdsTree, 'parsed in the background meanwhile');
  } finally {
    trees.dispose();
  }
});

test('a released document edited meanwhile answers definitions from its last summary until it is parsed again', async () => {
  const doc = await DocumentTree.create('python', 'file:///stale.py', 'def f(x):\n    return x\n');
  try {
    assert.deepEqual(
      definitions(doc).map((d) => d.name),
      ['f'],
    );
    doc.releaseTree();
    doc.applyEdit(
      { startOffset: 0, oldEndOffset: 0, newText: 'def g():\n    pass\n' },
      'def g():\n    pass\ndef f(x):\n    return x\n',
    );
    assert.deepEqual(
      definitions(doc).map((d) => d.name),
      ['f'],
      'the summary from before the edit, without a parse',
    );
    assert.equal(doc.holdsTree, false);
    doc.refreshSummary();
    assert.deepEqual(
      definitions(doc).map((d) => d.name),
      ['g', 'f'],
    );
  } finally {
    doc.dispose();
  }
});

test('a background parse in slices resumes where it stopped, keeps going while the text is edited, and gives the tree a full parse gives', async () => {
  const text = 'def f(x):\n    return [x, {"k": x}]\n\n'.repeat(3000);
  const quiet = await DocumentTree.create('python', 'file:///quiet.py', text);
  let untouched = 1;
  while (!quiet.parseStep(0.5)) untouched++;
  quiet.dispose();
  assert.ok(untouched > 3, `the parse takes several slices (${untouched})`);

  const doc = await DocumentTree.create('python', 'file:///sliced.py', text);
  try {
    // An edit after every slice (someone typing while the file is first parsed): at the top, in the middle, a deletion.
    let current = text;
    const edit = (start: number, end: number, inserted: string) => {
      const next = current.slice(0, start) + inserted + current.slice(end);
      doc.applyEdit({ startOffset: start, oldEndOffset: end, newText: inserted }, next);
      current = next;
    };
    let steps = 1;
    while (!doc.parseStep(0.5) && steps < untouched * 4) {
      steps++;
      if (steps % 3 === 0) edit(0, 0, 'import os\n');
      else if (steps % 3 === 1) edit(current.length >> 1, current.length >> 1, 'y');
      else edit(current.length >> 2, (current.length >> 2) + 1, '');
    }
    assert.ok(
      steps <= untouched + 1,
      `edits did not start the parse over (${steps} slices, ${untouched} without edits)`,
    );
    assert.equal(doc.holdsTree, true);
    assert.equal(doc.stale, false, 'the tree is of the current text');
    const full = parseText('python', current)!;
    try {
      assert.equal(
        doc.tree()!.rootNode.toString(),
        full.rootNode.toString(),
        'the edits made during the slices are in the tree',
      );
    } finally {
      full.delete();
    }
  } finally {
    doc.dispose();
  }
});

test('a document whose parse ran out of time stays plain text: later edits do not parse again', async () => {
  // tree-sitter's error recovery is superlinear on this garbage: the parse hits PARSE_BUDGET_MS.
  const garbage = "]\n', total/* ß\n    \n\n".repeat(5000);
  const doc = await DocumentTree.create('go', 'file:///garbage.go', garbage);
  try {
    assert.equal(doc.tree(), undefined);
    assert.equal(doc.plainTextReason, 'too-slow');
    const parser = parserFor('go')!;
    const parse = parser.parse.bind(parser);
    let parses = 0;
    parser.parse = (...args: Parameters<typeof parse>) => {
      parses++;
      return parse(...args);
    };
    doc.applyEdit({ startOffset: 0, oldEndOffset: 0, newText: 'x' }, `x${garbage}`);
    assert.equal(doc.tree(), undefined);
    assert.equal(parses, 0, 'no second budget-long parse');
    parser.parse = parse;
  } finally {
    doc.dispose();
  }
});
