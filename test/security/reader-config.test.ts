/** The reading limits in the configuration: local.maxFileBytes has an upper bound, local.allowHomeRoot is a boolean. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validate } from '../../server/config/validate';

test('local.maxFileBytes above 10 MB is refused; at 10 MB it is accepted', () => {
  const huge = validate({ local: { maxFileBytes: 2_000_000_000 } });
  assert.ok(
    huge.problems.some((p) => p.key === 'local.maxFileBytes'),
    JSON.stringify(huge),
  );
  assert.equal((huge.values as Record<string, unknown>)['local.maxFileBytes'], undefined);
  const ok = validate({ local: { maxFileBytes: 10_000_000 } });
  assert.deepEqual(ok.problems, []);
});

test('local.allowHomeRoot is a known boolean key', () => {
  assert.deepEqual(validate({ local: { allowHomeRoot: true } }).problems, []);
  assert.ok(validate({ local: { allowHomeRoot: 'yes' } }).problems.some((p) => p.key === 'local.allowHomeRoot'));
});
