/**
 * ActionResolver with a scripted in-process backend: the paths a loopback HTTP model cannot make
 * deterministic (a document edited while the model streams, a whole-answer time limit).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ActionData } from '../../server/actions/data';
import { ActionResolver } from '../../server/actions/resolve';
import type { Backend, BackendRequest, StreamPiece } from '../../server/backends/types';
import { defaultConfig } from '../../server/config/schema';
import { DocumentStore } from '../../server/documents/store';
import { SyntaxTrees } from '../../server/documents/syntax-trees';
import { createLogger } from '../../server/log/logger';

const TEXT = 'def area(w, h):\n    return w * h\n';
const URI = 'file:///proj/area.py';
const DATA: ActionData = {
  uri: URI,
  version: 1,
  action: 'improve',
  target: { kind: 'function', name: 'area', start: 0, end: TEXT.length - 1, outerEnd: TEXT.length - 1 },
};
const log = createLogger('silent');

/** A backend that yields `pieces`, each after `gate()` resolves (the test decides when). */
function scripted(
  pieces: string[],
  gate: (i: number) => Promise<void> = async () => {},
): Backend & { requests: BackendRequest[] } {
  const requests: BackendRequest[] = [];
  return {
    name: 'scripted',
    model: 'm',
    capabilities: { fim: false, chat: true },
    requests,
    async *complete(request: BackendRequest, signal: AbortSignal): AsyncIterable<StreamPiece> {
      requests.push(request);
      for (let i = 0; i < pieces.length; i++) {
        await Promise.race([
          gate(i),
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }),
          ),
        ]);
        yield { choice: 0, text: pieces[i] };
      }
    },
  };
}

function setup(backend: Backend | undefined) {
  const documents = new DocumentStore();
  const trees = new SyntaxTrees(
    documents,
    () => 2_000_000,
    () => log,
  );
  const entry = documents.open(URI, 'python', 1, TEXT);
  const resolver = new ActionResolver({
    documents,
    trees,
    backend: () => backend,
    config: defaultConfig,
    isExcluded: () => false,
    workspaceFolders: () => ['/proj'],
    log: () => log,
    readFile: () => undefined,
  });
  return { documents, entry, resolver, dispose: () => trees.dispose() };
}

const options = (signal = new AbortController().signal) => ({ signal, canCreateFiles: false, timeoutMs: 60000 });

test('a document edited while the model streams is refused after the answer', async () => {
  let release!: () => void;
  const halfway = new Promise<void>((r) => (release = r));
  const backend = scripted(['```python\ndef area(w, h):\n', '    return h * w\n```'], (i) =>
    i === 1 ? halfway : Promise.resolve(),
  );
  const s = setup(backend);
  try {
    const pending = s.resolver.resolve(DATA, options());
    while (backend.requests.length === 0) await new Promise((r) => setImmediate(r));
    s.documents.change(s.entry, undefined, `# edited\n${TEXT}`, 2);
    release();
    const outcome = await pending;
    assert.equal(outcome.kind, 'refused');
    assert.equal(outcome.kind === 'refused' && outcome.reason, 'stale');
    assert.match(outcome.kind === 'refused' ? outcome.message : '', /changed while the model was working/);
  } finally {
    s.dispose();
  }
});

test('cancellation, the whole-answer limit, an unchanged answer, an empty one, and no backend', async () => {
  const never = scripted(['x'], () => new Promise(() => {}));
  const s = setup(never);
  try {
    const controller = new AbortController();
    const pending = s.resolver.resolve(DATA, options(controller.signal));
    while (never.requests.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    assert.equal((await pending).kind, 'cancelled');

    const limited = await s.resolver.resolve(DATA, { ...options(), timeoutMs: 1 });
    assert.equal(limited.kind === 'refused' && limited.reason, 'timeout');
  } finally {
    s.dispose();
  }
  for (const [pieces, reason] of [
    [['```py\ndef area(w, h):\n    return w * h\n```'], 'unchanged'],
    [['```\n```'], 'empty'],
  ] as const) {
    const t = setup(scripted([...pieces]));
    try {
      const outcome = await t.resolver.resolve(DATA, options());
      assert.equal(outcome.kind === 'refused' && outcome.reason, reason);
    } finally {
      t.dispose();
    }
  }
  const none = setup(undefined);
  try {
    const outcome = await none.resolver.resolve(DATA, options());
    assert.equal(outcome.kind === 'refused' && outcome.reason, 'no-backend');
  } finally {
    none.dispose();
  }
});

test('the request asks for chat, with enough output tokens for the target and the configured temperature', async () => {
  const backend = scripted(['```py\ndef area(w, h):\n    return h * w\n```']);
  const s = setup(backend);
  try {
    const outcome = await s.resolver.resolve(DATA, options());
    assert.equal(outcome.kind, 'ok');
    const [request] = backend.requests;
    assert.equal(request.input.kind, 'chat');
    assert.ok(request.maxTokens >= defaultConfig()['backend.maxTokens']);
    assert.equal(request.temperature, defaultConfig()['backend.temperature']);
    assert.deepEqual(outcome.kind === 'ok' && outcome.edit, {
      kind: 'replace',
      uri: URI,
      version: 1,
      start: 0,
      end: TEXT.length - 1,
      newText: 'def area(w, h):\n    return h * w',
    });
  } finally {
    s.dispose();
  }
});
