import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot, packageVersion } from '../../server/paths';
import { grammarEntries, grammarFor } from '../../server/syntax/registry';

const read = (rel: string) => fs.readFileSync(path.join(packageRoot(), 'contrib', rel), 'utf8');

test('contrib/mason/package.yaml installs this version from npm and links the arbor-ls binary', () => {
  const yaml = read('mason/package.yaml');
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    name: string;
    bin: Record<string, string>;
  };
  assert.match(yaml, /^name: arbor-ls$/m);
  assert.match(
    yaml,
    new RegExp(`^  id: pkg:npm/${pkg.name}@${packageVersion().replace(/\./g, '\\.')}$`, 'm'),
    'source.id is the version in package.json',
  );
  for (const bin of Object.keys(pkg.bin)) assert.match(yaml, new RegExp(`^  ${bin}: npm:${bin}$`, 'm'));
  assert.match(yaml, /^ {2}lspconfig: arbor_ls$/m);
});

test('contrib/nvim-lspconfig/lsp/arbor_ls.lua: every filetype has a grammar and every grammar a filetype', () => {
  const lua = read('nvim-lspconfig/lsp/arbor_ls.lua');
  assert.match(lua, /cmd = \{ 'arbor-ls', '--stdio' \}/);
  assert.match(lua, /root_markers = \{ '\.git' \}/);
  const block = /filetypes = \{([^}]*)\}/.exec(lua);
  assert.ok(block, 'filetypes list');
  const filetypes = [...block[1].matchAll(/'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(filetypes, [...filetypes].sort(), 'sorted');
  // Neovim sends the filetype as the LSP languageId.
  const covered = new Set<string>();
  for (const ft of filetypes) {
    const entry = grammarFor(ft);
    assert.ok(entry, `filetype ${ft} has no grammar (add it to a languageIds list in grammars/manifest.json)`);
    covered.add(entry.name);
  }
  // The TSX grammar serves typescriptreact; every other grammar needs its own filetype.
  assert.deepEqual(
    [...covered].sort(),
    grammarEntries()
      .map((e) => e.name)
      .sort(),
  );
});
