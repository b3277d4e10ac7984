import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { definitionsSource, namesNearCursor, SHORT_DEFINITION_LINES } from '../../server/context/definitions';
import { importsSource } from '../../server/context/imports';
import { scopeSource } from '../../server/context/scope-outline';
import type { ContextDocument } from '../../server/context/snippet';
import { collect, TestDocs, withCursor } from './docs';

const docs = new TestDocs();
after(() => docs.dispose());

async function contextDoc(languageId: string, path: string, text: string): Promise<ContextDocument> {
  const d = await docs.open(languageId, `file:///w/${path}`, text);
  return { uri: d.uri, path, languageId, text, eol: '\n', syntax: d.doc };
}

describe('namesNearCursor', () => {
  it('orders names by their last use, nearest first, and sets the typed word apart', () => {
    const { text, offset } = withCursor('a = load(path)\nb = parse(a, strict)\nresult = rend<|cursor|>');
    const { names, partial } = namesNearCursor(text, offset);
    assert.equal(partial, 'rend');
    assert.deepEqual(
      names.map((n) => n.name),
      ['result', 'strict', 'a', 'parse', 'b', 'path', 'load'],
    );
  });
  it('marks member uses and skips keywords', () => {
    const { text, offset } = withCursor('for item in self.items:\n    return item.total(<|cursor|>');
    const { names, partial } = namesNearCursor(text, offset);
    assert.equal(partial, '');
    assert.deepEqual(names, [
      { name: 'total', member: true },
      { name: 'item', member: false },
      { name: 'items', member: true },
    ]);
  });
  it('has no typed word when the cursor is inside a word', () => {
    const { text, offset } = withCursor('x = comp<|cursor|>ute()');
    assert.equal(namesNearCursor(text, offset).partial, '');
  });
});

describe('definitionsSource', () => {
  const longClass = `class Repository:\n    """Stores things."""\n\n    def __init__(self, db):\n        self.db = db\n\n${Array.from(
    { length: SHORT_DEFINITION_LINES },
    (_, i) => `    def find_${i}(self, key: str) -> dict:\n        return self.db.get(${i}, key)\n`,
  ).join(
    '\n',
  )}\n\ndef connect(url: str, *, timeout: float = 5.0) -> "Repository":\n    return Repository(open_db(url, timeout))\n\n\nname = "repo"\n`;

  it('shows a long class as its header and member signatures', async () => {
    const repo = await contextDoc('python', 'store/repo.py', longClass);
    const { text, offset } = withCursor('def main():\n    r = Repository(<|cursor|>');
    const current: ContextDocument = {
      uri: 'file:///w/main.py',
      path: 'main.py',
      languageId: 'python',
      text,
      eol: '\n',
    };
    const [snippet, ...rest] = collect(definitionsSource, current, offset, 1000, { others: [repo] });
    assert.equal(rest.length, 0);
    assert.equal(snippet.path, 'store/repo.py');
    const lines = snippet.text.split('\n');
    assert.equal(lines[0], 'class Repository:');
    assert.equal(lines[1], '    def __init__(self, db):');
    assert.equal(lines[2], '    def find_0(self, key: str) -> dict:');
    assert.ok(!snippet.text.includes('return self.db.get'), 'bodies left out');
  });

  it('shows a short function whole and completes the typed word by prefix', async () => {
    const repo = await contextDoc('python', 'store/repo.py', longClass);
    const { text, offset } = withCursor('def main():\n    r = conn<|cursor|>');
    const current: ContextDocument = {
      uri: 'file:///w/main.py',
      path: 'main.py',
      languageId: 'python',
      text,
      eol: '\n',
    };
    const snippets = collect(definitionsSource, current, offset, 1000, { others: [repo] });
    assert.equal(
      snippets[0].text,
      'def connect(url: str, *, timeout: float = 5.0) -> "Repository":\n    return Repository(open_db(url, timeout))\n',
    );
    assert.equal(snippets[0].score, 1);
  });

  it('does not take a local variable for a field or a top-level name defined in the current file', async () => {
    const repo = await contextDoc('python', 'store/repo.py', longClass);
    const { text, offset } = withCursor('name = "local"\n\ndef main(db):\n    x = name\n    y = db\n    <|cursor|>');
    const current = await contextDoc('python', 'main.py', text);
    assert.deepEqual(collect(definitionsSource, current, offset, 1000, { others: [repo] }), []);
  });

  it('finds methods only for member uses', async () => {
    const repo = await contextDoc('python', 'store/repo.py', longClass);
    const member = withCursor('def main(r):\n    return r.find_3(<|cursor|>');
    const plain = withCursor('def main(r):\n    return find_3(<|cursor|>');
    const doc = (t: string): ContextDocument => ({
      uri: 'file:///w/main.py',
      path: 'main.py',
      languageId: 'python',
      text: t,
      eol: '\n',
    });
    const found = collect(definitionsSource, doc(member.text), member.offset, 1000, { others: [repo] });
    assert.equal(found.length, 1);
    assert.ok(found[0].text.startsWith('    def find_3(self, key: str) -> dict:'));
    assert.deepEqual(collect(definitionsSource, doc(plain.text), plain.offset, 1000, { others: [repo] }), []);
  });

  it('stays within its budget', async () => {
    const repo = await contextDoc('python', 'store/repo.py', longClass);
    const { text, offset } = withCursor('r = Repository(connect(<|cursor|>');
    const current: ContextDocument = {
      uri: 'file:///w/main.py',
      path: 'main.py',
      languageId: 'python',
      text,
      eol: '\n',
    };
    assert.equal(collect(definitionsSource, current, offset, 1000, { others: [repo] }).length, 2);
    assert.deepEqual(collect(definitionsSource, current, offset, 10, { others: [repo] }), []);
  });
});

describe('scope and import sources', () => {
  const marked = withCursor(
    `import os\nfrom a import (\n    b,\n    c,\n)\n\nclass Outer:\n    def method(\n        self,\n        value,\n    ):\n${'        x = 1\n'.repeat(30)}        return <|cursor|>\n`,
  );

  it('outlines the enclosing signatures above the window, tidied, innermost first when short', async () => {
    const doc = await contextDoc('python', 'm.py', marked.text);
    const windowStart = marked.text.indexOf('        x = 1');
    const [outline] = collect(scopeSource, doc, marked.offset, 100, { windowStart });
    assert.equal(outline.text, 'class Outer:\n    def method(self, value):\n');
    const [short] = collect(scopeSource, doc, marked.offset, 9, { windowStart });
    assert.equal(short.text, '    def method(self, value):\n');
    assert.equal(
      collect(scopeSource, doc, marked.offset, 8, { windowStart })[0].text,
      'class Outer:\n',
      'an outer line that fits when the inner does not',
    );
    assert.deepEqual(
      collect(scopeSource, doc, marked.offset, 100, { windowStart: 0 }),
      [],
      'nothing above a window that starts at the top',
    );
  });

  it('lists the whole import statements above the window', async () => {
    const doc = await contextDoc('python', 'm.py', marked.text);
    const [imports] = collect(importsSource, doc, marked.offset, 100, {
      windowStart: marked.text.indexOf('class Outer'),
    });
    assert.equal(imports.text, 'import os\nfrom a import (\n    b,\n    c,\n)\n\n');
    const [first] = collect(importsSource, doc, marked.offset, 100, { windowStart: marked.text.indexOf('from a') });
    assert.equal(first.text, 'import os\n\n');
  });

  it('render again for a wider window what it does not show itself, from what was found for the first window', async () => {
    const doc = await contextDoc('python', 'm.py', marked.text);
    const request = {
      current: doc,
      cursor: marked.offset,
      windowStart: marked.text.indexOf('        x = 1'),
      others: [],
      header: true,
    };
    const scope = scopeSource.collect(request, 100);
    assert.equal(
      scope
        .rerender?.(100, marked.text.indexOf('    def method'))
        .map((s) => s.text)
        .join(''),
      'class Outer:\n',
    );
    assert.deepEqual(scope.rerender?.(100, 0), []);
    const imports = importsSource.collect({ ...request, windowStart: marked.text.indexOf('from a') }, 100);
    assert.equal(imports.snippets[0].text, 'import os\n\n');
    // Looked up once, for the first window: statements below it stay out whatever window renders.
    assert.equal(imports.rerender?.(100, marked.text.length)[0].text, 'import os\n\n');
    assert.deepEqual(imports.rerender?.(100, 0), []);
  });
});
