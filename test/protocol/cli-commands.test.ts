import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { SERVER_JS } from '../support/lsp-client';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [SERVER_JS, ...args], { env: { ...process.env, XDG_CONFIG_HOME: '/nonexistent-arbor-test', ...env } });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

test('doctor prints the resolved configuration with the key masked, every grammar, and the backend check', { timeout: 60_000 }, async () => {
  const key = ['sk', 'doctorcanary', '0123456789abcdef'].join('-');
  const { code, out } = await run(['doctor'], { ARBOR_BACKEND_KIND: 'local', OPENAI_API_KEY: key, ARBOR_LOG_LEVEL: 'warn' });
  assert.equal(code, 0, out);
  assert.match(out, /log\.level\s+"warn"/);
  assert.match(out, /ok\s+python/);
  assert.match(out, /ok\s+lua/);
  assert.match(out, /offline engine/i);
  assert.doesNotMatch(out, /doctorcanary/);
});

test('demo runs the real server on the offline engine and prints completions, and why there are no code actions', { timeout: 90_000 }, async () => {
  const { code, out } = await run(['demo'], { ARBOR_BACKEND_KIND: '', OPENAI_API_KEY: '' });
  assert.equal(code, 0, out);
  assert.match(out, /initialize answered in \d+ ms/);
  assert.match(out, /→ "/, 'at least one suggestion');
  const [, matched, asked] = /(\d+) of (\d+) suggestions are what the file has/.exec(out) ?? [];
  assert.ok(Number(asked) >= 3 && matched === asked, `every suggestion is the file's own text:\n${out}`);
  assert.doesNotMatch(out, /"level":/, 'the server log stays out of the output');
  assert.match(out, /AI code actions need a chat model/, 'the offline engine offers no actions and says why');
});
