/** The guarded reader's own limits: the cap is exact, the roots are real paths, refusals carry a reason. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { readWorkspaceFile } from '../../server/privacy/guarded-reader';

test('a file of exactly maxBytes is read, one byte more is refused; roots may be URIs; outside and excluded say so', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-reader-limits-'));
  try {
    const ws = path.join(base, 'ws');
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(ws, 'ten.txt'), '0123456789');
    fs.writeFileSync(path.join(base, 'outside.txt'), 'outside');
    fs.writeFileSync(path.join(ws, '.npmrc'), '//registry/:_authToken=x');
    const roots = [pathToFileURL(ws).href];
    assert.deepEqual(await readWorkspaceFile(path.join(ws, 'ten.txt'), { roots, maxBytes: 10 }), {
      ok: true,
      text: '0123456789',
      realPath: path.join(fs.realpathSync(ws), 'ten.txt'),
    });
    assert.deepEqual(await readWorkspaceFile(path.join(ws, 'ten.txt'), { roots, maxBytes: 9 }), {
      ok: false,
      reason: 'too-large',
    });
    assert.deepEqual(await readWorkspaceFile(path.join(ws, '..', 'outside.txt'), { roots, maxBytes: 100 }), {
      ok: false,
      reason: 'outside',
    });
    assert.deepEqual(await readWorkspaceFile(path.join(ws, 'nope.txt'), { roots, maxBytes: 100 }), {
      ok: false,
      reason: 'missing',
    });
    assert.deepEqual(await readWorkspaceFile(ws, { roots, maxBytes: 100 }), { ok: false, reason: 'not-regular' });
    assert.deepEqual(
      await readWorkspaceFile(path.join(ws, '.npmrc'), {
        roots,
        maxBytes: 100,
        isExcluded: createExclusionMatcher([], [ws]),
      }),
      { ok: false, reason: 'excluded' },
    );
    // A link inside the workspace to an excluded file inside the workspace: refused as a link, never followed.
    fs.symlinkSync(path.join(ws, '.npmrc'), path.join(ws, 'settings.txt'));
    assert.deepEqual(await readWorkspaceFile(path.join(ws, 'settings.txt'), { roots, maxBytes: 100 }), {
      ok: false,
      reason: 'symlink',
    });
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
