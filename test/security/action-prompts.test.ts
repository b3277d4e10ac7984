/**
 * Code-action prompts are judged as the text of the file they quote: a YAML `password:` in an
 * action on a YAML file is masked when the prompt is built (redactStable) and again at the gate
 * (redactModelInput with the input's redactHint), and the two passes agree.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildActionPrompt } from '../../server/actions/prompts';
import { redactStable } from '../../server/actions/secrets';
import { redactModelInput } from '../../server/privacy/redact';

const j = (...parts: string[]): string => parts.join('');
const PASSWORD = j('Hunter2', 'Yaml', 'Cnry');
const YAML = `db:\n  host: db.internal\n  password: ${PASSWORD}\n  pool: 5\n`;

function prompt(languageId: string, filePath: string) {
  const start = YAML.indexOf('  host');
  return buildActionPrompt(
    {
      action: 'explain',
      languageId,
      grammarName: undefined,
      filePath,
      text: YAML,
      target: { kind: 'block', name: 'db', start, end: YAML.length - 1 },
      scopes: [],
      diagnostics: [],
    },
    512,
  );
}

describe('code-action prompts carry their file as the redaction hint', () => {
  for (const [languageId, path] of [
    ['yaml', 'file:///w/config/db.yaml'],
    ['plaintext', 'file:///w/.kube/config'],
    ['kubeconfig', 'file:///w/kubeconfig'],
  ]) {
    it(`masks an unquoted YAML password in an action on ${path} (${languageId})`, () => {
      const hint = { path, languageId };
      const messages = prompt(languageId, path).messages;
      assert.ok(
        messages.some((m) => m.content.includes(PASSWORD)),
        'the prompt quotes the file',
      );
      const redacted = redactStable(messages, hint);
      const sent = JSON.stringify(redacted);
      assert.ok(!sent.includes(PASSWORD), sent);
      assert.ok(sent.includes('host: db.internal'), 'the rest of the file stays');
      // The gate sees the same input with the same hint: nothing more changes.
      const gate = redactModelInput({ kind: 'chat', messages: redacted, redactHint: hint });
      assert.equal(gate.kind, 'chat');
      if (gate.kind === 'chat') assert.deepEqual(gate.messages, redacted);
    });
  }

  it('the hint is not part of the messages sent', () => {
    const out = redactModelInput({
      kind: 'chat',
      messages: [{ role: 'user', content: 'x' }],
      redactHint: { path: 'a.yaml', languageId: 'yaml' },
    });
    assert.ok(out.kind === 'chat' && out.messages.every((m) => Object.keys(m).sort().join() === 'content,role'));
  });
});
