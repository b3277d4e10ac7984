import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExclusionMatcher, DEFAULT_EXCLUDES } from '../../server/privacy/exclude';

const ws = ['file:///home/u/credentials-service'];

describe('createExclusionMatcher: built-in list', () => {
  const isExcluded = createExclusionMatcher([], ws);
  const excluded = [
    'file:///home/u/credentials-service/.env',
    'file:///home/u/credentials-service/.env.production',
    'file:///home/u/credentials-service/deploy/server.pem',
    'file:///home/u/credentials-service/tls/private.key',
    'file:///home/u/credentials-service/cert.p12',
    '/home/u/.ssh/id_rsa',
    '/home/u/.ssh/id_rsa.pub',
    '/home/u/.ssh/id_ed25519',
    'file:///home/u/credentials-service/.git/config',
    'file:///home/u/credentials-service/sub/.git/hooks/pre-commit',
    'file:///home/u/credentials-service/config/secrets.yaml',
    'file:///home/u/credentials-service/credentials.json',
    'file:///home/u/credentials-service/.npmrc',
    '/home/u/.netrc',
    'file:///home/u/credentials-service/SECRETS.JSON',
    'file:///home/u/credentials-service/secrets.d/db.conf',
    'C:\\Users\\u\\proj\\.env',
    'file:///c%3A/Users/u/proj/.env.local',
  ];
  for (const p of excluded) it(`excludes ${p}`, () => assert.equal(isExcluded(p), true));

  const allowed = [
    'file:///home/u/credentials-service/src/app.py',
    'file:///home/u/credentials-service/src/environment.ts',
    'file:///home/u/credentials-service/docs/keys.md',
    'file:///home/u/credentials-service/src/secret_santa.py',
    'file:///home/u/credentials-service/.github/workflows/ci.yml',
    'file:///home/u/credentials-service/.gitignore',
    '/tmp/credentials-tool/main.go',
    'untitled:Untitled-1',
  ];
  for (const p of allowed) it(`allows ${p}`, () => assert.equal(isExcluded(p), false));

  it('lists the defaults the setting documents', () => {
    for (const p of [
      '.env*',
      '*.pem',
      '*.key',
      'id_rsa*',
      'id_ed25519*',
      '*.p12',
      '.git/',
      'secrets.*',
      'credentials*',
      '.npmrc',
      '.netrc',
    ]) {
      assert.ok(DEFAULT_EXCLUDES.includes(p), p);
    }
  });
});

describe('createExclusionMatcher: configured globs', () => {
  const isExcluded = createExclusionMatcher(
    ['*.sqlite', 'config/prod/**', '/private/', '**/fixtures/*.{json,yml}', '# a comment', ''],
    ['/w'],
  );
  const table: [string, boolean][] = [
    ['/w/data/app.sqlite', true],
    ['/w/config/prod/db.yaml', true],
    ['/w/services/api/config/prod/db.yaml', true],
    ['/w/config/dev/db.yaml', false],
    ['/w/private/notes.txt', true],
    ['/w/src/private/notes.txt', false],
    ['/w/test/fixtures/a.json', true],
    ['/w/test/fixtures/a.ts', false],
    ['/w/src/index.ts', false],
  ];
  for (const [p, want] of table) it(`${p} → ${want}`, () => assert.equal(isExcluded(p), want));

  it('matches slash-less patterns against folder names only inside the workspace', () => {
    const m = createExclusionMatcher(['vendor'], ['/w']);
    assert.equal(m('/w/vendor/lib.js'), true);
    assert.equal(m('/elsewhere/vendor/lib.js'), false);
    assert.equal(m('/elsewhere/vendor'), true);
  });

  it('uses the innermost workspace folder', () => {
    const m = createExclusionMatcher(['/app/*.js'], ['/w', '/w/packages/x']);
    assert.equal(m('/w/packages/x/app/a.js'), true);
    assert.equal(m('/w/app/a.js'), true);
    assert.equal(m('/w/packages/app/a.js'), false);
  });
});
