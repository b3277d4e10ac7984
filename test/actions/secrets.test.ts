import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskedSpans, redactStable, restoreSecrets } from '../../server/actions/secrets';
import { redactModelInput } from '../../server/privacy/redact';
import type { ChatMessage } from '../../server/model/input';

const SECRET = 'ghp_0123456789abcdefghijklmnopqrstuvwxyzAB';

function redact(messages: ChatMessage[]): ChatMessage[] {
  const out = redactModelInput({ kind: 'chat', messages });
  assert.equal(out.kind, 'chat');
  return out.kind === 'chat' ? out.messages : [];
}

test('a mask the model kept is put back; the secret itself never was in the prompt', () => {
  const messages: ChatMessage[] = [{ role: 'user', content: `token = "${SECRET}"\nuse(token)` }];
  const redacted = redact(messages);
  assert.ok(!redacted[0].content.includes(SECRET));
  const spans = maskedSpans(messages, redacted);
  assert.equal(spans.length, 1);
  const masked = /"(.*)"/.exec(redacted[0].content)![1];
  const result = restoreSecrets(`TOKEN = "${masked}"\nuse(TOKEN)`, spans, messages[0].content);
  assert.deepEqual(result, { code: `TOKEN = "${SECRET}"\nuse(TOKEN)`, leaked: false });
});

test('a mask the model altered is a leak: the edit must be refused', () => {
  const messages: ChatMessage[] = [{ role: 'user', content: `token = "${SECRET}"` }];
  const spans = maskedSpans(messages, redact(messages));
  assert.equal(restoreSecrets('token = "ghp_******"', spans, messages[0].content).leaked, true);
});

test('without secrets nothing is touched, even ****-runs the model wrote itself', () => {
  const messages: ChatMessage[] = [{ role: 'user', content: 'x = 1' }];
  assert.deepEqual(maskedSpans(messages, redact(messages)), []);
  assert.deepEqual(restoreSecrets('print("****")', [], 'x = 1'), { code: 'print("****")', leaked: false });
});

test('redaction is taken to its fixed point, so a second pass in the backend layer changes nothing', () => {
  const messages: ChatMessage[] = [
    { role: 'user', content: 'api_key = "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789"\nuse(api_key)' },
  ];
  const stable = redactStable(messages);
  assert.deepEqual(redact(stable), stable, 'another redaction pass is a no-op');
  const spans = maskedSpans(messages, stable);
  const shown = /"(.*)"/.exec(stable[0].content)![1];
  const result = restoreSecrets(`API_KEY = "${shown}"`, spans, messages[0].content);
  assert.deepEqual(result, { code: 'API_KEY = "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789"', leaked: false });
});

test('two secrets that look the same masked cannot be told apart: the answer is refused, not guessed', () => {
  const messages: ChatMessage[] = [{ role: 'user', content: 'password = "hunter2hunter2"\nsecret = "swordfish12345"' }];
  const stable = redactStable(messages);
  const [first, second] = [...stable[0].content.matchAll(/"(.*)"/g)].map((m) => m[1]);
  assert.equal(first.length === second.length && first === second, true, 'same mask for both');
  const spans = maskedSpans(messages, stable);
  assert.equal(restoreSecrets(`password = "${first}"`, spans, messages[0].content).leaked, true);
});
