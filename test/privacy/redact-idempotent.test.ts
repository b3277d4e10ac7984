import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactSecrets } from '../../server/privacy/redact';

test('redaction is idempotent: a second pass changes nothing', () => {
  const key = ['sk', 'proj', 'abcdefghijklmnopqrstuvwxyz0123456789ABCD'].join('-');
  const gh = ['ghp', 'abcdefghijklmnopqrstuvwxyz0123456789'].join('_');
  const text = `api_key = "${key}"\nOPENAI_API_KEY=${key}\ntoken: "${gh}"\npassword = "hunter2hunter2"\n`;
  const once = redactSecrets(text, { path: 'settings.py' });
  assert.ok(once.count >= 4);
  assert.doesNotMatch(once.text, /abcdefghij|hunter2/);
  const twice = redactSecrets(once.text, { path: 'settings.py' });
  assert.equal(twice.text, once.text);
  assert.equal(twice.count, 0);
});
