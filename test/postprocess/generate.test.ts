import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { BackendError, type Backend, type BackendRequest, type StreamPiece } from '../../server/backends/types';
import type { ModelInput } from '../../server/model/input';
import { generateCompletion, type GenerateArgs } from '../../server/completion/generate';
import { completionSite } from '../../server/completion/site';
import { defaultConfig } from '../../server/config/schema';
import { ReplayBackend } from '../../scripts/eval/replay-backend';

const CURSOR = '█';

function argsFor(
  document: string,
  languageId: string,
  backend: Backend,
  extra: Partial<GenerateArgs> = {},
): GenerateArgs {
  const offset = document.indexOf(CURSOR);
  const text = document.replace(CURSOR, '');
  const input: ModelInput = {
    kind: 'fim',
    prefix: text.slice(0, offset),
    suffix: text.slice(offset),
    filePath: 'x',
    languageId,
    context: [],
  };
  return {
    site: completionSite(`file:///generate-test.${languageId}`, languageId, text, offset),
    config: defaultConfig(),
    backend,
    input,
    signal: new AbortController().signal,
    ...extra,
  };
}

/** A backend that streams its pieces one event-loop turn apart and can fail or report progress. */
class PacedBackend implements Backend {
  readonly name = 'paced';
  readonly model = 'test';
  readonly capabilities = { fim: true, chat: false };
  constructor(
    private readonly pieces: string[],
    private readonly opts: { failWith?: BackendError; afterFirst?: () => void } = {},
  ) {}
  async *complete(_request: BackendRequest, signal: AbortSignal): AsyncIterable<StreamPiece> {
    for (const [i, text] of this.pieces.entries()) {
      await new Promise((resolve) => setImmediate(resolve));
      if (signal.aborted) throw new BackendError('cancelled', 'aborted');
      if (this.opts.failWith && i === 1) throw this.opts.failWith;
      yield { choice: 0, text };
      if (i === 0) this.opts.afterFirst?.();
    }
  }
}

describe('generateCompletion', () => {
  test('stops the stream once the block is complete and aborts the request', async () => {
    const unrelated = Array.from({ length: 200 }, (_, i) => `    value_${i} = compute(${i})\n`).join('');
    const backend = new ReplayBackend(`return x * 2\n\ndef other():\n${unrelated}`);
    const outcome = await generateCompletion(argsFor('def double(x):\n    █\n', 'python', backend));
    assert.equal(outcome.kind, 'ok');
    assert.ok(outcome.kind === 'ok');
    assert.deepEqual(outcome.choices, ['return x * 2']);
    assert.equal(outcome.mode, 'block');
    assert.equal(outcome.stoppedEarly, true);
    assert.equal(backend.lastSignal?.aborted, true, 'the request signal is aborted');
    assert.ok(backend.piecesSent < 40, `streaming went on after the stop (${backend.piecesSent} pieces)`);
  });

  test('a line of code may widen to a block: the stream stop ends it, not the server', async () => {
    const backend = new ReplayBackend('items.length;\nconsole.log(total);\n');
    const outcome = await generateCompletion(argsFor('const total = █\n', 'javascript', backend));
    assert.ok(outcome.kind === 'ok');
    assert.deepEqual(outcome.choices, ['items.length;']);
    assert.equal(outcome.mode, 'line');
    assert.equal(outcome.stoppedEarly, true);
    assert.deepEqual(backend.lastRequest?.stop, []);
  });

  test('a line completion whose first line opens a literal goes on to where the literal closes', async () => {
    const backend = new ReplayBackend(' = [\n  1,\n  3,\n];\nconst evens = [2, 4];\n');
    const outcome = await generateCompletion(argsFor('const odd█\n', 'typescript', backend));
    assert.ok(outcome.kind === 'ok');
    assert.deepEqual(outcome.choices, [' = [\n  1,\n  3,\n];']);
    assert.equal(outcome.mode, 'block');
    assert.equal(outcome.stoppedEarly, true);
  });

  test('line mode in a comment asks the server to stop at the line break, with few tokens', async () => {
    const backend = new ReplayBackend('the total\nconsole.log(total);\n');
    const outcome = await generateCompletion(argsFor('// sum of █\n', 'javascript', backend));
    assert.ok(outcome.kind === 'ok');
    assert.deepEqual(outcome.choices, ['the total']);
    assert.equal(outcome.mode, 'line');
    assert.deepEqual(backend.lastRequest?.stop, ['\n']);
    assert.ok((backend.lastRequest?.maxTokens ?? 0) <= 128);
  });

  test('a CRLF document gets CRLF inside the completion and no lone CR', async () => {
    const backend = new ReplayBackend('int x = 1;\n        Run(x);\r\n    }\r\n    void G() {}\r\n');
    const outcome = await generateCompletion(
      argsFor('class A\r\n{\r\n    void F()\r\n    {\r\n        █\r\n    }\r\n}\r\n', 'csharp', backend),
    );
    assert.ok(outcome.kind === 'ok');
    assert.deepEqual(outcome.choices, ['int x = 1;\r\n        Run(x);']);
    assert.doesNotMatch(outcome.choices[0], /\r(?!\n)/);
  });

  test('reports a time for each stage', async () => {
    const outcome = await generateCompletion(argsFor('def f():\n    █\n', 'python', new ReplayBackend('return 1\n')));
    for (const key of [
      'parse',
      'extent',
      'situation',
      'first-piece',
      'stream',
      'postprocess',
      'stage:reject-new-syntax-errors',
    ]) {
      assert.equal(typeof outcome.timings[key], 'number', `timing ${key}`);
    }
    assert.equal(outcome.timings['stage:apply-stop-rules'], undefined, 'the stop rules ran once, while streaming');
  });

  test('several choices are post-processed each and deduplicated', async () => {
    const backend = new ReplayBackend('return 1\n\ndef g():\n    pass\n');
    const outcome = await generateCompletion(argsFor('def f():\n    █\n', 'python', backend, { n: 2 }));
    assert.ok(outcome.kind === 'ok');
    assert.deepEqual(outcome.choices, ['return 1']);
    assert.equal(backend.lastRequest?.n, 2);
  });

  test('nothing worth showing is an empty outcome with a reason', async () => {
    const outcome = await generateCompletion(argsFor('def f():\n    █\n', 'python', new ReplayBackend('\n\n')));
    assert.ok(outcome.kind === 'empty');
    assert.match(outcome.reason, /\w/);
  });

  test('a backend failure is an error outcome carrying the BackendError', async () => {
    const backend = new PacedBackend(['return ', '1'], {
      failWith: new BackendError('unreachable', 'connection refused'),
    });
    const outcome = await generateCompletion(argsFor('def f():\n    █\n', 'python', backend));
    assert.equal(outcome.kind, 'error');
    assert.ok(outcome.kind === 'error');
    assert.equal(outcome.error?.kind, 'unreachable');
    assert.match(outcome.reason, /connection refused/);
  });

  test('cancellation by the caller, before or during the stream, is a cancelled outcome', async () => {
    const before = new AbortController();
    before.abort();
    const early = await generateCompletion(
      argsFor('def f():\n    █\n', 'python', new ReplayBackend('return 1'), { signal: before.signal }),
    );
    assert.equal(early.kind, 'cancelled');

    const during = new AbortController();
    const backend = new PacedBackend(['return ', '1', '\n'], { afterFirst: () => during.abort() });
    const late = await generateCompletion(argsFor('def f():\n    █\n', 'python', backend, { signal: during.signal }));
    assert.equal(late.kind, 'cancelled');
  });

  test('a language without a grammar falls back to plain-text rules', async () => {
    const backend = new ReplayBackend('val x = 1\n    return x\n}\nfun g() {}\n');
    const outcome = await generateCompletion(argsFor('fun f(): Int {\n    █\n}\n', 'kotlin', backend));
    assert.ok(outcome.kind === 'ok');
    assert.deepEqual(outcome.choices, ['val x = 1\n    return x']);
  });
});
