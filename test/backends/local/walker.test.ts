/** The workspace walk: what gets indexed and what never does. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { createBackend } from '../../../server/backends/factory';
import { CorpusIndex } from '../../../server/backends/local/corpus-index';
import type { LocalBackend } from '../../../server/backends/local/local-backend';
import { indexWorkspace } from '../../../server/backends/local/index-workspace';
import type { ProgressReporter } from '../../../server/log/progress';
import { type Config, defaultConfig } from '../../../server/config/schema';
import { silentLogger } from '../../../server/log/logger';

let root: string;

const FILES: Record<string, string | Buffer> = {
  'src/app.ts': 'export const app = createApp();\n',
  'src/util.ts': 'export function util() {}\n',
  'src/app.log': 'log line\n',
  'src/keep.log': 'kept despite *.log\n',
  'src/sub/.gitignore': 'local.txt\n',
  'src/sub/local.txt': 'ignored by the nested .gitignore\n',
  'src/sub/shared.txt': 'kept\n',
  'local.txt': 'the nested rule does not reach up here\n',
  'generated/out.ts': 'ignored folder\n',
  'node_modules/dep/index.js': 'dependency\n',
  '.git/config': '[core]\n',
  'dist/bundle.js': 'build output\n',
  'build/x.js': 'build output\n',
  'logo.png': 'not really a png\n',
  'data.bin': Buffer.from([0x41, 0x00, 0x42]),
  'blob.txt': Buffer.from([0x68, 0x69, 0x00, 0x00]),
  'package-lock.json': '{}\n',
  'app.min.js': 'minified\n',
  'big.ts': `// ${'x'.repeat(2000)}\n`,
  '.env': 'API_KEY=sk-live-secret-1\n',
  '.env.local': 'API_KEY=sk-live-secret-2\n',
  'certs/server.pem': '-----BEGIN PRIVATE KEY-----\n',
  id_rsa: '-----BEGIN OPENSSH PRIVATE KEY-----\n',
  'private/notes.md': 'excluded by the exclude setting\n',
  'README.md': '# project\n',
};

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-walk-'));
  for (const [rel, content] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  fs.writeFileSync(path.join(root, '.gitignore'), '*.log\n!keep.log\n/generated/\n');
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

const config = (over: Partial<Config> = {}): Config => ({
  ...defaultConfig(),
  'backend.kind': 'local',
  'local.maxFileBytes': 1000,
  ...over,
});

async function walkedBackend(
  over: Partial<Config> = {},
  isExcluded?: (p: string) => boolean,
  progress?: ProgressReporter,
): Promise<LocalBackend> {
  const { backend } = await createBackend(config(over), {
    env: {},
    log: silentLogger(),
    workspaceFolders: [root],
    isExcluded,
    progress,
  });
  const local = backend as LocalBackend;
  await local.ready;
  return local;
}

const abs = (rel: string): string => path.join(root, rel);

test('indexes source files; skips .gitignore’d, dependency, build, binary, generated and oversized files', async () => {
  const backend = await walkedBackend();
  try {
    const indexed = Object.keys(FILES).filter((rel) => backend.index.has(abs(rel)));
    assert.deepEqual(
      indexed.sort(),
      [
        'README.md',
        'local.txt',
        'src/app.ts',
        'src/keep.log',
        'src/sub/.gitignore',
        'src/sub/shared.txt',
        'src/util.ts',
        'private/notes.md',
      ].sort(),
    );
  } finally {
    backend.dispose();
  }
});

test('secrets are never indexed, even when the caller’s predicate allows everything', async () => {
  const backend = await walkedBackend({}, () => false);
  try {
    for (const secret of ['.env', '.env.local', 'certs/server.pem', 'id_rsa'])
      assert.equal(backend.index.has(abs(secret)), false, secret);
    const proposals = backend.index.suggest({
      prefix: 'x\nAPI_KEY=',
      suffix: '',
      languageId: 'dotenv',
      maxChars: 100,
      choices: 3,
    });
    assert.deepEqual(proposals, []);
    // Opening a secret file in the editor does not index it either.
    backend.index.setDocument(`file://${abs('.env')}`, 'API_KEY=sk-live-secret-1\n');
    assert.equal(backend.index.has(`file://${abs('.env')}`), false);
  } finally {
    backend.dispose();
  }
});

test('the exclude setting and the caller’s predicate are honoured', async () => {
  const backend = await walkedBackend({ exclude: ['private/**'] }, (p) => p.endsWith('util.ts'));
  try {
    assert.equal(backend.index.has(abs('private/notes.md')), false);
    assert.equal(backend.index.has(abs('src/util.ts')), false);
    assert.equal(backend.index.has(abs('src/app.ts')), true);
  } finally {
    backend.dispose();
  }
});

test('local.maxFiles bounds the walk; progress goes from begin through rising reports to end', async () => {
  const events: string[] = [];
  const progress: ProgressReporter = {
    begin: (title) => events.push(`begin ${title}`),
    report: (pct) => events.push(`report ${pct}`),
    end: () => events.push('end'),
  };
  const backend = await walkedBackend({ 'local.maxFiles': 3 }, undefined, progress);
  try {
    const { indexed, skipped } = await backend.ready;
    assert.ok(indexed > 0 && indexed + skipped === 3, `${indexed} indexed, ${skipped} skipped`);
    assert.equal(backend.index.stats().documents, indexed);
    assert.match(events[0], /^begin Indexing workspace/);
    assert.equal(events[events.length - 1], 'end');
    const pcts = events.filter((e) => e.startsWith('report')).map((e) => Number(e.split(' ')[1]));
    assert.ok(
      pcts.length > 0 && pcts.every((p, i) => i === 0 || p > pcts[i - 1]) && pcts[pcts.length - 1] === 100,
      String(pcts),
    );
  } finally {
    backend.dispose();
  }
});

test('the walk completes from what it indexed', async () => {
  const backend = await walkedBackend();
  try {
    const [proposal] = backend.index.suggest({
      prefix: 'y;\nexport const app = ',
      suffix: '',
      languageId: 'typescript',
      maxChars: 100,
      choices: 1,
    });
    assert.equal(proposal, 'createApp();');
  } finally {
    backend.dispose();
  }
});

test('an aborted walk stops early and still ends its progress', async () => {
  const ctl = new AbortController();
  ctl.abort();
  let ended = false;
  const index = new CorpusIndex();
  const result = await indexWorkspace(index, [root], {
    maxFiles: 100,
    maxFileBytes: 1000,
    isExcluded: () => false,
    signal: ctl.signal,
    progress: { begin() {}, report() {}, end: () => (ended = true) },
  });
  assert.equal(result.indexed, 0);
  assert.equal(ended, true);
});
