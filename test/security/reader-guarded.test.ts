/**
 * The file reading under the offline engine's walk (walker.readTextFile, which goes through the
 * guarded reader): real files in a temp dir, each case a file that must not be read as it was
 * before the guarded reader: swapped for a link between listing and reading, a FIFO, a device
 * behind a link, a sparse 1.5 GB file, a folder swapped for a link out of the workspace.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { listWorkspaceFiles, readTextFile } from '../../server/workspace/walker';

let base: string;
let root: string;
let outside: string;
const SECRET = 'aws_secret_access_key = OUTSIDE_CANARY_8f3e1c';

before(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-reader-'));
  root = path.join(base, 'ws');
  outside = path.join(base, 'home', '.aws');
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'config.py'), `${SECRET}\n`);
});
after(() => fs.rmSync(base, { recursive: true, force: true }));

/** Resolves with the read's result, or with 'timeout' when it has not settled after `ms`. */
async function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)));
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

test('a file swapped for a symlink between listing and reading is not read through the link', async () => {
  const file = path.join(root, 'src', 'swapped.py');
  fs.writeFileSync(file, 'def ordinary():\n    return 1\n');
  const listed = await listWorkspaceFiles([root], { maxFiles: 100, isExcluded: () => false });
  assert.ok(listed.includes(file), 'listed as a regular file');
  fs.rmSync(file);
  fs.symlinkSync(path.join(outside, 'config.py'), file);
  const text = await readTextFile(file, 100_000);
  assert.equal(text, undefined, `read through the link: ${JSON.stringify(text)}`);
  fs.rmSync(file);
});

test('a folder swapped for a symlink out of the workspace after listing: its files are not read', async () => {
  const dir = path.join(root, 'pkg');
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'config.py'), 'x = 1\n');
  const listed = await listWorkspaceFiles([root], { maxFiles: 100, isExcluded: () => false });
  assert.ok(listed.includes(path.join(dir, 'config.py')));
  fs.rmSync(dir, { recursive: true });
  fs.symlinkSync(outside, dir);
  try {
    const text = await readTextFile(path.join(dir, 'config.py'), 100_000, [root]);
    assert.equal(text, undefined, `read outside the workspace: ${JSON.stringify(text)}`);
  } finally {
    fs.rmSync(dir);
  }
});

test('a file swapped for a FIFO after listing: the read returns at once, nothing blocks', {
  timeout: 10_000,
}, async () => {
  const file = path.join(root, 'src', 'pipe.py');
  fs.writeFileSync(file, 'x = 1\n');
  const listed = await listWorkspaceFiles([root], { maxFiles: 100, isExcluded: () => false });
  assert.ok(listed.includes(file));
  fs.rmSync(file);
  execFileSync('mkfifo', [file]);
  try {
    const started = Date.now();
    const result = await within(readTextFile(file, 100_000), 2000);
    assert.notEqual(result, 'timeout', 'the read blocked on the FIFO');
    assert.equal(result, undefined);
    assert.ok(Date.now() - started < 1000);
  } finally {
    // Unblocks a reader stuck on the FIFO (the code before the guarded reader), so the test process can exit.
    try {
      const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      fs.closeSync(fd);
    } catch {
      // no reader waiting
    }
    fs.rmSync(file, { force: true });
  }
});

test('a symlink to a character device (/dev/zero) and a sparse 1.5 GB file are refused without reading them', {
  timeout: 10_000,
}, async () => {
  const zero = path.join(root, 'src', 'zero.py');
  fs.symlinkSync('/dev/zero', zero);
  const huge = path.join(root, 'src', 'huge.py');
  const fd = fs.openSync(huge, 'w');
  fs.ftruncateSync(fd, 1.5 * 1024 ** 3);
  fs.closeSync(fd);
  try {
    for (const file of [zero, huge]) {
      const started = Date.now();
      // A cap as high as the configuration allows (10 MB): the reader's own checks must still hold.
      const result = await within(readTextFile(file, 10_000_000), 1000);
      assert.equal(result, undefined, file);
      assert.ok(Date.now() - started < 500, `${file} took ${Date.now() - started} ms`);
    }
  } finally {
    fs.rmSync(zero);
    fs.rmSync(huge);
  }
});

test('procfs files are not read: their size says 0, their content is unbounded', { timeout: 10_000 }, async () => {
  // /proc/self/pagemap grows to gigabytes; /proc/self/environ holds the server's secrets.
  for (const file of ['/proc/self/pagemap', '/proc/self/environ']) {
    const result = await within(readTextFile(file, 100_000, ['/proc']), 2000);
    assert.equal(result, undefined, file);
  }
});
