import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACTION_KINDS, kindAllowed } from '../../server/actions/catalog';
import { ActionDataError, parseActionData } from '../../server/actions/data';
import { testFileUri } from '../../server/actions/test-files';

const GOOD = {
  uri: 'file:///a.py',
  version: 3,
  action: 'improve',
  target: { kind: 'function', name: 'f', start: 0, end: 10, outerEnd: 10 },
};

test('action data round-trips through JSON and is checked on the way back', () => {
  assert.deepEqual(parseActionData(JSON.parse(JSON.stringify(GOOD))), GOOD);
  const bad: unknown[] = [
    undefined,
    'x',
    { ...GOOD, uri: 1 },
    { ...GOOD, version: '3' },
    { ...GOOD, action: 'delete-everything' },
    { ...GOOD, target: { ...GOOD.target, end: -1 } },
    { ...GOOD, target: { ...GOOD.target, start: 11 } },
    { ...GOOD, target: { ...GOOD.target, kind: 'galaxy' } },
    { ...GOOD, action: 'custom' },
    { ...GOOD, action: 'fix' },
    { ...GOOD, diagnostics: [{ start: 0, end: 1 }] },
  ];
  for (const value of bad) assert.throws(() => parseActionData(value), ActionDataError, JSON.stringify(value));
});

test('kind filter: hierarchical prefixes at dot boundaries', () => {
  assert.ok(kindAllowed(ACTION_KINDS.improve, undefined));
  assert.ok(kindAllowed(ACTION_KINDS.improve, []));
  assert.ok(kindAllowed(ACTION_KINDS.improve, ['']));
  assert.ok(kindAllowed(ACTION_KINDS.improve, ['refactor']));
  assert.ok(kindAllowed(ACTION_KINDS.improve, ['refactor.rewrite.arbor.improve']));
  assert.ok(!kindAllowed(ACTION_KINDS.improve, ['refactor.rewrite.arbor.impl']));
  assert.ok(!kindAllowed(ACTION_KINDS.fix, ['refactor', 'source']));
});

test("test file names follow each language's convention", () => {
  assert.equal(testFileUri('file:///p/src/app.py', 'python'), 'file:///p/src/test_app.py');
  assert.equal(testFileUri('file:///p/src/app.ts', 'typescript'), 'file:///p/src/app.test.ts');
  assert.equal(testFileUri('file:///p/src/my%20app.js', 'javascript'), 'file:///p/src/my%20app.test.js');
  assert.equal(testFileUri('file:///p/pkg/sum.go', 'go'), 'file:///p/pkg/sum_test.go');
  assert.equal(testFileUri('file:///p/src/shape.java', 'java'), 'file:///p/src/ShapeTest.java');
  assert.equal(testFileUri('file:///p/src/lib.rs', 'rust'), undefined, 'Rust tests live in the file');
  assert.equal(testFileUri('untitled:Untitled-1', 'python'), undefined);
  assert.equal(testFileUri('file:///p/notes.txt', undefined), undefined);
});
