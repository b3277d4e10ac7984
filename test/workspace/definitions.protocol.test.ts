/**
 * The workspace definitions index end to end: a temp workspace on disk, only the edited file open,
 * the real server over stdio and a loopback model that records prompts. The definition of a name
 * imported from a file that is not open reaches the prompt; a secret in it is masked; excluded
 * files (`.env`, a path under `exclude`) never contribute. Go and C# names resolve through their
 * imports to the right package or namespace.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LspClient } from '../support/lsp-client';
import { eventually, promptText, type WorkspaceFolder, workspaceFolder, workspaceSession } from '../support/session';

const GITHUB_SECRET = 'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5';
const PRIVATE_MARKER = 'private_marker_4e8';
const ENV_MARKER = 'ENV_ONLY_MARKER_7c1';

const PY = {
  'pkg/app.py':
    'from .shapes import make_widget\nfrom .private.helpers import private_marker_4e8\n\n\ndef main():\n    private_marker_4e8(1)\n    w = make_widget(\n',
  'pkg/shapes.py': `import os\n\n\ndef make_widget(name: str, size: int = 3, token: str = "ghp_${GITHUB_SECRET}") -> "Widget":\n    """Builds a widget."""\n    return Widget(name, size)\n\n\nclass Widget:\n    def __init__(self, name, size):\n        self.name = name\n`,
  'pkg/private/helpers.py': `def ${PRIVATE_MARKER}(x):\n    return x\n`,
  '.env': `make_widget=${ENV_MARKER}\n`,
};

const TS = {
  'src/main.ts':
    "import { computeTotal } from './lib/math';\n\nexport function run(items: number[]) {\n  const t = computeTotal(\n",
  'src/lib/math.ts':
    'export function computeTotal(items: number[], rate = 0.2): number {\n  return items.reduce((a, b) => a + b, 0) * (1 + rate);\n}\n',
  'src/legacy.js': "const Thing = require('./thing');\n\nfunction go() {\n  return new Thing(\n",
  'src/thing.js':
    'class Thing {\n  constructor(label, weight) {\n    this.label = label;\n  }\n  describe(prefix) {\n    return prefix + this.label;\n  }\n}\nmodule.exports = Thing;\n',
};

async function withServer(
  files: Record<string, string>,
  run: (c: LspClient, ws: WorkspaceFolder, ask: (rel: string, languageId: string) => Promise<string>) => Promise<void>,
) {
  const ws = workspaceFolder(files);
  const s = await workspaceSession(ws, {
    completion: { debounceMs: 0, contextTokens: 4096 },
    exclude: ['pkg/private/**'],
  });
  s.srv.respond('x)');
  const c = s.client;
  const srv = s.srv;
  try {
    let version = 1;
    const ask = async (rel: string, languageId: string): Promise<string> => {
      const text = files[rel];
      const lines = text.split('\n');
      c.open(ws.uri(rel), text, languageId, version++);
      const position = { line: lines.length - 2, character: lines[lines.length - 2].length };
      const before = srv.completions().length;
      await c.call('textDocument/completion', { textDocument: { uri: ws.uri(rel) }, position });
      c.notify('textDocument/didClose', { textDocument: { uri: ws.uri(rel) } });
      const sent = srv.completions().slice(before);
      assert.equal(sent.length, 1, 'one model request');
      return promptText(sent[0].body);
    };
    await run(c, ws, ask);
  } finally {
    assert.equal(await s.close(), 0);
    ws.remove();
  }
}

test('Python: the imported definition from a file that is not open reaches the prompt, secrets masked, excluded files never', {
  timeout: 60_000,
}, async () => {
  await withServer(PY, async (_c, _ws, ask) => {
    const prompt = await eventually(
      () => ask('pkg/app.py', 'python'),
      (p) => p.includes('def make_widget('),
    );
    assert.match(prompt, /def make_widget\(name: str, size: int = 3, token: str = "ghp_/);
    assert.match(prompt, /pkg\/shapes\.py/, 'the origin path is named');
    assert.ok(!prompt.includes(GITHUB_SECRET), 'the secret in the definition is masked');
    assert.ok(!prompt.includes(`def ${PRIVATE_MARKER}`), 'a file under `exclude` never contributes');
    assert.ok(!prompt.includes(ENV_MARKER), '.env never contributes');
  });
});

test('TypeScript and CommonJS: imported definitions reach the prompt; require() is not a local definition', {
  timeout: 60_000,
}, async () => {
  await withServer(TS, async (_c, _ws, ask) => {
    const prompt = await eventually(
      () => ask('src/main.ts', 'typescript'),
      (p) => p.includes('function computeTotal('),
    );
    assert.match(prompt, /function computeTotal\(items: number\[\], rate = 0\.2\): number/);
    assert.match(prompt, /src\/lib\/math\.ts/);
    const js = await ask('src/legacy.js', 'javascript');
    assert.match(js, /class Thing/);
    assert.match(js, /constructor\(label, weight\)/, 'class members as outline lines');
  });
});

const COMPILED = {
  'cmd/api/main.go':
    'package main\n\nimport (\n\t"fmt"\n\tst "example.com/shop/internal/store"\n)\n\nfunc main() {\n\tfmt.Println("start")\n\ts := st.Open(\n',
  'internal/store/store.go':
    'package store\n\ntype Store struct{}\n\nfunc Open(path string, readOnly bool) *Store {\n\treturn &Store{}\n}\n',
  'tools/other/open.go': 'package other\n\nfunc Open(id int, retries int) error {\n\treturn nil\n}\n',
  'src/App/Service.cs':
    'using Acme.Data;\n\nnamespace Acme.App {\n  public class Service {\n    public void Run() {\n      var repo = new Repository(\n',
  'src/Data/Repository.cs':
    'namespace Acme.Data {\n  public class Repository {\n    public Repository(string connection, int timeout) {}\n    public void Save(object item) {}\n  }\n}\n',
};

test('Go and C#: the package imported by path and the class in a used namespace reach the prompt, not a namesake elsewhere', {
  timeout: 60_000,
}, async () => {
  await withServer(COMPILED, async (_c, _ws, ask) => {
    const go = await eventually(
      () => ask('cmd/api/main.go', 'go'),
      (p) => p.includes('func Open(path string'),
    );
    assert.match(go, /func Open\(path string, readOnly bool\) \*Store/);
    assert.match(go, /internal\/store\/store\.go/);
    assert.ok(!go.includes('func Open(id int'), 'the Open of another package stays out');
    // The index may still be reading the C# files when the Go definition arrives.
    const cs = await eventually(
      () => ask('src/App/Service.cs', 'csharp'),
      (p) => p.includes('public class Repository'),
    );
    assert.match(cs, /public class Repository/);
    assert.match(cs, /src\/Data\/Repository\.cs/);
  });
});
