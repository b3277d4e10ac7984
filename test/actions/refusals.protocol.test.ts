import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applied,
  codeActionParams,
  fencedAnswer,
  notificationsOf,
  promptOf,
  showMessages,
  startSession,
} from './support/session';

const PY = 'def area(w, h):\n    result = w * h\n    return result\n';
const URI = 'file:///proj/area.py';

async function improve(s: Awaited<ReturnType<typeof startSession>>, uri = URI, text = PY) {
  const actions = await s.client.call('textDocument/codeAction', codeActionParams(uri, text, text.indexOf('result')));
  const action = actions.find((a: { title: string }) => a.title.startsWith('Improve'));
  assert.ok(action, 'Improve is offered');
  return action;
}

test('a document edited after listing is refused: no edit, a message, and no model call', {
  timeout: 60000,
}, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python', 3);
    const action = await improve(s);
    s.client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 4 },
      contentChanges: [{ text: `# new first line\n${PY}` }],
    });
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(resolved.edit, undefined);
    assert.equal(resolved.title, action.title);
    const [message] = showMessages(s.client);
    assert.match(message, /"Improve area" was not applied: .*area\.py changed since the action was listed/);
    assert.equal(s.model.completions().length, 0);
  } finally {
    await s.close();
  }
});

test('an answer that would add syntax errors is refused and nothing is edited', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const action = await improve(s);
    s.model.respond(fencedAnswer('def area(w, h:\n    return w * (h'));
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(resolved.edit, undefined);
    assert.match(showMessages(s.client)[0], /would add syntax errors/);
  } finally {
    await s.close();
  }
});

test('a backend failure is reported as an error message; the action comes back without an edit', {
  timeout: 60000,
}, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const action = await improve(s);
    s.model.respond({ status: 500, message: 'model crashed' });
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(resolved.edit, undefined);
    const shown = notificationsOf(s.client, 'window/showMessage');
    assert.equal(shown.length, 1);
    assert.equal(shown[0].params.type, 1, 'MessageType.Error');
    assert.match(shown[0].params.message, /"Improve area" was not applied/);
  } finally {
    await s.close();
  }
});

test('secrets are masked before the model sees them, and put back into the rewritten code', {
  timeout: 60000,
}, async () => {
  const secret = 'sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789';
  const text = `def client():\n    api_key = "${secret}"\n    return connect(api_key)\n`;
  const s = await startSession();
  try {
    s.client.open(URI, text, 'python');
    const action = await improve(s, URI, text);
    // The model echoes the masked line it was shown, as a rewrite does.
    s.model.respond({
      text: (body: any) =>
        fencedAnswer(
          `def client():\n${/ {4}api_key = .*/.exec(body.messages[1].content)![0]}\n    return connect(api_key=api_key)`,
        ),
    });
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.ok(!JSON.stringify(s.model.requests).includes(secret), 'the secret never left the server');
    assert.match(promptOf(s.model), /api_key = "sk-proj-\*{20,}"/, 'masked, with only the token type kept');
    assert.equal(applied(text, resolved.edit, URI), text.replace('connect(api_key)', 'connect(api_key=api_key)'));
  } finally {
    await s.close();
  }
});

test('excluded documents list no AI actions', { timeout: 60000 }, async () => {
  const s = await startSession({ settings: { exclude: ['private/**'] } });
  try {
    const excluded = ['file:///proj/private/area.py', 'file:///proj/secrets.py'];
    for (const uri of excluded) s.client.open(uri, PY, 'python');
    s.client.open(URI, PY, 'python');
    for (const uri of excluded)
      assert.deepEqual(
        await s.client.call('textDocument/codeAction', codeActionParams(uri, PY, PY.indexOf('result'))),
        [],
        uri,
      );
    const allowed = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, PY.indexOf('result')));
    assert.ok(allowed.length > 0);
    // An action for an excluded document (forged data) is refused, without a model call.
    const forged = { ...allowed[0], data: { ...allowed[0].data, uri: excluded[0] } };
    const resolved = await s.client.call('codeAction/resolve', forged);
    assert.equal(resolved.edit, undefined);
    assert.match(showMessages(s.client)[0], /excluded from model requests/);
    assert.equal(s.model.completions().length, 0);
  } finally {
    await s.close();
  }
});

test('actions.enabled false lists nothing; malformed data is InvalidParams', { timeout: 60000 }, async () => {
  const s = await startSession({ settings: { 'actions.enabled': false } });
  try {
    s.client.open(URI, PY, 'python');
    assert.deepEqual(
      await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, PY.indexOf('result'))),
      [],
    );
    const bad = await s.client.request('codeAction/resolve', { title: 'x', data: { uri: URI } });
    assert.equal(bad.error?.code, -32602);
    const noRange = await s.client.request('textDocument/codeAction', { textDocument: { uri: URI } });
    assert.equal(noRange.error?.code, -32602);
  } finally {
    await s.close();
  }
});
