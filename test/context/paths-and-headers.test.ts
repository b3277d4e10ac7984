import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commentSyntax } from '../../server/syntax/lexical-rules';
import { commentLine } from '../../server/text/languages';
import { definedHere } from '../../server/context/definitions';
import { displayPath, toSlashPath, workspaceRelative } from '../../server/workspace-path';

describe('workspace paths', () => {
  it('decodes file URIs and normalises Windows paths', () => {
    assert.equal(toSlashPath('file:///home/u/my%20proj/a.py'), '/home/u/my proj/a.py');
    assert.equal(toSlashPath('file:///C%3A/Users/u/a.py'), 'c:/Users/u/a.py');
    assert.equal(toSlashPath('C:\\Users\\u\\a.py'), 'c:/Users/u/a.py');
    assert.equal(toSlashPath('untitled:Untitled-1'), 'untitled:Untitled-1');
  });
  it('is relative to the innermost workspace folder, by URI or path', () => {
    const folders = ['file:///w', '/w/packages/api/'];
    assert.equal(workspaceRelative('file:///w/packages/api/src/x.ts', folders), 'src/x.ts');
    assert.equal(workspaceRelative('/w/README.md', folders), 'README.md');
    assert.equal(workspaceRelative('/wx/a.ts', folders), undefined);
    assert.equal(displayPath('file:///elsewhere/a.ts', folders), '/elsewhere/a.ts');
    assert.equal(displayPath('file:///c%3A/w/a.ts', ['c:\\w']), 'a.ts');
  });
});

describe('comment headers', () => {
  it('uses the language comment syntax, by languageId then extension', () => {
    assert.equal(commentLine(commentSyntax('python')!, 'Path: a.py'), '# Path: a.py');
    assert.equal(commentLine(commentSyntax('typescript')!, 'Path: a.ts'), '// Path: a.ts');
    assert.equal(commentLine(commentSyntax('lua')!, 'Path: a.lua'), '-- Path: a.lua');
    assert.equal(commentLine(commentSyntax('html')!, 'Path: a.html'), '<!-- Path: a.html -->');
    assert.equal(commentLine(commentSyntax('unknown-lang', 'src/a.rb')!, 'x'), '# x');
    assert.equal(commentSyntax('plaintext', 'notes.txt'), undefined);
  });
  it('keeps a header on one line', () => {
    assert.equal(commentLine(commentSyntax('python')!, 'Path: a\nb.py'), '# Path: a b.py');
  });
});

describe('definedHere', () => {
  const text =
    'name = 1\nclass User:\n    config = 2\n\ndef make():\n    pass\nexport const Foo = 1\nfunction* gen() {}\nif x == y: pass\nTOKEN: str = "a"\ndefname()\nlet $el = 3\n';
  it('finds names after definition keywords and top-level assignments', () => {
    assert.deepEqual([...definedHere(text, ['name', 'User', 'make', 'Foo', 'gen', 'TOKEN', '$el'])].sort(), [
      '$el',
      'Foo',
      'TOKEN',
      'User',
      'gen',
      'make',
      'name',
    ]);
  });
  it('ignores uses, comparisons, indented assignments and partial words', () => {
    assert.deepEqual([...definedHere(text, ['config', 'x', 'y', 'def', 'ame', 'pass'])], []);
  });
});
