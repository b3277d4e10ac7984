import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { definedHere } from '../../server/context/defined-here';
import { analyseFile, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';
import { importInfo } from '../../server/workspace/import-resolution';

test('require() binds an import, not a local definition (JavaScript)', () => {
  const text = "const Thing = require('./thing');\nconst other = 3;\nlet x = Thing;\n";
  assert.deepEqual([...definedHere(text, ['Thing', 'other', 'x'])].sort(), ['other', 'x']);
});

test('Python imports resolve against the package and the workspace folders', () => {
  const file = '/w/pkg/sub/app.py';
  const info = importInfo(
    'python',
    file,
    [
      'from .shapes import make_widget, Widget as W',
      'from ..util import helper',
      'from pkg.mod import thing',
      'import pkg.other',
    ],
    ['/w'],
  );
  // Names as the file uses them; an alias leads back to the imported name.
  assert.deepEqual(info.names, ['make_widget', 'W', 'helper', 'thing']);
  assert.equal(info.aliases.get('W'), 'Widget');
  for (const want of [
    '/w/pkg/sub/shapes.py',
    '/w/pkg/util.py',
    '/w/pkg/mod.py',
    '/w/pkg/other.py',
    '/w/pkg/other/__init__.py',
  ])
    assert.ok(info.candidates.includes(want), want);
});

test('TS/JS imports resolve relative specifiers with extensions and index files', () => {
  const info = importInfo(
    'typescript',
    '/w/src/main.ts',
    [
      "import { a, type B, c as d } from './lib/math';",
      "import Def from '../x.js';",
      "const Thing = require('./thing');",
      "import React from 'react';",
    ],
    ['/w'],
  );
  assert.deepEqual(info.names, ['a', 'B', 'd', 'Def', 'Thing', 'React']);
  assert.equal(info.aliases.get('d'), 'c');
  for (const want of ['/w/src/lib/math.ts', '/w/src/lib/math/index.ts', '/w/x.ts', '/w/src/thing.js'])
    assert.ok(info.candidates.includes(want), want);
  assert.ok(!info.candidates.some((c) => c.includes('react')));
});

test('the index keeps header lines only, by name, in path order; require bindings are not definitions', async () => {
  const index = new WorkspaceDefinitionIndex();
  const b = await analyseFile(
    '/w/b.py',
    'def helper(a, b):\n    secret_body = 1\n    return a\n\nclass K:\n    def m(self):\n        pass\n',
  );
  const a = await analyseFile('/w/a.js', "const helper = require('./h');\nfunction helper2(x) {\n  return x;\n}\n");
  index.set(b!);
  index.set(a!);
  assert.deepEqual(
    index.filesDefining('helper').map((f) => f.path),
    [path.resolve('/w/b.py')],
  );
  assert.equal(index.file('/w/b.py')!.definitions.find((d) => d.name === 'helper')!.line, 'def helper(a, b):');
  assert.ok(!JSON.stringify(index.file('/w/b.py')).includes('secret_body'), 'no bodies');
  assert.deepEqual(
    index
      .file('/w/b.py')!
      .definitions.filter((d) => d.container === 'K')
      .map((d) => d.line),
    ['    def m(self):'],
  );
  index.remove('/w/b.py');
  assert.deepEqual(index.filesDefining('helper'), []);
  assert.equal(index.filesDefining('helper2').length, 1);
});

test('top-level definitions and members are listed apart, and both leave with their file', async () => {
  const index = new WorkspaceDefinitionIndex();
  const files = {
    '/w/a.py': 'def run(x):\n    return x\n',
    '/w/b.py': 'class Job:\n    def run(self):\n        pass\n',
    '/w/c.py': 'def run():\n    pass\n\nclass Task:\n    def run(self):\n        pass\n',
  };
  for (const [file, text] of Object.entries(files)) index.set((await analyseFile(file, text))!);
  const r = (p: string) => path.resolve(p);
  assert.deepEqual(index.pathsDefining('run', 'top'), [r('/w/a.py'), r('/w/c.py')]);
  assert.deepEqual(index.pathsDefining('run', 'member'), [r('/w/b.py'), r('/w/c.py')]);
  assert.deepEqual(
    index.filesDefining('run').map((f) => f.path),
    [r('/w/a.py'), r('/w/b.py'), r('/w/c.py')],
  );
  index.remove('/w/c.py');
  assert.deepEqual(index.pathsDefining('run', 'top'), [r('/w/a.py')]);
  assert.deepEqual(index.pathsDefining('run', 'member'), [r('/w/b.py')]);
  assert.deepEqual(index.pathsDefining('Task', 'top'), []);
});

test('names bound to whole modules are known with their candidate files', () => {
  const py = importInfo('python', '/w/pkg/app.py', ['from . import events, futures as f', 'import json'], ['/w']);
  assert.ok(py.modules.get('events')!.includes('/w/pkg/events.py'));
  assert.ok(py.modules.get('f')!.includes('/w/pkg/futures.py'));
  assert.ok(py.modules.get('json')!.includes('/w/pkg/json.py'));
  const js = importInfo(
    'javascript',
    '/w/lib/a.js',
    ["const foo_1 = require('./foo');", "import * as ns from './ns';"],
    ['/w'],
  );
  assert.ok(js.modules.get('foo_1')!.includes('/w/lib/foo.js'));
  assert.ok(js.modules.get('ns')!.includes('/w/lib/ns.ts'));
});
