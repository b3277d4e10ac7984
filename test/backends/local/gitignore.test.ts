/** .gitignore semantics used by the workspace walk. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isIgnored, parseGitignore } from '../../../server/workspace/gitignore';

const root = parseGitignore(
  ['# comment', '', '*.log', '!keep.log', '/generated/', 'tmp/', 'docs/**/*.draft', 'build-*', '\\#literal'].join('\n'),
  '/w',
);

const cases: Array<[string, boolean, boolean]> = [
  ['/w/app.log', false, true],
  ['/w/src/deep/app.log', false, true],
  ['/w/keep.log', false, false],
  ['/w/generated', true, true],
  ['/w/src/generated', true, false],
  ['/w/tmp', true, true],
  ['/w/src/tmp', true, true],
  ['/w/tmp', false, false],
  ['/w/docs/a/b/c.draft', false, true],
  ['/w/docs/c.draft', false, true],
  ['/w/other/c.draft', false, false],
  ['/w/build-x', true, true],
  ['/w/#literal', false, true],
  ['/w/src/main.ts', false, false],
  ['/elsewhere/app.log', false, false],
];

for (const [path, isDir, expected] of cases) {
  test(`${path}${isDir ? '/' : ''} → ${expected ? 'ignored' : 'kept'}`, () => {
    assert.equal(isIgnored([root], path, isDir), expected);
  });
}

test('a nested .gitignore applies below its folder only, after the outer one', () => {
  const nested = parseGitignore('local.txt\n!important.log\n', '/w/sub');
  assert.equal(isIgnored([root, nested], '/w/sub/local.txt', false), true);
  assert.equal(isIgnored([root, nested], '/w/local.txt', false), false);
  assert.equal(isIgnored([root, nested], '/w/sub/important.log', false), false, 'the inner negation wins');
  assert.equal(isIgnored([root, nested], '/w/sub/other.log', false), true);
});
