import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeActionParams, startSession, titles } from './support/session';

const PY = [
  'import os',
  '',
  'class Greeter:',
  '    def greet(self, name):',
  '        return "hello " + name',
  '',
  '    def todo(self):',
  '        # TODO: say goodbye',
  '        pass',
  '',
  'x = 1',
  '',
].join('\n');

test('listing offers the built-in actions for the method at the cursor, with data and no edit', {
  timeout: 60000,
}, async () => {
  const s = await startSession();
  try {
    const uri = 'file:///proj/greeter.py';
    s.client.open(uri, PY, 'python');
    const at = PY.indexOf('return');
    const diagnostic = {
      range: { start: { line: 4, character: 15 }, end: { line: 4, character: 22 } },
      message: 'Operator "+" not supported',
      source: 'pyright',
    };
    const actions = await s.client.call(
      'textDocument/codeAction',
      codeActionParams(uri, PY, at, at, 'utf-16', { diagnostics: [diagnostic] }),
    );
    assert.deepEqual(titles(actions), [
      'Fix with AI: Operator "+" not supported',
      'Improve greet',
      'Document greet',
      'Explain greet',
      'Write tests for greet',
    ]);
    for (const a of actions) {
      assert.equal(a.edit, undefined);
      assert.equal(a.command, undefined);
      assert.equal(a.data.uri, uri);
      assert.equal(a.data.version, 1);
    }
    assert.equal(actions[0].kind, 'quickfix.arbor.fix');
    assert.deepEqual(actions[0].diagnostics, [diagnostic]);
    assert.equal(actions[1].kind, 'refactor.rewrite.arbor.improve');
    const greet = PY.indexOf('def greet');
    assert.deepEqual(actions[1].data.target, {
      kind: 'method',
      name: 'greet',
      start: greet,
      end: PY.indexOf('\n', PY.indexOf('return')),
      outerEnd: PY.indexOf('pass') + 4,
    });
    assert.equal(s.model.completions().length, 0, 'listing never calls the model');
  } finally {
    await s.close();
  }
});
