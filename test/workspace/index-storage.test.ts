/**
 * How the index stores what it is given (definition-index.ts): files defining a name come back in
 * path order whatever order they were added or re-added in; removals keep that order; the compact
 * copy of each definition keeps every field, including ones this module does not name.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type IndexedFile, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';

const file = (p: string, names: string[]): IndexedFile => ({
  path: p,
  grammar: 'python',
  definitions: names.map((name, i) => ({
    name,
    kind: 'function',
    line: `def ${name}():`,
    start: i * 10,
    end: i * 10 + 9,
  })),
  imports: [],
});

test('files defining a name come in path order, through adds, re-adds and removals', () => {
  const index = new WorkspaceDefinitionIndex();
  for (const p of ['/w/m.py', '/w/c.py', '/w/x.py', '/w/a.py', '/w/k.py'])
    index.set(file(p, ['shared', `only_${p.slice(3, 4)}`]));
  const paths = () => index.filesDefining('shared').map((f) => f.path);
  assert.deepEqual(paths(), ['/w/a.py', '/w/c.py', '/w/k.py', '/w/m.py', '/w/x.py']);
  index.set(file('/w/c.py', ['shared', 'shared'])); // re-indexed, the name twice in it
  assert.deepEqual(paths(), ['/w/a.py', '/w/c.py', '/w/k.py', '/w/m.py', '/w/x.py']);
  index.remove('/w/k.py');
  index.remove('/w/a.py');
  assert.deepEqual(paths(), ['/w/c.py', '/w/m.py', '/w/x.py']);
  index.set(file('/w/m.py', ['other']));
  index.remove('/w/x.py');
  assert.deepEqual(paths(), ['/w/c.py']);
  index.remove('/w/c.py');
  assert.deepEqual(paths(), []);
  assert.deepEqual(
    index.filesDefining('only_m').map((f) => f.path),
    [],
  );
  assert.deepEqual(
    index.filesDefining('other').map((f) => f.path),
    ['/w/m.py'],
  );
});

test('a stored definition keeps its fields, the container and fields added elsewhere', () => {
  const index = new WorkspaceDefinitionIndex();
  const entry = file('/w/a.py', ['run']);
  Object.assign(entry.definitions[0], { container: 'Job', exported: true });
  index.set(entry);
  assert.deepEqual(index.file('/w/a.py')!.definitions[0], {
    name: 'run',
    kind: 'function',
    line: 'def run():',
    start: 0,
    end: 9,
    container: 'Job',
    exported: true,
  });
});
