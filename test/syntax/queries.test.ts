import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { grammarByName, grammarEntries, grammarFor, grammarsDir, loadLanguage } from '../../server/syntax/registry';
import { getQuery, loadQuery, QUERY_KINDS, QueryLoadError } from '../../server/syntax/queries';

test('every grammar in the manifest has a folder with every query, and each compiles', async () => {
  const names = grammarEntries().map((e) => e.name);
  assert.deepEqual(names.sort(), [
    'bash',
    'c',
    'cpp',
    'csharp',
    'go',
    'java',
    'javascript',
    'lua',
    'php',
    'python',
    'ruby',
    'rust',
    'tsx',
    'typescript',
  ]);
  for (const entry of grammarEntries()) {
    await loadLanguage(entry);
    for (const kind of QUERY_KINDS) {
      assert.ok(fs.existsSync(path.join(grammarsDir(), entry.name, `${kind}.scm`)), `${entry.name}/${kind}.scm`);
      const query = getQuery(entry.name, kind);
      assert.ok(query && query.patternCount() > 0, `${entry.name}/${kind}.scm compiles to patterns`);
      assert.equal(getQuery(entry.name, kind), query, 'cached: one compile per process');
    }
  }
});

test('captures follow the naming convention of grammars/README.md', async () => {
  const allowed: Record<string, RegExp> = {
    blocks: /^(block|block\.body|block\.open|block\.close|opener|_.*)$/,
    scopes: /^(scope\.(function|method|class|module|namespace|impl|other|name|body)|_.*)$/,
    imports: /^(import|_.*)$/,
    definitions:
      /^(definition\.(function|method|class|interface|type|variable|constant|enum|module|other)|name|body|container|_.*)$/,
    'comments-strings': /^(comment|string|string\.interpolation|_.*)$/,
  };
  for (const entry of grammarEntries()) {
    await loadLanguage(entry);
    for (const kind of QUERY_KINDS) {
      for (const name of getQuery(entry.name, kind)!.captureNames)
        assert.match(name, allowed[kind], `${entry.name}/${kind}.scm: @${name}`);
    }
  }
});

test('languageIds and extensions from the issue map to the right grammar', () => {
  const cases: [string, string, string][] = [
    ['javascriptreact', 'a.jsx', 'javascript'],
    ['typescriptreact', 'a.tsx', 'tsx'],
    ['shellscript', 'a.sh', 'bash'],
    ['csharp', 'a.cs', 'csharp'],
    ['', 'file:///x/y.lua', 'lua'],
    ['', 'file:///x/y.hpp', 'cpp'],
  ];
  for (const [id, uri, name] of cases) assert.equal(grammarFor(id, uri)?.name, name, `${id} ${uri}`);
  assert.equal(grammarFor('cobol', 'a.cbl'), undefined);
});

function tempGrammars(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-grammars-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test('an invalid query fails with an error that names the file', async () => {
  await loadLanguage(grammarByName('python')!);
  const dir = tempGrammars({
    'python/scopes.scm': '(function_definition name: (no_such_node) @scope.name) @scope.function\n',
  });
  try {
    assert.throws(
      () => loadQuery('python', 'scopes', dir),
      (err: unknown) =>
        err instanceof QueryLoadError &&
        err.file === path.join(dir, 'python', 'scopes.scm') &&
        err.message.includes(err.file),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"; inherits: x" prepends x\'s query of the same kind; a missing parent is a clear error', async () => {
  await loadLanguage(grammarByName('python')!);
  const dir = tempGrammars({
    'base/imports.scm': '(import_statement) @import\n',
    'python/imports.scm': '; inherits: base\n(import_from_statement) @import\n',
    'python/scopes.scm': '; inherits: nowhere\n',
  });
  try {
    const query = loadQuery('python', 'imports', dir);
    try {
      assert.equal(query?.patternCount(), 2);
    } finally {
      query?.delete();
    }
    assert.throws(() => loadQuery('python', 'scopes', dir), /inherits "nowhere"/);
    assert.equal(loadQuery('python', 'blocks', dir), undefined, 'no file: no query');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tsx holds only what it adds to typescript', async () => {
  await loadLanguage(grammarByName('typescript')!);
  await loadLanguage(grammarByName('tsx')!);
  for (const kind of QUERY_KINDS)
    assert.equal(getQuery('tsx', kind)!.patternCount(), getQuery('typescript', kind)!.patternCount(), kind);
});
