/** arbor/contextReport: what a completion at a position would send, with where each piece comes from. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lsp-client';

test('the report lists the definition from a file that is not open, with its path; an excluded file gets a note', {
  timeout: 60_000,
}, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-report-'));
  fs.writeFileSync(
    path.join(root, 'shapes.py'),
    'def rectangle_area(width, height):\n    """Area of a rectangle."""\n    return width * height\n',
  );
  const main =
    'from shapes import rectangle_area\n\n\ndef total(rooms):\n    return sum(rectangle_area(w, h) for w, h in rooms)\n\n\nprint(rectangle_area(\n';
  fs.writeFileSync(path.join(root, 'main.py'), main);
  const uri = pathToFileURL(root).href;
  const client = new LspClient();
  try {
    await client.initialize(
      { window: { workDoneProgress: true } },
      {
        rootUri: uri,
        workspaceFolders: [{ uri, name: 'w' }],
        initializationOptions: { arbor: { exclude: ['secret.py'] } },
      },
    );
    const begin = await client.waitFor(
      (m) => m.method === '$/progress' && /workspace definitions/.test(m.params?.value?.title ?? ''),
      20_000,
      'index start',
    );
    await client.waitFor(
      (m) => m.method === '$/progress' && m.params?.token === begin.params.token && m.params?.value?.kind === 'end',
      20_000,
      'index end',
    );
    const mainUri = `${uri}/main.py`;
    client.open(mainUri, main);
    const report = await client.call('arbor/contextReport', {
      textDocument: { uri: mainUri },
      position: { line: 7, character: 21 },
    });
    assert.equal(report.budgetTokens, 2048);
    assert.ok(report.tokens > 0 && report.tokens <= report.budgetTokens);
    const sources = report.snippets.map((s: { source: string }) => s.source);
    assert.ok(sources.includes('prefix'), sources.join(','));
    const definition = report.snippets.find(
      (s: { source: string; path: string; text: string }) => s.source === 'definition' && s.path.endsWith('shapes.py'),
    );
    assert.ok(
      definition,
      `a definition from shapes.py: ${JSON.stringify(report.snippets.map((s: { source: string; path: string }) => [s.source, s.path]))}`,
    );
    assert.match(definition.text, /def rectangle_area\(width, height\)/);

    const secretUri = `${uri}/secret.py`;
    client.open(secretUri, 'TOKEN = 1\n');
    const excluded = await client.call('arbor/contextReport', {
      textDocument: { uri: secretUri },
      position: { line: 1, character: 0 },
    });
    assert.deepEqual(excluded.snippets, []);
    assert.match(excluded.note, /excluded/);
  } finally {
    await client.shutdown();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
