import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { type BundleManifest, bundleGrammars, packageNameOf } from '../../scripts/package/bundle-grammars';
import { packageRoot } from '../../server/paths';
import { grammarEntries, shippedWasmDir, wasmPath } from '../../server/syntax/registry';

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** Every file the manifest lists is there, with the recorded checksum and size, and is the official package's file. */
function verify(dir: string): BundleManifest {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as BundleManifest;
  assert.deepEqual(
    manifest.grammars.map((g) => g.name),
    grammarEntries().map((e) => e.name),
    'one entry per grammar, in manifest order',
  );
  for (const g of manifest.grammars) {
    const file = path.join(dir, g.file);
    assert.equal(sha256(file), g.sha256, `${g.file}: sha256`);
    assert.equal(fs.statSync(file).size, g.bytes, `${g.file}: size`);
    const official = require.resolve(g.source, { paths: [packageRoot()] });
    assert.equal(sha256(official), g.sha256, `${g.file} is a copy of ${g.source}`);
    assert.equal(g.package, packageNameOf(g.source));
    const lock = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version: string }>;
    };
    assert.equal(g.version, lock.packages[`node_modules/${g.package}`].version, `${g.package}: the locked version`);
  }
  assert.deepEqual(
    fs.readdirSync(dir).sort(),
    [...manifest.grammars.map((g) => g.file), 'manifest.json'].sort(),
    'nothing else in the folder',
  );
  return manifest;
}

test('bundle-grammars copies each wasm grammar with its package, version and sha256', () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-wasm-'));
  try {
    fs.writeFileSync(path.join(out, 'removed-language.wasm'), 'stale');
    const manifest = bundleGrammars(out);
    assert.equal(manifest.grammars.length, grammarEntries().length);
    assert.deepEqual(verify(out), manifest);
    const lua = manifest.grammars.find((g) => g.name === 'lua');
    assert.equal(lua?.package, '@tree-sitter-grammars/tree-sitter-lua');
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test('the shipped copies in grammars/wasm (made by prepare) match their manifest, and the registry loads them', (t) => {
  const dir = shippedWasmDir();
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) {
    t.skip('grammars/wasm not bundled in this checkout (run npm run prepare)');
    return;
  }
  verify(dir);
  for (const entry of grammarEntries()) assert.equal(wasmPath(entry), path.join(dir, `${entry.name}.wasm`));
});

test('packageNameOf: scoped and unscoped grammar packages', () => {
  assert.equal(packageNameOf('tree-sitter-python/tree-sitter-python.wasm'), 'tree-sitter-python');
  assert.equal(
    packageNameOf('@tree-sitter-grammars/tree-sitter-lua/tree-sitter-lua.wasm'),
    '@tree-sitter-grammars/tree-sitter-lua',
  );
});
