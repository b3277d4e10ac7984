import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedent, fitCode, indentStyle, lineIndent, targetCode } from '../../server/actions/indentation';
import { documentEol, eolAt } from '../../server/text/lines';

test("the target is shown at column 0; the answer is put back at the target's indentation", () => {
  const text = 'class A:\n    def f(self):\n        return 1\n';
  const start = text.indexOf('def');
  assert.equal(targetCode(text, start, text.length - 1), 'def f(self):\n    return 1');
  assert.equal(lineIndent(text, start), '    ');
  assert.equal(
    fitCode('def f(self):\n    return 2', {
      indent: '    ',
      eol: '\n',
      style: indentStyle('def f(self):\n    return 1'),
    }),
    'def f(self):\n        return 2',
  );
});

test('an answer indented as a whole, with blank lines and trailing spaces, is normalised', () => {
  assert.equal(dedent('\n\n    def f():  \n\n        return 1\n\n'), 'def f():\n\n    return 1');
});

test('CRLF documents get CRLF between inserted lines and never a lone \\n; blank lines stay unindented', () => {
  const out = fitCode('a {\r\n  b\n\n  c\n}', { indent: '\t', eol: '\r\n', style: { tabs: false, width: 2 } });
  assert.equal(out, 'a {\r\n\t  b\r\n\r\n\t  c\r\n\t}');
  assert.equal(documentEol('x\r\ny\n'), '\r\n');
  assert.equal(documentEol('x\ny'), '\n');
  assert.equal(documentEol('single line'), '\n');
});

test("the line ending at a place is its own line's, else the one above's (mixed documents)", () => {
  const mixed = 'a\r\nb\nc';
  assert.equal(eolAt(mixed, 0), '\r\n');
  assert.equal(eolAt(mixed, 3), '\n');
  assert.equal(eolAt(mixed, mixed.length), '\n', 'the last line takes the break above it');
  assert.equal(eolAt('x\r\ny', 4), '\r\n');
  assert.equal(eolAt('no break', 3), '\n');
});

test('tabs and spaces follow the file, not the model', () => {
  const tabbed = indentStyle('func f() {\n\treturn 1\n}');
  assert.equal(tabbed.tabs, true);
  assert.equal(
    fitCode('func f() {\n    if x {\n        return 1\n    }\n}', { indent: '', eol: '\n', style: tabbed }),
    'func f() {\n\tif x {\n\t\treturn 1\n\t}\n}',
  );
  const spaces = indentStyle('def f():\n  return 1');
  assert.deepEqual(spaces, { tabs: false, width: 2 });
  assert.equal(fitCode('def f():\n\treturn 2', { indent: '', eol: '\n', style: spaces }), 'def f():\n  return 2');
});
