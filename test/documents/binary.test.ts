import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksBinary } from '../../server/documents/binary';

test('looksBinary: text with a stray NUL is text; mostly control bytes are binary', () => {
  assert.equal(looksBinary(''), false);
  assert.equal(looksBinary('def f():\n\treturn 1\r\n\f\x1b[0m'), false);
  assert.equal(looksBinary('const a = 1;\u0000  return a;\n'.repeat(3)), false, 'a few ^@ from an omnifunc insertion');
  assert.equal(
    looksBinary('\x7fELF\x02\x01\x01\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\x02\u0000>\u0000'),
    true,
  );
  assert.equal(looksBinary('x = 1\u0000\u0000\u0000\ny = \u0000abc\nz = '), true, 'four NULs in 22 characters');
  // Only the first 8192 characters are sampled.
  assert.equal(looksBinary('a'.repeat(8192) + '\u0000'.repeat(10000)), false);
});
