/** The offline engine's completions from a small corpus. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CompletionQuery, CorpusIndex } from '../../../server/backends/local/corpus-index';

const ROUTES = [
  "import { router } from './router';",
  '',
  "router.get('/users', listUsers);",
  "router.get('/orders', listOrders);",
  "router.post('/users', createUser);",
  '',
].join('\n');

function query(prefix: string, over: Partial<CompletionQuery> = {}): CompletionQuery {
  return { prefix, suffix: '', languageId: 'typescript', maxChars: 400, choices: 1, ...over };
}

function indexWith(files: Record<string, string>): CorpusIndex {
  const index = new CorpusIndex();
  for (const [path, text] of Object.entries(files)) index.addWorkspaceFile(path, text);
  return index;
}

test('continues a pattern seen in another file, to the end of the line', () => {
  const index = indexWith({ '/w/routes.ts': ROUTES, '/w/other.ts': 'export const x = 1;\n' });
  assert.deepEqual(index.suggest(query("import { router } from './router';\nrouter.get('/users', ")), ['listUsers);']);
});

test('a partly typed word is completed, not repeated', () => {
  const index = indexWith({ '/w/routes.ts': ROUTES });
  assert.deepEqual(index.suggest(query("router.get('/orders', list")), ['Orders);']);
});

test('spacing after the last token is taken from the source when the cursor is right after it', () => {
  const index = indexWith({ '/w/a.ts': 'call(first, second);\n' });
  assert.deepEqual(index.suggest(query('call(first,')), [' second);']);
  assert.deepEqual(index.suggest(query('call(first, ')), ['second);']);
});

test('at the end of a line: the next line, re-indented to the cursor line', () => {
  const index = indexWith({ '/w/a.ts': 'function f() {\n\tsetup();\n\trun(1);\n}\n' });
  assert.deepEqual(index.suggest(query('class A {\n  m() {\n    setup();')), ['\n    run(1);']);
});

test('after a block opener: the whole block, re-indented, up to its closing line', () => {
  const source =
    'export function handle(req) {\n    if (!req.user) {\n        return deny(req);\n    }\n    return next(req);\n}\n';
  const index = indexWith({ '/w/h.ts': source });
  // The source indents by 4: the body goes 4 deeper than the cursor's opener line, the closer level with it.
  assert.deepEqual(index.suggest(query('  if (!req.user) {')), ['\n      return deny(req);\n  }']);
  // Cursor already on the block's first line: from there to the block's end.
  assert.deepEqual(index.suggest(query('  if (!req.user) {\n      ')), ['return deny(req);\n  }']);
});

test('a closer already after the cursor still gets the block', () => {
  const index = indexWith({ '/w/h.ts': 'if (ok) {\n  go();\n}\n' });
  assert.deepEqual(index.suggest(query('if (ok) {', { suffix: '}\nmore();' })), ['\n  go();\n}']);
});

test('python: after a colon, the indented block', () => {
  const source = 'def area(r):\n    pi = 3.14\n    return pi * r * r\n\nprint(area(2))\n';
  const index = indexWith({ '/w/geo.py': source });
  assert.deepEqual(index.suggest(query('class C:\n    def area(r):\n        ', { languageId: 'python' })), [
    'pi = 3.14\n        return pi * r * r',
  ]);
});

test('the most frequent continuation wins among equally long matches', () => {
  const index = indexWith({
    '/w/a.ts': 'log.info(message);\n',
    '/w/b.ts': 'log.info(message);\n',
    '/w/c.ts': 'log.info(other);\n',
  });
  assert.deepEqual(index.suggest(query('log.info(', { choices: 2 })), ['message);', 'other);']);
});

test('the cursor’s own document does not propose the text already after the cursor', () => {
  const index = new CorpusIndex();
  const prefix = 'const unique = compute(';
  const suffix = 'input);\n';
  index.setDocument('file:///w/current.ts', prefix + suffix);
  assert.deepEqual(index.suggest(query(prefix, { suffix })), []);
  // Elsewhere in the same document, the same context is fair game.
  index.setDocument('file:///w/current.ts', `const unique = compute(seed);\n${prefix}${suffix}`);
  assert.deepEqual(index.suggest(query(`const unique = compute(seed);\n${prefix}`, { suffix })), ['seed);']);
});

test('an open document replaces its workspace copy; removeDocument forgets it', () => {
  const index = indexWith({ '/w/a.ts': 'setMode(oldMode);\n' });
  index.setDocument('file:///w/a.ts', 'setMode(newMode);\n');
  assert.deepEqual(index.suggest(query('x();\nsetMode(')), ['newMode);']);
  index.addWorkspaceFile('/w/a.ts', 'setMode(staleMode);\n'); // the walk must not override the editor
  assert.deepEqual(index.suggest(query('x();\nsetMode(')), ['newMode);']);
  index.removeDocument('file:///w/a.ts');
  assert.deepEqual(index.suggest(query('x();\nsetMode(')), []);
  assert.equal(index.has('/w/a.ts'), false);
});

test('a closed document stays indexed with its last text', () => {
  const index = new CorpusIndex();
  index.setDocument('file:///w/b.ts', 'configure(fastMode);\n');
  index.closeDocument('file:///w/b.ts');
  assert.equal(index.has('/w/b.ts'), true);
  assert.deepEqual(index.suggest(query('x();\nconfigure(')), ['fastMode);']);
});

test('excluded documents are never indexed, whoever feeds them', () => {
  const index = new CorpusIndex({ isExcluded: (p) => p.endsWith('.env') });
  index.setDocument('file:///w/.env', 'API_KEY=sk-live-123\n');
  index.addWorkspaceFile('/w/prod.env', 'API_KEY=sk-live-456\n');
  assert.equal(index.has('file:///w/.env'), false);
  assert.equal(index.has('/w/prod.env'), false);
  assert.deepEqual(index.suggest(query('x\nAPI_KEY=')), []);
});

test('nothing alike in the corpus → no proposal', () => {
  const index = indexWith({ '/w/a.ts': ROUTES });
  assert.deepEqual(index.suggest(query('zebra giraffe(')), []);
  assert.deepEqual(new CorpusIndex().suggest(query('')), []);
});

test('proposals respect maxChars', () => {
  const index = indexWith({ '/w/a.ts': `say(${'x'.repeat(100)});\n` });
  const [text] = index.suggest(query('y;\nsay(', { maxChars: 10 }));
  assert.equal(text, 'x'.repeat(10));
});

test('the index keeps finding every document as it grows past several rehashes', () => {
  const index = new CorpusIndex();
  for (let i = 0; i < 3000; i++)
    index.addWorkspaceFile(`/w/f${i}.ts`, `export const value${i} = compute(${i}, 'file${i}');\n`);
  assert.deepEqual(index.suggest(query('x;\nexport const value17 = compute(')), ["17, 'file17');"]);
  assert.deepEqual(index.suggest(query('x;\nexport const value2999 = compute(')), ["2999, 'file2999');"]);
  assert.equal(index.stats().documents, 3000);
});
