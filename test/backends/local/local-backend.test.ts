/** The offline engine through the Backend interface. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalBackend } from '../../../server/backends/local/local-backend';
import { silentLogger } from '../../../server/log/logger';
import { collect, fim, request } from '../helpers';

function backendWith(files: Record<string, string>): LocalBackend {
  const backend = new LocalBackend({
    workspaceFolders: [],
    maxFiles: 100,
    maxFileBytes: 100_000,
    isExcluded: () => false,
    log: silentLogger(),
  });
  for (const [path, text] of Object.entries(files)) backend.index.addWorkspaceFile(path, text);
  return backend;
}

const HANDLERS =
  'function onOpen(doc) {\n  track(doc);\n  render(doc);\n}\nfunction onSave(doc) {\n  track(doc);\n  persist(doc);\n}\n';

test('a FIM-only backend named "local"', () => {
  const backend = backendWith({});
  assert.equal(backend.name, 'local');
  assert.deepEqual(backend.capabilities, { fim: true, chat: false });
});

test('completes a FIM request from the corpus, through the open document it is fed', async () => {
  const backend = backendWith({ '/w/handlers.ts': HANDLERS });
  backend.index.setDocument('file:///w/new.ts', 'function onClose(doc) {\n  track(');
  const { texts } = await collect(backend, request(fim('function onClose(doc) {\n  track(', '')));
  assert.deepEqual(texts, ['doc);']);
});

test('n choices: distinct proposals, best first', async () => {
  const backend = backendWith({ '/w/handlers.ts': HANDLERS });
  const { pieces } = await collect(backend, request(fim('x;\n  track(doc);\n  '), { n: 2 }));
  assert.deepEqual(
    pieces.map((p) => p.choice),
    [0, 1],
  );
  assert.deepEqual(pieces.map((p) => p.text).sort(), ['persist(doc);', 'render(doc);']);
});

test('stop sequences cut a block proposal', async () => {
  const backend = backendWith({ '/w/handlers.ts': HANDLERS });
  const whole = await collect(backend, request(fim('x;\nfunction onOpen(doc) {')));
  assert.equal(whole.texts[0], '\n  track(doc);\n  render(doc);\n}');
  const firstLine = await collect(backend, request(fim('x;\nfunction onOpen(doc) {'), { stop: ['render'] }));
  assert.equal(firstLine.texts[0], '\n  track(doc);\n  ');
});

test('maxTokens bounds the proposal', async () => {
  const backend = backendWith({ '/w/long.ts': `emit(${'a, '.repeat(200)}z);\n` });
  const { texts } = await collect(backend, request(fim('y;\nemit('), { maxTokens: 5 }));
  assert.ok(texts[0].length <= 20, texts[0]);
});

test('chat inputs and cancelled requests yield nothing', async () => {
  const backend = backendWith({ '/w/handlers.ts': HANDLERS });
  const chat = await collect(
    backend,
    request({ kind: 'chat', messages: [{ role: 'user', content: 'document this' }] }),
  );
  assert.deepEqual(chat.pieces, []);
  const ctl = new AbortController();
  ctl.abort();
  const cancelled = await collect(backend, request(fim('x;\nfunction onOpen(doc) {')), ctl.signal);
  assert.deepEqual(cancelled.pieces, []);
});
