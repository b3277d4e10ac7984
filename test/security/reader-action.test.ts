/**
 * "Write tests" reads the existing test file and appends to it. Over stdio with the real server and
 * a loopback model, in a real workspace on disk: a test file that is a committed symlink out of the
 * workspace, a FIFO, a link to /dev/zero or a sparse 1.5 GB file is neither read nor sent nor
 * edited; the server answers at once and keeps answering, and exits on `exit`.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer, type OpenAITestServer } from '../support/openai-server';
import { codeActionParams, fencedAnswer, resolvingClient, showMessages } from '../actions/support/session';

const MODEL = 'test-model';
const PY = 'class Greeter:\n    def greet(self, name):\n        greeting = "hello " + name\n        return greeting\n';
const CANARY = 'aws_secret_access_key = CANARY_OUTSIDE_9d41e7';

interface Setup {
  base: string;
  ws: string;
  client: LspClient;
  model: OpenAITestServer;
  uri: (rel: string) => string;
}

/** A workspace folder with greeter.py, a credentials file outside it, and a server over stdio. */
async function setup(prepare: (s: { ws: string; outside: string }) => void, processId = process.pid): Promise<Setup> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-reader-action-'));
  const ws = path.join(base, 'proj');
  const outside = path.join(base, 'home', '.aws');
  fs.mkdirSync(ws, { recursive: true });
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'credentials'), `[default]\n${CANARY}\n`);
  fs.writeFileSync(path.join(ws, 'greeter.py'), PY);
  prepare({ ws, outside });
  const model = await startOpenAIServer({ models: [MODEL] });
  const client = new LspClient();
  const uri = (rel: string) => pathToFileURL(path.join(ws, rel)).href;
  await client.initialize(resolvingClient(), {
    processId,
    rootUri: pathToFileURL(ws).href,
    workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'proj' }],
    initializationOptions: { arbor: { backend: { kind: 'openai', baseURL: model.url, model: MODEL, api: 'chat' } } },
  });
  await client.waitFor(
    (m) => m.method === 'window/logMessage' && String(m.params?.message).includes(MODEL),
    10000,
    'backend chosen',
  );
  return { base, ws, client, model, uri };
}

async function teardown(s: Setup): Promise<number | null> {
  const started = Date.now();
  const code = s.client.proc.exitCode ?? (await s.client.shutdown());
  const ms = Date.now() - started;
  s.client.proc.kill('SIGKILL');
  await s.model.close();
  // Unblock anything stuck on a FIFO in the workspace before removing it.
  for (const name of fs.readdirSync(s.ws)) {
    const p = path.join(s.ws, name);
    if (fs.lstatSync(p).isFIFO()) {
      try {
        fs.closeSync(fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
      } catch {
        // nobody reading
      }
    }
  }
  fs.rmSync(s.base, { recursive: true, force: true });
  assert.ok(ms < 4000, `the server took ${ms} ms to exit after shutdown/exit`);
  return code;
}

/** Lists "Write tests for greet" and resolves it; the model would answer with a test. */
async function writeTests(s: Setup, timeoutMs = 8000): Promise<any> {
  const uri = s.uri('greeter.py');
  s.client.open(uri, PY, 'python');
  const actions = await s.client.call('textDocument/codeAction', codeActionParams(uri, PY, PY.indexOf('greeting =')));
  const action = actions.find((a: { title: string }) => a.title === 'Write tests for greet');
  assert.ok(action, 'Write tests is offered');
  s.model.respond(fencedAnswer('def test_greet():\n    assert Greeter().greet("a") == "hello a"'));
  return s.client.call('codeAction/resolve', action, timeoutMs);
}

/** Every URI the edit touches (text edits and resource operations). */
function editedUris(edit: any): string[] {
  if (!edit) return [];
  const out = Object.keys(edit.changes ?? {});
  for (const c of edit.documentChanges ?? []) out.push(c.textDocument?.uri ?? c.uri ?? c.newUri);
  return out;
}

/** The server still answers a cheap request promptly. */
async function stillAnswers(s: Setup): Promise<void> {
  const started = Date.now();
  const uri = s.uri('greeter.py');
  const actions = await s.client.call(
    'textDocument/codeAction',
    codeActionParams(uri, PY, PY.indexOf('greeting =')),
    3000,
  );
  assert.ok(actions.length > 0);
  assert.ok(Date.now() - started < 1000, `codeAction took ${Date.now() - started} ms`);
}

test('a committed symlink test file pointing out of the workspace is not read, sent or edited', {
  timeout: 60_000,
}, async () => {
  const s = await setup(({ ws, outside }) =>
    fs.symlinkSync(path.join(outside, 'credentials'), path.join(ws, 'test_greeter.py')),
  );
  try {
    const resolved = await writeTests(s);
    const sent = JSON.stringify(s.model.completions().map((r) => r.body));
    assert.ok(!sent.includes('CANARY_OUTSIDE_9d41e7'), 'the outside file reached the model');
    assert.deepEqual(editedUris(resolved.edit), [], `an edit through the link: ${JSON.stringify(resolved.edit)}`);
    assert.match(showMessages(s.client).join('\n'), /test_greeter\.py was not read or edited: it is a symbolic link/);
    assert.equal(fs.readFileSync(path.join(s.base, 'home', '.aws', 'credentials'), 'utf8'), `[default]\n${CANARY}\n`);
    await stillAnswers(s);
  } finally {
    assert.equal(await teardown(s), 0);
  }
});

test('a test file inside a folder that is a symlink out of the workspace is refused', { timeout: 60_000 }, async () => {
  const s = await setup(({ ws, outside }) => {
    fs.writeFileSync(path.join(outside, 'test_greeter.py'), `# ${CANARY}\n`);
    fs.rmSync(path.join(ws, 'greeter.py'));
    fs.mkdirSync(path.join(ws, 'real'));
    fs.writeFileSync(path.join(ws, 'real', 'greeter.py'), PY);
    fs.symlinkSync(outside, path.join(ws, 'pkg'));
  });
  try {
    // The editor opened pkg/greeter.py through the link; its test file sits outside the workspace.
    const uri = s.uri('pkg/greeter.py');
    s.client.open(uri, PY, 'python');
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(uri, PY, PY.indexOf('greeting =')));
    const action = actions.find((a: { title: string }) => a.title === 'Write tests for greet');
    s.model.respond(fencedAnswer('def test_greet():\n    assert True'));
    const resolved = await s.client.call('codeAction/resolve', action, 8000);
    assert.ok(!JSON.stringify(s.model.completions().map((r) => r.body)).includes('CANARY_OUTSIDE_9d41e7'));
    assert.ok(!editedUris(resolved.edit).some((u) => u.endsWith('test_greeter.py')), JSON.stringify(resolved.edit));
  } finally {
    assert.equal(await teardown(s), 0);
  }
});

test('a FIFO as test file: the action answers at once, nothing is read, the server keeps answering and exits', {
  timeout: 60_000,
}, async () => {
  const s = await setup(({ ws }) => execFileSync('mkfifo', [path.join(ws, 'test_greeter.py')]));
  try {
    const started = Date.now();
    const resolved = await writeTests(s, 5000);
    assert.ok(Date.now() - started < 3000, `resolve took ${Date.now() - started} ms`);
    assert.deepEqual(editedUris(resolved.edit), []);
    assert.match(showMessages(s.client).join('\n'), /not a regular file/);
    await stillAnswers(s);
  } finally {
    assert.equal(await teardown(s), 0);
  }
});

test('the server exits when its parent dies, right after a Write tests on a FIFO', { timeout: 60_000 }, async () => {
  const parent = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  const parentGone = new Promise((r) => parent.on('exit', r));
  const s = await setup(({ ws }) => execFileSync('mkfifo', [path.join(ws, 'test_greeter.py')]), parent.pid);
  try {
    await writeTests(s, 5000).catch(() => undefined);
    parent.kill('SIGKILL');
    await parentGone;
    const timer = setTimeout(() => s.client.proc.kill('SIGKILL'), 15_000);
    await s.client.exited;
    clearTimeout(timer);
    assert.notEqual(s.client.proc.signalCode, 'SIGKILL', 'the server did not exit when its parent died');
  } finally {
    parent.kill('SIGKILL');
    await teardown(s);
  }
});

test('a test file linked to /dev/zero is refused without reading', { timeout: 60_000 }, async () => {
  const s = await setup(({ ws }) => fs.symlinkSync('/dev/zero', path.join(ws, 'test_greeter.py')));
  try {
    const started = Date.now();
    const resolved = await writeTests(s, 5000);
    assert.ok(Date.now() - started < 3000, `resolve took ${Date.now() - started} ms`);
    assert.deepEqual(editedUris(resolved.edit), []);
    await stillAnswers(s);
  } finally {
    assert.equal(await teardown(s), 0);
  }
});

test('a sparse 1.5 GB test file is refused by its size and never read', { timeout: 60_000 }, async () => {
  const s = await setup(({ ws }) => {
    const fd = fs.openSync(path.join(ws, 'test_greeter.py'), 'w');
    fs.ftruncateSync(fd, 1.5 * 1024 ** 3);
    fs.closeSync(fd);
  });
  try {
    const started = Date.now();
    const resolved = await writeTests(s, 5000);
    assert.ok(Date.now() - started < 2000, `resolve took ${Date.now() - started} ms`);
    assert.deepEqual(editedUris(resolved.edit), [], 'no edit to (or creation over) the huge file');
    assert.match(showMessages(s.client).join('\n'), /too large/);
  } finally {
    assert.equal(await teardown(s), 0);
  }
});

test('control: an ordinary test file in the workspace is read and appended to', { timeout: 60_000 }, async () => {
  const existing = 'from greeter import Greeter\n\ndef test_old():\n    assert True\n';
  const s = await setup(({ ws }) => fs.writeFileSync(path.join(ws, 'test_greeter.py'), existing));
  try {
    const resolved = await writeTests(s);
    assert.deepEqual(editedUris(resolved.edit), [s.uri('test_greeter.py')]);
    assert.match(JSON.stringify(s.model.completions()[0].body), /def test_old/);
  } finally {
    assert.equal(await teardown(s), 0);
  }
});
