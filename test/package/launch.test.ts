import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot, serverDir } from '../../server/paths';
import { loadInChunks } from '../../server/launch';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-launch-'));
}

test('a module loaded in pieces runs as require() would run it: hashbang, relative require, __dirname, exports', () => {
  const dir = tempDir();
  try {
    fs.writeFileSync(path.join(dir, 'helper.js'), 'module.exports = { twice: (n) => n * 2 };\n');
    const padding = `// ${'x'.repeat(200)}\n`.repeat(2000); // ~400 KB: several 64 KiB pieces
    const file = path.join(dir, 'big.js');
    fs.writeFileSync(
      file,
      `#!/usr/bin/env node\n'use strict';\n${padding}const { twice } = require('./helper');\nmodule.exports = { four: twice(2), dir: __dirname, file: __filename, text: 'a\\u2192b' };\n`,
    );
    assert.deepEqual(loadInChunks(file), { four: 4, dir, file, text: 'a→b' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is not ASCII is read whole, its characters intact, even across a piece boundary', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'utf8.js');
    // The three bytes of the arrow straddle the 64 KiB boundary.
    const head = `//${'y'.repeat(64 * 1024 - 4)}\n`;
    fs.writeFileSync(file, `${head}module.exports = '→ 👋';\n`);
    assert.equal(Buffer.byteLength(head), 64 * 1024 - 1);
    assert.equal(loadInChunks(file), '→ 👋');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an error in a module loaded in pieces names its file and line', () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'throws.js');
    fs.writeFileSync(file, `${'\n'.repeat(41)}throw new Error('boom');\n`);
    assert.throws(
      () => loadInChunks(file),
      (err: Error) => err.message === 'boom' && (err.stack ?? '').includes(`${file}:42`),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the built cli.js is the launcher, and it starts the bundled server beside it', (t) => {
  const bundle = path.join(serverDir(), 'cli.bundle.js');
  if (!fs.existsSync(bundle)) return t.skip('no bundle: built with tsc only (npm run build bundles)');
  const cli = fs.readFileSync(path.join(serverDir(), 'cli.js'), 'utf8');
  assert.match(cli, /loadInChunks\(path\.join\(__dirname, 'cli\.bundle\.js'\)\)/);
  assert.ok(cli.length < 10_000, 'cli.js is the small launcher, not the bundle');
  const version = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
  assert.equal(
    execFileSync(process.execPath, [path.join(serverDir(), 'cli.js'), '--version'], { encoding: 'utf8' }).trim(),
    version,
  );
});
