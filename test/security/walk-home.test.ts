/**
 * The offline engine (backend.kind local) with a workspace folder that looks like a home directory
 * or like `/`: credentials, histories and account databases are never indexed, so a completion
 * never offers their content, and a real home directory (HOME) is not walked unless
 * local.allowHomeRoot says so — with a message saying why and how to change it. Over stdio.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { CorpusIndex } from '../../server/backends/local/corpus-index';
import { indexWorkspace } from '../../server/backends/local/index-workspace';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { LspClient, offeredAfter as offered, until } from '../support/lsp-client';

/** A function whose body only one file knows: asking for the body after its header reveals the file. */
const fn = (name: string, marker: string, factor = 7919) =>
  `def ${name}(alpha, beta):\n    return alpha * ${factor} + ${marker}\n`;

const SECRETS: Record<string, [string, string]> = {
  '.bash_history': ['hist_fn', 'bash_history_canary_h1'],
  '.zsh_history': ['zhist_fn', 'zsh_history_canary_h2'],
  '.ssh/deploy_key': ['ssh_fn', 'ssh_deploy_key_canary_h3'],
  '.kube/config': ['kube_fn', 'kube_config_canary_h4'],
  '.docker/config.json': ['docker_fn', 'docker_config_canary_h5'],
  '.config/gh/hosts.yml': ['gh_fn', 'gh_hosts_canary_h6'],
  '.aws/config': ['aws_fn', 'aws_config_canary_h7'],
  'etc/shadow': ['shadow_fn', 'etc_shadow_canary_h8'],
  'etc/gshadow': ['gshadow_fn', 'etc_gshadow_canary_h9'],
  'etc/npmrc': ['npmrc_fn', 'etc_npmrc_canary_h10'],
};

function makeHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-home-'));
  const files: Record<string, string> = {
    'projects/app/shapes.py': fn('harmonize_gadget', 'control_visible_c0', 4241),
  };
  for (const [rel, [name, marker]] of Object.entries(SECRETS)) files[rel] = fn(name, marker);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(home, rel)), { recursive: true });
    fs.writeFileSync(path.join(home, rel), text);
  }
  return home;
}

async function offlineServer(
  home: string,
  settings: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<LspClient> {
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'info', ...env } });
  await c.initialize(
    { textDocument: { inlineCompletion: {} } },
    {
      rootUri: pathToFileURL(home).href,
      workspaceFolders: [{ uri: pathToFileURL(home).href, name: 'home' }],
      initializationOptions: { arbor: { backend: { kind: 'local' }, completion: { debounceMs: 0 }, ...settings } },
    },
  );
  return c;
}

test('a home-like workspace folder (local.allowHomeRoot on): credentials, histories and /etc secrets are never offered', {
  timeout: 60_000,
}, async () => {
  const home = makeHome();
  const c = await offlineServer(home, { local: { allowHomeRoot: true } });
  try {
    await until(() => /offline engine: workspace indexed/.test(c.stderr), 20_000, 'the workspace walk');
    const uri = pathToFileURL(path.join(home, 'projects/app/main.py')).href;
    const control = await offered(c, uri, 'def harmonize_gadget(alpha, beta):\n    return ');
    assert.ok(
      control.some((t) => t.includes('control_visible_c0')),
      `the control file is learned: ${JSON.stringify(control)}`,
    );
    for (const [rel, [name, marker]] of Object.entries(SECRETS)) {
      const got = await offered(c, uri, `def ${name}(alpha, beta):\n    return `);
      assert.ok(
        !got.some((t) => t.includes(marker) || t.includes('7919')),
        `${rel} was offered: ${JSON.stringify(got)}`,
      );
    }
  } finally {
    assert.equal(await c.shutdown(), 0);
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('the home directory (HOME) as workspace folder is not walked; a message names local.allowHomeRoot', {
  timeout: 60_000,
}, async () => {
  const home = makeHome();
  const c = await offlineServer(home, {}, { HOME: home });
  try {
    const shown = await c.waitFor(
      (m) => m.method === 'window/showMessage' && /home directory/.test(String(m.params?.message)),
      15_000,
      'the refusal message',
    );
    assert.match(shown.params.message, /local\.allowHomeRoot/);
    await until(() => /offline engine: workspace indexed/.test(c.stderr), 20_000, 'the walk to finish');
    const uri = pathToFileURL(path.join(home, 'projects/app/main.py')).href;
    const got = await offered(c, uri, 'def harmonize_gadget(alpha, beta):\n    return ');
    assert.ok(!got.some((t) => t.includes('control_visible_c0')), 'nothing under the home directory was indexed');
  } finally {
    assert.equal(await c.shutdown(), 0);
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('the built-in exclusions cover credential folders, histories and account databases, for prompts as for the index', () => {
  const atHome = createExclusionMatcher([], ['/home/u']);
  for (const p of [
    '/home/u/.ssh/deploy_key',
    '/home/u/.kube/config',
    '/home/u/.docker/config.json',
    '/home/u/.config/gh/hosts.yml',
    '/home/u/.bash_history',
    '/home/u/.zsh_history',
    '/home/u/.aws/config',
    '/home/u/.gnupg/pubring.kbx',
    '/home/u/.python_history',
  ]) {
    assert.equal(atHome(p), true, p);
  }
  const atRoot = createExclusionMatcher([], ['/']);
  for (const p of ['/etc/shadow', '/etc/gshadow', '/etc/npmrc', '/etc/shadow-', '/etc/passwd-'])
    assert.equal(atRoot(p), true, p);
  for (const p of ['/home/u/src/history.py', '/home/u/src/shadow.css', '/home/u/src/config.py'])
    assert.equal(atHome(p), false, p);
});

test('a workspace folder in /proc is never walked, and the walk ends', { timeout: 30_000 }, async () => {
  const index = new CorpusIndex();
  const started = Date.now();
  const result = await indexWorkspace(index, [`/proc/${process.pid}`], {
    maxFiles: 50,
    maxFileBytes: 100_000,
    isExcluded: () => false,
    allowHomeRoot: true,
  } as never);
  assert.equal(result.indexed, 0, 'procfs files were indexed');
  assert.ok(Date.now() - started < 5000);
});

test('`/` as workspace folder is not walked: a message says why and names local.allowHomeRoot; the server exits promptly', {
  timeout: 60_000,
}, async () => {
  // Not run against the code before this change: its walk of `/` reads /proc/kmsg, which consumes the host's kernel log and then blocks.
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'info' } });
  try {
    await c.initialize({}, { rootUri: 'file:///', initializationOptions: { arbor: { backend: { kind: 'local' } } } });
    const shown = await c.waitFor(
      (m) => m.method === 'window/showMessage' && /file system root/.test(String(m.params?.message)),
      15_000,
      'the refusal message',
    );
    assert.match(shown.params.message, /local\.allowHomeRoot/);
    await until(() => /offline engine: workspace indexed/.test(c.stderr), 10_000, 'the walk to end');
  } finally {
    const started = Date.now();
    assert.equal(await c.shutdown(), 0);
    assert.ok(Date.now() - started < 3000, `exit took ${Date.now() - started} ms`);
  }
});
