import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applied,
  codeActionParams,
  commandClient,
  fencedAnswer,
  notificationsOf,
  requestsFromServer,
  resolvingClient,
  showMessages,
  startSession,
  titles,
} from './support/session';

const PY = 'def area(w, h):\n    # TODO: handle negatives\n    return w * h\n\nclass Shape:\n    pass\n';
const URI = 'file:///proj/area.py';
const AT = PY.indexOf('return');
const DIAG = {
  range: { start: { line: 2, character: 11 }, end: { line: 2, character: 16 } },
  message: 'possibly negative',
  source: 'lint',
};

test('`only` filters by kind prefix, as LSP defines it', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const list = async (only: string[]) =>
      titles(
        await s.client.call(
          'textDocument/codeAction',
          codeActionParams(URI, PY, AT, AT, 'utf-16', { diagnostics: [DIAG], only }),
        ),
      );
    assert.deepEqual(await list(['quickfix']), ['Fix with AI: possibly negative']);
    assert.deepEqual(await list(['refactor.rewrite']), ['Implement area', 'Improve area', 'Document area']);
    assert.deepEqual(await list(['refactor']), [
      'Implement area',
      'Improve area',
      'Document area',
      'Explain area',
      'Write tests for area',
    ]);
    assert.deepEqual(await list(['refactor.arbor.tests']), ['Write tests for area']);
    assert.deepEqual(await list(['source']), []);
    assert.deepEqual(await list(['refactor.rewrite.arbor.document', 'quickfix']), [
      'Fix with AI: possibly negative',
      'Document area',
    ]);
    assert.deepEqual(await list(['refactor.re']), [], 'a prefix must end at a dot');
  } finally {
    await s.close();
  }
});

test('an automatic request (triggerKind 2) gets only the diagnostic fixes', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const auto = await s.client.call(
      'textDocument/codeAction',
      codeActionParams(URI, PY, AT, AT, 'utf-16', { diagnostics: [DIAG], triggerKind: 2 }),
    );
    assert.deepEqual(titles(auto), ['Fix with AI: possibly negative']);
    const none = await s.client.call(
      'textDocument/codeAction',
      codeActionParams(URI, PY, AT, AT, 'utf-16', { triggerKind: 2 }),
    );
    assert.deepEqual(none, []);
    const invoked = await s.client.call(
      'textDocument/codeAction',
      codeActionParams(URI, PY, AT, AT, 'utf-16', { triggerKind: 1 }),
    );
    assert.ok(invoked.length > 1);
  } finally {
    await s.close();
  }
});

test('without resolve support: actions carry arbor.applyAction; executeCommand sends workspace/applyEdit with its own id', {
  timeout: 60000,
}, async () => {
  const applyEdits: any[] = [];
  const s = await startSession({
    capabilities: commandClient(),
    onRequest: (method, params) => {
      if (method !== 'workspace/applyEdit') return null;
      applyEdits.push(params);
      return { applied: true };
    },
  });
  try {
    s.client.open(URI, PY, 'python');
    assert.deepEqual(s.init.capabilities.executeCommandProvider, {
      commands: ['arbor.applyAction', 'arbor.status', 'arbor.toggle'],
    });
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, AT));
    const improve = actions.find((a: { title: string }) => a.title === 'Improve area');
    assert.deepEqual(improve.command, {
      title: 'Improve area',
      command: 'arbor.applyAction',
      arguments: [improve.data],
    });
    s.model.respond(fencedAnswer('def area(w, h):\n    return max(w, 0) * max(h, 0)'));

    // A string id of the client's choosing, so the server's own request ids cannot coincide with it.
    const id = 'exec-7';
    s.client.send({
      jsonrpc: '2.0',
      id,
      method: 'workspace/executeCommand',
      params: { command: improve.command.command, arguments: improve.command.arguments },
    });
    const response = await s.client.waitFor(
      (m) => m.id === id && m.method === undefined,
      20000,
      'the executeCommand response',
    );
    assert.equal(response.error, undefined);
    assert.equal(response.result, null);
    const requests = requestsFromServer(s.client, 'workspace/applyEdit');
    assert.equal(requests.length, 1);
    assert.notEqual(requests[0].id, id, 'the server uses its own request id');
    const order = s.client.received.indexOf(requests[0]) < s.client.received.indexOf(response);
    assert.ok(order, 'applyEdit is sent before executeCommand is answered');
    assert.equal(applyEdits[0].label, 'Improve area');
    assert.equal(applyEdits[0].edit.documentChanges, undefined, 'this client has no documentChanges: plain changes');
    assert.equal(
      applied(PY, applyEdits[0].edit, URI),
      PY.replace('    # TODO: handle negatives\n    return w * h', '    return max(w, 0) * max(h, 0)'),
    );

    // A workDoneToken sent with the command carries the progress.
    await s.client.call('workspace/executeCommand', {
      ...improve.command,
      arguments: improve.command.arguments,
      workDoneToken: 'wd-1',
    });
    const values = notificationsOf(s.client, '$/progress')
      .filter((m) => m.params.token === 'wd-1')
      .map((m) => m.params.value.kind);
    assert.deepEqual(values, ['begin', 'end']);

    const unknown = await s.client.request('workspace/executeCommand', { command: 'arbor.nope', arguments: [] });
    assert.equal(unknown.error?.code, -32602);
  } finally {
    await s.close();
  }
});

test('a refused command shows a message and applies nothing', { timeout: 60000 }, async () => {
  const s = await startSession({ capabilities: commandClient() });
  try {
    s.client.open(URI, PY, 'python', 1);
    const [first] = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, AT));
    s.client.notify('textDocument/didChange', {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ text: `${PY}\n` }],
    });
    const result = await s.client.call('workspace/executeCommand', first.command);
    assert.equal(result, null);
    assert.equal(requestsFromServer(s.client, 'workspace/applyEdit').length, 0);
    assert.match(showMessages(s.client)[0], /changed since the action was listed/);
  } finally {
    await s.close();
  }
});

test('a client without code action literals gets Commands', { timeout: 60000 }, async () => {
  const s = await startSession({ capabilities: { workspace: { applyEdit: true } } });
  try {
    s.client.open(URI, PY, 'python');
    assert.equal(s.init.capabilities.codeActionProvider, true);
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, AT));
    assert.ok(actions.length > 0);
    for (const a of actions) {
      assert.equal(a.command, 'arbor.applyAction');
      assert.equal(a.kind, undefined);
      assert.equal(a.arguments[0].uri, URI);
    }
  } finally {
    await s.close();
  }
});

/** Resolves once `cond` holds; checked after every message and server-side request (no clock). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

test('$/cancelRequest aborts the model call and answers RequestCancelled', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, AT));
    s.model.respond({ hang: true });
    const pending = s.client.request('codeAction/resolve', actions[0]);
    await until(() => s.model.completions().length === 1);
    s.client.notify('$/cancelRequest', { id: pending.id });
    const response = await pending;
    assert.equal(response.error?.code, -32800);
    await s.model.untilEarlyCloses(1); // the HTTP request to the model was closed
    assert.deepEqual(showMessages(s.client), []);
  } finally {
    await s.close();
  }
});

test('work-done progress while the model runs; cancelling it from the progress UI stops the model', {
  timeout: 60000,
}, async () => {
  const s = await startSession({ capabilities: resolvingClient('utf-16', { progress: true }) });
  try {
    s.client.open(URI, PY, 'python');
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, AT));
    const improve = actions.find((a: { title: string }) => a.title === 'Improve area');

    s.model.respond(fencedAnswer('def area(w, h):\n    return w * h'));
    const done = await s.client.call('codeAction/resolve', improve);
    assert.ok(done.edit);
    const [create] = requestsFromServer(s.client, 'window/workDoneProgress/create');
    const token = create.params.token;
    const progress = () =>
      notificationsOf(s.client, '$/progress')
        .filter((m) => m.params.token === token)
        .map((m) => m.params.value);
    await s.client.waitFor(
      (m) => m.method === '$/progress' && m.params.token === token && m.params.value.kind === 'end',
    );
    assert.deepEqual(progress()[0], {
      kind: 'begin',
      title: 'Improve area',
      message: 'asking the model…',
      cancellable: true,
    });
    assert.equal(progress().at(-1).kind, 'end');

    s.model.respond({ hang: true });
    const pending = s.client.request('codeAction/resolve', improve);
    await until(
      () =>
        requestsFromServer(s.client, 'window/workDoneProgress/create').length === 2 &&
        s.model.completions().length === 2,
    );
    const second = requestsFromServer(s.client, 'window/workDoneProgress/create')[1].params.token;
    await s.client.waitFor(
      (m) => m.method === '$/progress' && m.params.token === second && m.params.value.kind === 'begin',
    );
    s.client.notify('window/workDoneProgress/cancel', { token: second });
    const response = await pending;
    assert.equal(response.error, undefined);
    assert.equal(response.result.edit, undefined, 'cancelled from the UI: the action comes back without an edit');
    await s.model.untilEarlyCloses(1);
    await s.client.waitFor(
      (m) => m.method === '$/progress' && m.params.token === second && m.params.value.kind === 'end',
    );
  } finally {
    await s.close();
  }
});
