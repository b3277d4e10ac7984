/**
 * The index's parsing thread (parse-thread.ts / parse-worker.ts) on real files: it gives what the
 * main thread's analyseFile gives, and when it reads files itself it applies the exclusion rules
 * it was given, even where the walk's predicate would let a file through.
 */
import assert from 'node:assert/strict';
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
