import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { judge, normalise } from '../../scripts/eval/metric';
import { chunk, cutAtStop, ReplayBackend } from '../../scripts/eval/replay-backend';
import type { TruncationTask } from '../../scripts/eval/tasks';
import { BackendError } from '../../server/backends/types';

const EVAL = path.join(__dirname, '..', '..', 'scripts', 'eval', 'index.js');

const TASKS: TruncationTask[] = [
  {
    id: 'py/clean',
    language: 'python',
    kind: 'clean',
    prefix: 'def f(x):\n',
    suffix: '    return y\n',
    middle: '    y = x + 1\n',
    raw: '    y = x + 1\n',
  },
  {
    id: 'py/escape',
    language: 'python',
    kind: 'escape',
    prefix: 'def f(x):\n',
    suffix: '    return y\n',
    middle: '    y = x + 1\n',
    raw: '    y = x + 1\n\ndef g():\n    pass\n',
  },
  {
    id: 'java/regen',
    language: 'java',
    kind: 'suffix-regen',
    prefix: 'class A {\r\n  void f() {\r\n    ',
    suffix: '\r\n  }\r\n}\r\n',
    middle: 'run();',
    raw: 'run();\r\n  }\r\n}\r\n',
  },
  // No grammar for Kotlin: plain-text rules.
  {
    id: 'kt/clean',
    language: 'kotlin',
    kind: 'clean',
    prefix: 'fun f() {\n    ',
    suffix: '\n}\n',
    middle: 'println(1)',
    raw: 'println(1)',
  },
];

describe('truncation eval', () => {
  test('runs a task file through the completion path: table, --out, and the JSON last line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-eval-'));
    try {
      const tasks = path.join(dir, 'tasks.jsonl');
      const out = path.join(dir, 'out.jsonl');
      fs.writeFileSync(tasks, `${TASKS.map((t) => JSON.stringify(t)).join('\n')}\n`);
      const stdout = execFileSync(process.execPath, [EVAL, 'truncation', '--tasks', tasks, '--out', out], {
        encoding: 'utf8',
      });
      const lines = stdout.trimEnd().split('\n');
      const last = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
      assert.deepEqual(Object.keys(last).sort(), ['harm', 'n', 'restored']);
      assert.deepEqual(last, { restored: 1, harm: 0, n: 4 });
      assert.match(stdout, /^python\s+escape\s+1\s+100\.0%\s+0\.0%/m);
      const outputs = fs
        .readFileSync(out, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as { id: string; output: string });
      assert.deepEqual(
        outputs.map((o) => o.id),
        TASKS.map((t) => t.id),
      );
      assert.equal(outputs[1].output, '    y = x + 1\n');
      assert.equal(outputs[2].output, 'run();');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a malformed task file is refused with the line number', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-eval-'));
    try {
      const tasks = path.join(dir, 'tasks.jsonl');
      fs.writeFileSync(tasks, `${JSON.stringify(TASKS[0])}\n{"id": "x"}\n`);
      assert.throws(
        () =>
          execFileSync(process.execPath, [EVAL, 'truncation', '--tasks', tasks], { encoding: 'utf8', stdio: 'pipe' }),
        /tasks\.jsonl:2: field "language"/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('truncation metric', () => {
  const task = { prefix: 'a = 1\n', suffix: 'c = 3\n', middle: 'b = 2\nb += 1\n' };

  test('normalises CRLF, trailing white space and blank lines', () => {
    assert.equal(normalise('x  \r\n\r\n  y\t\n\n'), 'x\n  y');
  });

  test('restored, a safe prefix, harm and empty', () => {
    assert.deepEqual(judge(task, 'b = 2  \r\n\r\nb += 1\n'), { restored: true, harm: false, empty: false });
    assert.deepEqual(judge(task, 'b = 2\n'), { restored: false, harm: false, empty: false });
    assert.deepEqual(judge(task, 'b = 2\nc = 3\n'), { restored: false, harm: true, empty: false });
    assert.deepEqual(judge(task, ''), { restored: false, harm: false, empty: true });
  });
});

describe('replay backend', () => {
  test('streams the recorded text in pieces that join back to it', () => {
    const raw = 'def f(x):\r\n\treturn x  # café ✓\n\n';
    const pieces = chunk(raw, 8);
    assert.ok(pieces.length > 3);
    assert.equal(pieces.join(''), raw);
  });

  test('ends before the first stop sequence, as servers do', () => {
    assert.equal(cutAtStop('a\nb\nc', ['\n']), 'a');
    assert.equal(cutAtStop('abc', ['x', '']), 'abc');
  });

  test('stops with a cancelled BackendError once aborted', async () => {
    const backend = new ReplayBackend('one two three four five six');
    const controller = new AbortController();
    const seen: string[] = [];
    await assert.rejects(
      async () => {
        for await (const piece of backend.complete(
          { input: { kind: 'chat', messages: [] }, stop: [], maxTokens: 10, temperature: 0 },
          controller.signal,
        )) {
          seen.push(piece.text);
          controller.abort();
        }
      },
      (err: unknown) => err instanceof BackendError && err.kind === 'cancelled',
    );
    assert.equal(seen.length, 1);
  });
});
