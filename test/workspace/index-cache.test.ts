/**
 * The workspace index cache on disk (index-cache.ts), on real files in a temporary folder: a
 * restart takes unchanged files from it and parses changed ones; it never holds a secret planted
 * in an indexed file; it is private to the user; a corrupted, foreign or linked cache is ignored.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { FileStamp } from '../../server/privacy/guarded-reader';
import { buildWorkspaceIndex, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';
import {
  CACHE_SCHEMA,
  cacheFileFor,
  CacheWriter,
  grammarFingerprint,
  loadIndexCache,
  saveIndexCache,
} from '../../server/workspace/index-cache';

const CANARY = 'ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5';

function setup(files: Record<string, string>) {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-cache-')));
  const root = path.join(base, 'ws');
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const env = { XDG_CACHE_HOME: path.join(base, 'cache') };
  const file = cacheFileFor([root], env);
  return { base, root, file, remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}

const FILES = {
  'app/a.py': 'def alpha(x):\n    return x\n',
  'app/b.py': 'class Beta:\n    def run(self, n):\n        return n\n',
  'web/c.ts': 'export function gamma(items: number[]): number {\n  return items.length;\n}\n',
};

async function build(
  root: string,
  file: string,
  limits: { maxFileBytes?: number; isExcluded?: (p: string) => boolean } = {},
) {
  const index = new WorkspaceDefinitionIndex();
  const stamps = new Map<string, FileStamp>();
  const cache = await loadIndexCache(file, [root]);
  // As the server does: rows written while the index is built (redacted on the parsing thread).
  const cacheWriter = await CacheWriter.open(file, [root]);
  const stats = await buildWorkspaceIndex(index, [root], {
    maxFiles: 100,
    maxFileBytes: limits.maxFileBytes ?? 100_000,
    isExcluded: limits.isExcluded ?? (() => false),
    cache,
    stamps,
    cacheWriter,
  });
  await cacheWriter.commit();
  return { index, stats, cache };
}

test('a restart takes unchanged files from the cache and parses a changed one again', async () => {
  const ws = setup(FILES);
  try {
    const first = await build(ws.root, ws.file);
    assert.equal(first.stats.indexed, 3);
    assert.equal(first.stats.fromCache, 0);
    const second = await build(ws.root, ws.file);
    assert.equal(second.stats.indexed, 3);
    assert.equal(second.stats.fromCache, 3);
    assert.deepEqual(
      second.index.filesDefining('gamma').map((f) => f.path),
      [path.join(ws.root, 'web/c.ts')],
    );
    assert.equal(second.index.filesDefining('run')[0].definitions.find((d) => d.name === 'run')?.container, 'Beta');

    fs.writeFileSync(path.join(ws.root, 'app/a.py'), 'def alpha_renamed(x, y):\n    return x\n');
    const third = await build(ws.root, ws.file);
    assert.equal(third.stats.fromCache, 2);
    assert.deepEqual(third.index.filesDefining('alpha'), []);
    assert.equal(third.index.filesDefining('alpha_renamed').length, 1);
  } finally {
    ws.remove();
  }
});

test('a cached file now excluded or over the size cap is not served from the cache', async () => {
  const ws = setup(FILES);
  try {
    await build(ws.root, ws.file);
    const excluded = await build(ws.root, ws.file, { isExcluded: (p) => p.endsWith('a.py') });
    assert.deepEqual(excluded.index.filesDefining('alpha'), [], 'excluded since the cache was written');
    assert.equal(excluded.index.filesDefining('gamma').length, 1);
    await build(ws.root, ws.file);
    const capped = await build(ws.root, ws.file, { maxFileBytes: 40 });
    assert.deepEqual(capped.index.filesDefining('Beta'), [], 'b.py is over the new cap');
  } finally {
    ws.remove();
  }
});

test('a secret planted in an indexed file never reaches the cache; the cache is private to the user', async () => {
  const ws = setup({
    ...FILES,
    'app/settings.py': `GITHUB_TOKEN = "${CANARY}"\n\n\ndef connect(token="${CANARY}"):\n    return token\n`,
    'web/keys.ts': `import { client } from './client';\nexport const apiToken = '${CANARY}';\n`,
  });
  try {
    const { index } = await build(ws.root, ws.file);
    // The index in memory has the lines (the prompt gate masks them later); the cache must not.
    assert.ok(index.filesDefining('connect')[0].definitions.some((d) => d.line.includes(CANARY)));
    const dir = path.dirname(ws.file);
    const names = fs.readdirSync(dir);
    assert.deepEqual(names, [path.basename(ws.file)], 'no temporary file left behind');
    const stored = fs.readFileSync(ws.file, 'utf8');
    assert.match(stored, /def connect\(token=/, 'the definition is in the cache');
    assert.match(stored, /GITHUB_TOKEN/);
    for (const name of names)
      assert.ok(!fs.readFileSync(path.join(dir, name), 'utf8').includes(CANARY.slice(4)), `${name} holds the canary`);
    assert.equal(fs.statSync(ws.file).mode & 0o777, 0o600);
    // Writing a built index at once (saveIndexCache) redacts the same way.
    const stamps = new Map([...index.allFiles()].map((f) => [f.path, { mtimeMs: 1, size: 1 }]));
    assert.equal(await saveIndexCache(ws.file, [ws.root], index.allFiles(), stamps), index.size);
    assert.ok(!fs.readFileSync(ws.file, 'utf8').includes(CANARY.slice(4)));
    assert.match(fs.readFileSync(ws.file, 'utf8'), /def connect\(token=/);
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  } finally {
    ws.remove();
  }
});

test('a corrupted, foreign or linked cache is ignored, and the index is still right', async () => {
  const ws = setup(FILES);
  try {
    await build(ws.root, ws.file);
    const good = fs.readFileSync(ws.file, 'utf8');
    assert.equal((await loadIndexCache(ws.file, [ws.root])).size, 3);

    const cases: Array<[string, string]> = [
      ['cut in the middle of a line', good.slice(0, Math.floor(good.length / 2))],
      ['empty', ''],
      ['binary garbage', '\u0000\u00ff{{{'],
      ['another schema', good.replace(`"schema":${CACHE_SCHEMA}`, `"schema":${CACHE_SCHEMA + 1}`)],
      ['other grammars', good.replace(await grammarFingerprint(), 'f'.repeat(64))],
      ['other roots', good.replace(JSON.stringify([ws.root]), JSON.stringify(['/elsewhere']))],
    ];
    for (const [what, text] of cases) {
      fs.writeFileSync(ws.file, text);
      assert.equal((await loadIndexCache(ws.file, [ws.root])).size, 0, what);
      const rebuilt = await build(ws.root, ws.file);
      assert.equal(rebuilt.stats.fromCache, 0, what);
      assert.equal(rebuilt.index.filesDefining('alpha').length, 1, what);
    }

    // Entries that are wrong one by one: each is dropped, the others stay.
    const [header, ...rows] = fs.readFileSync(ws.file, 'utf8').trim().split('\n');
    const [a, b, c] = rows.map((r) => JSON.parse(r));
    const wrong = [
      { ...a, path: '/etc/passwd' },
      { ...b, definitions: 'not a list' },
      { ...c, definitions: [{ ...c.definitions[0], line: 'x'.repeat(5000) }] },
      { ...a, definitions: [{ ...a.definitions[0], name: 'planted_from_cache' }] },
    ];
    fs.writeFileSync(ws.file, [header, ...wrong.map((e) => JSON.stringify(e))].join('\n'));
    const loaded = await loadIndexCache(ws.file, [ws.root]);
    assert.deepEqual([...loaded.keys()], [a.path]);
    // A cache entry is only used when the file's stamp matches: an edited cache cannot outlive the file changing.
    fs.writeFileSync(path.join(ws.root, 'app/a.py'), 'def alpha(x, y, z):\n    return x\n');
    const rebuilt = await build(ws.root, ws.file);
    assert.deepEqual(rebuilt.index.filesDefining('planted_from_cache'), []);

    // A link where the cache file should be is not followed.
    fs.rmSync(ws.file);
    const elsewhere = path.join(ws.base, 'elsewhere.json');
    fs.writeFileSync(elsewhere, good);
    fs.symlinkSync(elsewhere, ws.file);
    assert.equal((await loadIndexCache(ws.file, [ws.root])).size, 0, 'a link');
  } finally {
    ws.remove();
  }
});
