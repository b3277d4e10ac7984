/**
 * Canaries on the new ways the workspace context reaches other files (issue #14): the members of
 * a receiver's class found through an `__init__.py` re-export, a Java class of the same package,
 * and names from a `*` import of an excluded file. Only the edited file is open; the real server
 * over stdio and a loopback model that records prompts. The ordinary headers must arrive (the
 * control), the secrets in them masked, and nothing of the excluded file.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';

const GITHUB_SECRET = 'aB3dE5fG7hJ9kL1mN3pQ5rS7tV9wX1yZ3bC5';
const PASSWORD = 'Hunter2-Canary-Pw-8841';
const EXCLUDED_MARKER = 'excluded_marker_5f1';

const FILES: Record<string, string> = {
  'main.py':
    'from pkg import Client\nfrom private.keys import *\n\n\ndef run():\n    load_key()\n    c = Client()\n    c.\n',
  'pkg/__init__.py': 'from .client import Client\n',
  'pkg/client.py': `class Client:\n    def login(self, user, password="${PASSWORD}"):\n        return user\n\n    def token(self, value="ghp_${GITHUB_SECRET}"):\n        return value\n`,
  'private/keys.py': `def load_key(name="${EXCLUDED_MARKER}"):\n    return name\n`,
  'src/app/Main.java': 'package app;\n\nclass Main {\n  void run() {\n    Vault v = new Vault();\n    v.\n  }\n}\n',
  'src/app/Vault.java': `package app;\n\npublic class Vault {\n  public static final String TOKEN = "ghp_${GITHUB_SECRET}";\n  public String open(String user) {\n    return user;\n  }\n}\n`,
};

test('workspace context through receivers, re-exports, Java packages and * imports: headers arrive, secrets masked, excluded files never', {
  timeout: 60_000,
}, async () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-wscanary-')));
  for (const [rel, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const srv = await startOpenAIServer({ models: ['starcoder2-3b'] });
  srv.respond('x');
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
  try {
    await c.initialize(
      { workspace: { workspaceFolders: true } },
      {
        rootUri: uri(''),
        workspaceFolders: [{ uri: uri(''), name: 'w' }],
        initializationOptions: {
          arbor: {
            backend: {
              kind: 'openai',
              baseURL: srv.url,
              model: 'starcoder2-3b',
              api: 'completions',
              fim: 'starcoder',
              timeoutMs: 5000,
            },
            completion: { debounceMs: 0 },
            exclude: ['private/**'],
          },
        },
      },
    );
    await c.waitFor(
      (m) => m.method === 'window/logMessage' && /starcoder2-3b/.test(m.params?.message ?? ''),
      10_000,
      'backend chosen',
    );
    let version = 1;
    const ask = async (rel: string, languageId: string): Promise<string> => {
      const lines = FILES[rel].split('\n');
      c.open(uri(rel), FILES[rel], languageId, version++);
      const before = srv.completions().length;
      await c.call('textDocument/completion', {
        textDocument: { uri: uri(rel) },
        position: {
          line: lines.length - (languageId === 'java' ? 4 : 2),
          character: lines[lines.length - (languageId === 'java' ? 4 : 2)].length,
        },
      });
      c.notify('textDocument/didClose', { textDocument: { uri: uri(rel) } });
      const body = srv.completions().slice(before).pop()?.body;
      return `${body?.prompt ?? ''}${body?.suffix ?? ''}`;
    };
    const eventually = async (rel: string, languageId: string, ready: RegExp) => {
      let prompt = '';
      for (let i = 0; i < 40 && !ready.test(prompt); i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100));
        prompt = await ask(rel, languageId);
      }
      return prompt;
    };

    const py = await eventually('main.py', 'python', /def login\(self, user, password=/);
    assert.match(
      py,
      /def login\(self, user, password=/,
      'the receiver class, found through pkg/__init__.py, lists its methods',
    );
    assert.match(py, /def token\(self, value="ghp_/);
    assert.ok(!py.includes(PASSWORD) && !py.includes(GITHUB_SECRET), 'secrets in the headers are masked');
    assert.ok(
      !py.includes(EXCLUDED_MARKER) && !/def load_key/.test(py),
      'the excluded file behind `*` never contributes',
    );

    const java = await eventually('src/app/Main.java', 'java', /public String open\(String user\)/);
    assert.match(java, /public String open\(String user\)/, 'a class of the same package, without an import');
    assert.match(java, /public static final String TOKEN = "ghp_/);
    assert.ok(!java.includes(GITHUB_SECRET), 'the secret in the Java constant is masked');
  } finally {
    assert.equal(await c.shutdown(), 0);
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
