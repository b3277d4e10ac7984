/**
 * The index's parsing thread (parse-thread.ts / parse-worker.ts) on real files: it gives what the
 * main thread's analyseFile gives, and when it reads files itself it applies the exclusion rules
 * it was given, even where the walk's predicate would let a file through.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyseFile, buildWorkspaceIndex, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';
import { ParseThread } from '../../server/workspace/parse-thread';

const FILES: Record<string, string> = {
  'app/models.py':
    'class Order:\n    def total(self, rate=0.2):\n        return 1\n\n\ndef load_order(key):\n    return Order()\n',
  'web/util.ts':
    "import { x } from './x';\nexport function formatPrice(value: number): string {\n  return String(value);\n}\n",
  'secret/keys.py': 'def secret_marker_91f(token):\n    return token\n',
};

function workspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-thread-')));
  for (const [rel, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('the thread answers what analyseFile answers on the main thread', async () => {
  const thread = new ParseThread();
  try {
    for (const [rel, text] of Object.entries(FILES)) {
      const file = path.join('/w', rel);
      assert.deepEqual((await thread.analyse(file, text))?.entry, await analyseFile(file, text), rel);
    }
  } finally {
    thread.close();
  }
});

test('files read on the thread follow the exclusion settings it was given', async () => {
  const root = workspace();
  try {
    const index = new WorkspaceDefinitionIndex();
    const stats = await buildWorkspaceIndex(index, [root], {
      maxFiles: 100,
      maxFileBytes: 100_000,
      isExcluded: () => false,
      exclusion: { globs: ['secret/**'], folders: [root] },
    });
    assert.equal(stats.listed, 3, 'the walk lists all three');
    assert.equal(stats.indexed, 2);
    assert.deepEqual(index.filesDefining('secret_marker_91f'), []);
    assert.equal(index.filesDefining('formatPrice').length, 1);
    assert.equal(index.filesDefining('total')[0].definitions.find((d) => d.name === 'total')?.container, 'Order');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('starting the thread leaves the server young generation capped (a worker start resets V8 flags)', () => {
  // A fresh process: the flags are process-wide. Allocation in slices, so the gc observer runs between them.
  const script = `
    const v8 = require('node:v8');
    require(${JSON.stringify(path.resolve(__dirname, '../../server/young-generation'))}).keepYoungGenerationSmall();
    const { ParseThread } = require(${JSON.stringify(path.resolve(__dirname, '../../server/workspace/parse-thread'))});
    const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    const churn = async () => {
      const keep = [];
      for (let r = 0; r < 400; r++) {
        for (let i = 0; i < 15000; i++) keep.push({ a: i, b: 'x' + i });
        if (keep.length > 1e6) keep.length = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    (async () => {
      await churn();
      const before = young();
      const thread = new ParseThread();
      const parsed = await thread.analyse('/w/a.py', 'def f():\\n    return 1\\n');
      await churn();
      thread.close();
      console.log(JSON.stringify({ before, after: young(), parsed: parsed?.entry.definitions.length }));
    })();`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as {
    before: number;
    after: number;
    parsed: number;
  };
  assert.equal(out.parsed, 1, 'the thread answered');
  assert.ok(out.before <= 8, `young generation before the thread: ${out.before} MB`);
  assert.ok(
    out.after <= out.before,
    `young generation grew from ${out.before} to ${out.after} MB once the thread started`,
  );
});
