/**
 * Canaries on bare specifiers resolved through tsconfig `paths` and workspace packages (issue #14):
 * only the edited file is open; the real server over stdio and a loopback model that records
 * prompts. The headers of the mapped files must arrive (the control), the secrets in them masked,
 * and nothing of a file that a mapping points at but `exclude` covers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventually, promptText, workspaceFolder, workspaceSession } from '../support/session';

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
  const ws = workspaceFolder(FILES);
  const s = await workspaceSession(ws, { exclude: ['private/**'] });
  s.srv.respond('x');
  const c = s.client;
  const uri = ws.uri;
  try {
    let version = 1;
    const ask = async (): Promise<string> => {
      c.open(uri('src/main.ts'), MAIN, 'typescript', version++);
      const before = s.srv.completions().length;
      await c.call('textDocument/completion', {
        textDocument: { uri: uri('src/main.ts') },
        position: { line: 8, character: 2 },
      });
      c.notify('textDocument/didClose', { textDocument: { uri: uri('src/main.ts') } });
      return promptText(s.srv.completions().slice(before).pop()?.body);
    };
    const prompt = await eventually(ask, (p) => /class Mailer \{/.test(p) && /connectStore\(user/.test(p));
    assert.match(prompt, /function connectStore\(user = "admin", password = "\*+"/, 'found through tsconfig paths');
    assert.match(prompt, /class Mailer \{/, 'found through the workspace package, main mapped to src');
    assert.match(prompt, /send\(to: string, token = "ghp_/);
    assert.ok(!prompt.includes(PASSWORD) && !prompt.includes(GITHUB_SECRET), 'secrets in the headers are masked');
    assert.ok(
      !prompt.includes(EXCLUDED_MARKER) && !/function readVault/.test(prompt),
      'the excluded file a mapping points at never contributes',
    );
  } finally {
    assert.equal(await s.close(), 0);
    ws.remove();
  }
});
