/**
 * Canaries on the new ways the workspace context reaches other files (issue #14): the members of
 * a receiver's class found through an `__init__.py` re-export, a Java class of the same package,
 * and names from a `*` import of an excluded file. Only the edited file is open; the real server
 * over stdio and a loopback model that records prompts. The ordinary headers must arrive (the
 * control), the secrets in them masked, and nothing of the excluded file.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually, promptText, workspaceFolder, workspaceSession } from '../support/session';

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
  const ws = workspaceFolder(FILES);
  const s = await workspaceSession(ws, { exclude: ['private/**'] });
  s.srv.respond('x');
  const c = s.client;
  const uri = ws.uri;
  try {
    let version = 1;
    const ask = async (rel: string, languageId: string): Promise<string> => {
      const lines = FILES[rel].split('\n');
      c.open(uri(rel), FILES[rel], languageId, version++);
      const before = s.srv.completions().length;
      await c.call('textDocument/completion', {
        textDocument: { uri: uri(rel) },
        position: {
          line: lines.length - (languageId === 'java' ? 4 : 2),
          character: lines[lines.length - (languageId === 'java' ? 4 : 2)].length,
        },
      });
      c.notify('textDocument/didClose', { textDocument: { uri: uri(rel) } });
      return promptText(s.srv.completions().slice(before).pop()?.body);
    };
    const when = (rel: string, languageId: string, ready: RegExp) =>
      eventually(
        () => ask(rel, languageId),
        (p) => ready.test(p),
      );

    const py = await when('main.py', 'python', /def login\(self, user, password=/);
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

    const java = await when('src/app/Main.java', 'java', /public String open\(String user\)/);
    assert.match(java, /public String open\(String user\)/, 'a class of the same package, without an import');
    assert.match(java, /public static final String TOKEN = "ghp_/);
    assert.ok(!java.includes(GITHUB_SECRET), 'the secret in the Java constant is masked');
  } finally {
    assert.equal(await s.close(), 0);
    ws.remove();
  }
});
