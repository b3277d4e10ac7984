import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applied,
  codeActionParams,
  editsFor,
  fencedAnswer,
  promptOf,
  showMessages,
  startSession,
  resolvingClient,
} from './support/session';

const PY = [
  'import os',
  '',
  'class Greeter:',
  '    def greet(self, name):',
  '        # say hello',
  '        greeting = "hello " + name',
  '        return greeting',
  '',
  '    def todo(self, items):',
  '        # TODO: count the items',
  '        pass',
  '',
  'x = 1',
  '',
].join('\n');
const URI = 'file:///proj/greeter.py';

async function listAt(
  s: Awaited<ReturnType<typeof startSession>>,
  text: string,
  offset: number,
  title: string,
  context = {},
) {
  const actions = await s.client.call(
    'textDocument/codeAction',
    codeActionParams(URI, text, offset, offset, 'utf-16', context),
  );
  const action = actions.find((a: { title: string }) => a.title === title);
  assert.ok(action, `"${title}" is offered (got ${actions.map((a: { title: string }) => a.title).join(', ')})`);
  return action;
}

test('Improve: the answer replaces exactly the method, re-indented, as a versioned edit', {
  timeout: 60000,
}, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python', 7);
    const action = await listAt(s, PY, PY.indexOf('greeting ='), 'Improve greet');
    s.model.respond(fencedAnswer('def greet(self, name):\n    return f"hello {name}"'));
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(resolved.title, 'Improve greet');
    const { version, edits } = editsFor(resolved.edit, URI);
    assert.equal(version, 7);
    assert.equal(edits.length, 1);
    assert.equal(
      applied(PY, resolved.edit, URI),
      PY.replace(
        'def greet(self, name):\n        # say hello\n        greeting = "hello " + name\n        return greeting',
        'def greet(self, name):\n        return f"hello {name}"',
      ),
    );
    const prompt = promptOf(s.model);
    assert.match(prompt, /Improve the method `greet`/);
    assert.match(prompt, /Inside: class Greeter:/);
    assert.match(
      prompt,
      /```python\ndef greet\(self, name\):\n {4}# say hello\n {4}greeting = "hello " \+ name\n {4}return greeting\n```/,
      'the target is shown dedented',
    );
    assert.deepEqual(showMessages(s.client), []);
  } finally {
    await s.close();
  }
});

test('Implement is offered for a TODO body and fills it in', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const action = await listAt(s, PY, PY.indexOf('pass'), 'Implement todo');
    assert.equal(action.kind, 'refactor.rewrite.arbor.implement');
    s.model.respond(fencedAnswer('def todo(self, items):\n    return len(items)'));
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(
      applied(PY, resolved.edit, URI),
      PY.replace(
        'def todo(self, items):\n        # TODO: count the items\n        pass',
        'def todo(self, items):\n        return len(items)',
      ),
    );
    assert.match(promptOf(s.model), /Implement the method `todo`/);
  } finally {
    await s.close();
  }
});

test('Document adds the docstring by rewriting the method; the prompt names the convention', {
  timeout: 60000,
}, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const action = await listAt(s, PY, PY.indexOf('def greet') + 2, 'Document greet');
    s.model.respond(
      fencedAnswer(
        'def greet(self, name):\n    """Return a greeting for name."""\n    # say hello\n    greeting = "hello " + name\n    return greeting',
      ),
    );
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(
      applied(PY, resolved.edit, URI),
      PY.replace('def greet(self, name):\n', 'def greet(self, name):\n        """Return a greeting for name."""\n'),
    );
    assert.match(promptOf(s.model), /docstring as the first statement of the body/);
  } finally {
    await s.close();
  }
});

test('Document refuses an answer that changes the code itself, not only its documentation', {
  timeout: 60000,
}, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    for (const answer of [
      'print("hello")',
      'def greet(self, name):\n    """Return a greeting."""\n    return "hi " + name',
    ]) {
      const action = await listAt(s, PY, PY.indexOf('def greet') + 2, 'Document greet');
      s.model.respond(fencedAnswer(answer));
      const resolved = await s.client.call('codeAction/resolve', action);
      assert.equal(resolved.edit, undefined, answer);
    }
    assert.equal(showMessages(s.client).filter((m) => /changed the code itself/.test(m)).length, 2);
  } finally {
    await s.close();
  }
});

test('Fix with AI: the diagnostic goes into the prompt and its function is replaced', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const line = PY.slice(0, PY.indexOf('greeting =')).split('\n').length - 1;
    const diagnostic = {
      range: { start: { line, character: 8 }, end: { line, character: 16 } },
      message: 'Variable "greeting" is redundant',
      source: 'lint',
      code: 'R1',
    };
    const action = await listAt(s, PY, PY.indexOf('greeting ='), 'Fix with AI: Variable "greeting" is redundant', {
      diagnostics: [diagnostic],
    });
    s.model.respond(fencedAnswer('def greet(self, name):\n    # say hello\n    return "hello " + name'));
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.deepEqual(resolved.diagnostics, [diagnostic]);
    assert.equal(
      applied(PY, resolved.edit, URI),
      PY.replace('        greeting = "hello " + name\n        return greeting', '        return "hello " + name'),
    );
    assert.match(promptOf(s.model), /line 6: Variable "greeting" is redundant \(lint R1\)/);
  } finally {
    await s.close();
  }
});

test("Explain puts the answer as a comment above the method, in the language's comment syntax", {
  timeout: 60000,
}, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const action = await listAt(s, PY, PY.indexOf('greeting ='), 'Explain greet');
    assert.equal(action.kind, 'refactor.arbor.explain');
    s.model.respond('Builds a **greeting** for `name`.\nReturns it unchanged.');
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(
      applied(PY, resolved.edit, URI),
      PY.replace('    def greet', '    # Builds a greeting for name.\n    # Returns it unchanged.\n    def greet'),
    );
  } finally {
    await s.close();
  }
});

test('Write tests creates the test file when the client supports resource operations', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const action = await listAt(s, PY, PY.indexOf('greeting ='), 'Write tests for greet');
    assert.equal(action.kind, 'refactor.arbor.tests');
    s.model.respond(
      fencedAnswer('from greeter import Greeter\n\ndef test_greet():\n    assert Greeter().greet("a") == "hello a"'),
    );
    const resolved = await s.client.call('codeAction/resolve', action);
    const [create, change] = resolved.edit.documentChanges;
    assert.deepEqual(create, {
      kind: 'create',
      uri: 'file:///proj/test_greeter.py',
      options: { overwrite: false, ignoreIfExists: true },
    });
    assert.deepEqual(change.textDocument, { uri: 'file:///proj/test_greeter.py', version: null });
    assert.equal(
      change.edits[0].newText,
      'from greeter import Greeter\n\ndef test_greet():\n    assert Greeter().greet("a") == "hello a"\n',
    );
    assert.match(promptOf(s.model), /new file test_greeter\.py|new file \/proj\/test_greeter\.py/);
    assert.match(promptOf(s.model), /pytest/);
  } finally {
    await s.close();
  }
});

test('Write tests without resource operations puts the tests after the class, in the same file', {
  timeout: 60000,
}, async () => {
  const s = await startSession({ capabilities: resolvingClient('utf-16', { create: false }) });
  try {
    s.client.open(URI, PY, 'python');
    const action = await listAt(s, PY, PY.indexOf('greeting ='), 'Write tests for greet');
    s.model.respond(fencedAnswer('def test_greet():\n    assert Greeter().greet("a") == "hello a"'));
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(
      applied(PY, resolved.edit, URI),
      PY.replace('        pass\n', '        pass\n\ndef test_greet():\n    assert Greeter().greet("a") == "hello a"\n'),
    );
    assert.match(promptOf(s.model), /go into \/proj\/greeter\.py itself/);
  } finally {
    await s.close();
  }
});

test('a user-defined action gets its placeholders filled and replaces its target', { timeout: 60000 }, async () => {
  const custom = [
    {
      title: 'Add type hints',
      prompt: 'Add type hints to this {language} code in {filePath} ({scopes}):\n{code}\nProblems: {diagnostics}',
      target: 'function',
    },
    { title: 'Translate selection', prompt: 'Translate: {selection}', target: 'selection' },
  ];
  const s = await startSession({ settings: { 'actions.custom': custom } });
  try {
    s.client.open(URI, PY, 'python');
    const at = PY.indexOf('greeting =');
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, at));
    assert.ok(
      !actions.some((a: { title: string }) => a.title === 'Translate selection'),
      'a selection action needs a selection',
    );
    const action = actions.find((a: { title: string }) => a.title === 'Add type hints');
    assert.equal(action.kind, 'refactor.rewrite.arbor.custom');
    s.model.respond(fencedAnswer('def greet(self, name: str) -> str:\n    return "hello " + name'));
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(
      applied(PY, resolved.edit, URI),
      PY.replace(
        'def greet(self, name):\n        # say hello\n        greeting = "hello " + name\n        return greeting',
        'def greet(self, name: str) -> str:\n        return "hello " + name',
      ),
    );
    const prompt = promptOf(s.model);
    assert.match(
      prompt,
      /Add type hints to this python code in \/proj\/greeter\.py \(class Greeter:\):\ndef greet\(self, name\):\n {4}# say hello/,
    );
    assert.match(prompt, /Problems: \(none\)/);

    const from = PY.indexOf('"hello "');
    const selected = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, from, from + 8));
    assert.ok(selected.some((a: { title: string }) => a.title === 'Translate selection'));
  } finally {
    await s.close();
  }
});

test('Write tests appends to the test file the editor has open, at its version', { timeout: 60000 }, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python');
    const testUri = 'file:///proj/test_greeter.py';
    const existing = 'import pytest\nfrom greeter import Greeter\n\ndef test_old():\n    assert True\n';
    s.client.open(testUri, existing, 'python', 12);
    const action = await listAt(s, PY, PY.indexOf('greeting ='), 'Write tests for greet');
    s.model.respond(fencedAnswer('def test_greet():\n    assert Greeter().greet("a") == "hello a"'));
    const resolved = await s.client.call('codeAction/resolve', action);
    const { version } = editsFor(resolved.edit, testUri);
    assert.equal(version, 12);
    assert.equal(
      applied(existing, resolved.edit, testUri),
      `${existing}\ndef test_greet():\n    assert Greeter().greet("a") == "hello a"\n`,
    );
    assert.match(
      promptOf(s.model),
      /appended to the existing test file .*test_greeter\.py, which starts like this:\n```python\nimport pytest/,
    );
  } finally {
    await s.close();
  }
});
