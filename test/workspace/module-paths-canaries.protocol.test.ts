/**
 * Canaries on bare specifiers resolved through tsconfig `paths` and workspace packages (issue #14):
 * only the edited file is open; the real server over stdio and a loopback model that records
 * prompts. The headers of the mapped files must arrive (the control), the secrets in them masked,
 * and nothing of a file that a mapping points at but `exclude` covers.
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
const EXCLUDED_MARKER = 'excluded_marker_7c2';

const MAIN = [
  "import { connectStore } from '@app/store';",
  "import { readVault } from '@private/vault';",
  "import { Mailer } from '@acme/mail';",
  '',
  'export function start() {',
  '  const store = connectStore();',
  '  const key = readVault();',
  '  const mail = new Mailer();',
  '  ',
  '}',
  '',
].join('\n');

const FILES: Record<string, string> = {
  'tsconfig.json':
    '{\n  // path aliases\n  "compilerOptions": {\n    "baseUrl": ".",\n    "paths": { "@app/*": ["src/app/*"], "@private/*": ["private/*"], },\n  },\n}\n',
  'package.json': '{"name": "root", "private": true, "workspaces": ["packages/*"]}',
  'packages/mail/package.json': '{"name": "@acme/mail", "main": "dist/index.js"}',
  'packages/mail/src/index.ts': `export class Mailer {\n  send(to: string, token = "ghp_${GITHUB_SECRET}"): void {}\n}\n`,
  'src/app/store.ts': `export function connectStore(user = "admin", password = "${PASSWORD}") {\n  return { user };\n}\n`,
  'private/vault.ts': `export function readVault(name = "${EXCLUDED_MARKER}") {\n  return name;\n}\n`,
  'src/main.ts': MAIN,
};

test('tsconfig paths and workspace packages: headers arrive, secrets masked, an excluded mapped file never', {
  timeout: 60_000,
}, async () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-pathcanary-')));
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
    const ask = async (): Promise<string> => {
      c.open(uri('src/main.ts'), MAIN, 'typescript', version++);
      const before = srv.completions().length;
      await c.call('textDocument/completion', {
        textDocument: { uri: uri('src/main.ts') },
        position: { line: 8, character: 2 },
      });
      c.notify('textDocument/didClose', { textDocument: { uri: uri('src/main.ts') } });
      const body = srv.completions().slice(before).pop()?.body;
      return `${body?.prompt ?? ''}${body?.suffix ?? ''}`;
    };
    const ready = /class Mailer \{/;
    let prompt = '';
    for (let i = 0; i < 40 && !(ready.test(prompt) && /connectStore\(user/.test(prompt)); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 100));
      prompt = await ask();
    }
    assert.match(prompt, /function connectStore\(user = "admin", password = "\*+"/, 'found through tsconfig paths');
    assert.match(prompt, /class Mailer \{/, 'found through the workspace package, main mapped to src');
    assert.match(prompt, /send\(to: string, token = "ghp_/);
    assert.ok(!prompt.includes(PASSWORD) && !prompt.includes(GITHUB_SECRET), 'secrets in the headers are masked');
    assert.ok(
      !prompt.includes(EXCLUDED_MARKER) && !/function readVault/.test(prompt),
      'the excluded file a mapping points at never contributes',
    );
  } finally {
    assert.equal(await c.shutdown(), 0);
    await srv.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
