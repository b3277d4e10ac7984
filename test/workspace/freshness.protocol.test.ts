/**
 * How the workspace index stays current, over real stdio: workspace/didChangeWatchedFiles
 * registered dynamically where the client allows it and acted on; a recently closed file changed
 * on disk with no watcher is noticed by the mtime/size check; a walk cut short by
 * workspace.maxEntries is said once in window/showMessage.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lsp-client';

const MAIN = 'from extra import freshly_added\n\n\nprint(freshly_added(\n';

async function indexed(
  client: LspClient,
  capabilities: Record<string, unknown>,
  root: string,
  arbor: Record<string, unknown> = {},
): Promise<void> {
  const uri = pathToFileURL(root).href;
  await client.initialize(
    { window: { workDoneProgress: true }, ...capabilities },
    { rootUri: uri, workspaceFolders: [{ uri, name: 'w' }], initializationOptions: { arbor } },
  );
  const begin = await client.waitFor(
    (m) => m.method === '$/progress' && /workspace definitions/.test(m.params?.value?.title ?? ''),
    20_000,
    'index start',
  );
  await client.waitFor(
    (m) => m.method === '$/progress' && m.params?.token === begin.params.token && m.params?.value?.kind === 'end',
    60_000,
    'index end',
  );
}

/** The header lines of definitions from `file` in the context a completion in main.py would get. */
async function definitionsFrom(client: LspClient, root: string, file: string): Promise<string> {
  const report = await client.call('arbor/contextReport', {
    textDocument: { uri: pathToFileURL(path.join(root, 'main.py')).href },
    position: { line: 3, character: 19 },
  });
  return report.snippets
    .filter((s: { source: string; path: string }) => s.source === 'definition' && s.path.endsWith(file))
    .map((s: { text: string }) => s.text)
    .join('\n');
}

async function eventually(what: string, check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function tempWorkspace(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-fresh-')));
  fs.writeFileSync(path.join(root, 'main.py'), MAIN);
  return root;
}

test('didChangeWatchedFiles is registered when the client allows it, and a created, changed and deleted file updates the index', {
  timeout: 90_000,
}, async () => {
  const root = tempWorkspace();
  const client = new LspClient();
  try {
    await indexed(client, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, root);
    const registration = client.serverRequests.find(
      (m) =>
        m.method === 'client/registerCapability' &&
        m.params.registrations.some((r: { method: string }) => r.method === 'workspace/didChangeWatchedFiles'),
    );
    assert.ok(registration, 'client/registerCapability for workspace/didChangeWatchedFiles');
    const watcher = registration.params.registrations.find(
      (r: { method: string }) => r.method === 'workspace/didChangeWatchedFiles',
    ).registerOptions.watchers[0];
    assert.match(watcher.globPattern, /^\*\*\/\*\.\{.*\bpy\b.*\}$/);
    assert.match(watcher.globPattern, /\bts\b/);

    client.open(pathToFileURL(path.join(root, 'main.py')).href, MAIN);
    assert.equal(
      await definitionsFrom(client, root, 'extra.py'),
      '',
      'extra.py did not exist when the index was built',
    );
    const extra = path.join(root, 'extra.py');
    const extraUri = pathToFileURL(extra).href;
    fs.writeFileSync(extra, 'def freshly_added(first_arg, second_arg):\n    return first_arg\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: extraUri, type: 1 }] });
    await eventually('the created file indexed', async () =>
      /def freshly_added\(first_arg, second_arg\)/.test(await definitionsFrom(client, root, 'extra.py')),
    );

    fs.writeFileSync(extra, 'def freshly_added(renamed_arg):\n    return renamed_arg\n');
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: extraUri, type: 2 }] });
    await eventually('the changed file re-indexed', async () =>
      /def freshly_added\(renamed_arg\)/.test(await definitionsFrom(client, root, 'extra.py')),
    );

    fs.rmSync(extra);
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: extraUri, type: 3 }] });
    await eventually('the deleted file dropped', async () => (await definitionsFrom(client, root, 'extra.py')) === '');
  } finally {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('without dynamic registration nothing is registered; a recently closed file changed on disk is re-read by the mtime/size check', {
  timeout: 90_000,
}, async () => {
  const root = tempWorkspace();
  const extra = path.join(root, 'extra.py');
  fs.writeFileSync(extra, 'def freshly_added(old_arg):\n    return old_arg\n');
  const client = new LspClient();
  try {
    await indexed(client, {}, root);
    assert.ok(
      !client.serverRequests.some(
        (m) => m.method === 'client/registerCapability' && JSON.stringify(m.params).includes('didChangeWatchedFiles'),
      ),
    );
    client.open(pathToFileURL(path.join(root, 'main.py')).href, MAIN);
    const extraUri = pathToFileURL(extra).href;
    client.open(extraUri, fs.readFileSync(extra, 'utf8'));
    client.notify('textDocument/didClose', { textDocument: { uri: extraUri } });
    await eventually('the old definition', async () => /old_arg/.test(await definitionsFrom(client, root, 'extra.py')));
    // Changed outside the editor (a checkout): no notification at all. Size changes too, so a
    // coarse mtime alone cannot hide it.
    fs.writeFileSync(extra, 'def freshly_added(new_arg_from_checkout):\n    return new_arg_from_checkout\n');
    await eventually('the re-read definition', async () =>
      /new_arg_from_checkout/.test(await definitionsFrom(client, root, 'extra.py')),
    );
  } finally {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a walk cut short by workspace.maxEntries says so once, naming the setting', { timeout: 90_000 }, async () => {
  const root = tempWorkspace();
  for (let d = 0; d < 12; d++) {
    fs.mkdirSync(path.join(root, `d${d}`));
    for (let f = 0; f < 100; f++)
      fs.writeFileSync(path.join(root, `d${d}`, `m${f}.py`), `def f_${d}_${f}():\n    pass\n`);
  }
  const client = new LspClient();
  try {
    await indexed(client, {}, root, { workspace: { maxEntries: 1000 } });
    await eventually(
      'the message',
      async () =>
        client.notifications.some(
          (m) => m.method === 'window/showMessage' && /workspace\.maxEntries/.test(m.params.message),
        ),
      5000,
    );
    client.notify('workspace/didChangeConfiguration', { settings: { arbor: { workspace: { maxEntries: 1001 } } } });
    const begin = await client.waitFor(
      (m) =>
        m.method === '$/progress' &&
        m.params?.value?.kind === 'begin' &&
        /workspace definitions/.test(m.params.value.title) &&
        client.notifications.filter(
          (n) =>
            n.method === '$/progress' &&
            n.params?.value?.kind === 'begin' &&
            /workspace definitions/.test(n.params.value.title),
        ).length === 2,
      20_000,
      'second build',
    );
    await client.waitFor(
      (m) => m.method === '$/progress' && m.params?.token === begin.params.token && m.params?.value?.kind === 'end',
      60_000,
      'second build end',
    );
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(
      client.notifications.filter(
        (m) => m.method === 'window/showMessage' && /workspace\.maxEntries/.test(m.params.message),
      ).length,
      1,
    );
  } finally {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
