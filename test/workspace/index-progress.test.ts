/** The workspace definitions index and the code-referencing index show their builds as work-done progress. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';

test('both background indexes begin and end a $/progress the client can show', { timeout: 60_000 }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-progress-'));
  fs.writeFileSync(path.join(root, 'shapes.py'), 'def area(w, h):\n    return w * h\n');
  fs.mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'node_modules', 'dep', 'package.json'),
    '{"name": "dep", "version": "1.0.0", "license": "MIT"}',
  );
  fs.writeFileSync(
    path.join(root, 'node_modules', 'dep', 'index.js'),
    'module.exports = function dep() { return 1; };\n',
  );
  const uri = pathToFileURL(root).href;
  const client = new LspClient();
  try {
    await client.initialize(
      { window: { workDoneProgress: true } },
      { rootUri: uri, workspaceFolders: [{ uri, name: 'w' }] },
    );
    const titles = ['indexing workspace definitions', 'indexing dependency sources'];
    for (const title of titles) {
      const begin = await client.waitFor(
        (m) =>
          m.method === '$/progress' &&
          m.params?.value?.kind === 'begin' &&
          String(m.params.value.title).includes(title),
        20_000,
        `progress "${title}"`,
      );
      await client.waitFor(
        (m) => m.method === '$/progress' && m.params?.token === begin.params.token && m.params?.value?.kind === 'end',
        20_000,
        `end of "${title}"`,
      );
    }
  } finally {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
