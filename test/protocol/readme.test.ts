import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SCHEMA } from '../../server/config/schema';
import { packageRoot } from '../../server/paths';

test('README documents every configuration key and the two commands', () => {
  const readme = fs.readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
  for (const key of Object.keys(SCHEMA))
    assert.ok(readme.includes(`\`${key}\``), `README.md lacks configuration key ${key}`);
  assert.match(readme, /npm ci && npm run demo/);
  assert.match(readme, /npm test/);
});

test("README's configuration table is the one the schema makes (npm run config-table rewrites it)", async () => {
  const { withConfigReference } = await import('../../scripts/config-reference.js');
  const readme = fs.readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
  assert.equal(withConfigReference(readme), readme);
});
