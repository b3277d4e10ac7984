import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeFromAnswer, proseFromAnswer, wrapProse } from '../../server/actions/answer';

test('code: the fenced block, without the prose around it', () => {
  assert.equal(
    codeFromAnswer('I simplified it as follows:\n```python\ndef f():\n    return 1\n```\nIt is shorter now.'),
    'def f():\n    return 1',
  );
});

test('code: the longest of several fenced blocks (not the usage example)', () => {
  const answer =
    'Install:\n```sh\npip install x\n```\nCode:\n```py\ndef f(a, b):\n    return a + b\n```\nUse:\n```py\nf(1, 2)\n```';
  assert.equal(codeFromAnswer(answer), 'def f(a, b):\n    return a + b');
});

test('code: an unclosed fence (answer cut at maxTokens) runs to the end; CRLF answers are normalised', () => {
  assert.equal(codeFromAnswer('```js\r\nfunction f() {\r\n  return 1;\r\n}'), 'function f() {\n  return 1;\n}');
});

test('code: a longer fence holds inner ``` lines; ~~~ fences work', () => {
  assert.equal(codeFromAnswer('````md\na\n```\nb\n```\n````'), 'a\n```\nb\n```');
  assert.equal(codeFromAnswer('~~~\nx = 1\n~~~'), 'x = 1');
});

test('code: bare code, with a lead-in sentence dropped', () => {
  assert.equal(codeFromAnswer('def f():\n    return 1\n'), 'def f():\n    return 1');
  assert.equal(codeFromAnswer('Here is the code:\ndef f():\n    return 1'), 'def f():\n    return 1');
});

test('prose: fences, Markdown emphasis and comment markers removed; blank runs collapsed', () => {
  assert.deepEqual(proseFromAnswer('\n# Adds **two** numbers.\n\n\n// Returns `a + b`.\n```\n'), [
    'Adds two numbers.',
    '',
    'Returns a + b.',
  ]);
});

test('prose wrapping keeps list items hanging and paragraphs apart', () => {
  assert.deepEqual(wrapProse(['one two three four five', '', '- alpha beta gamma'], 12), [
    'one two',
    'three four',
    'five',
    '',
    '- alpha beta',
    '  gamma',
  ]);
});
