import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { SERVER_JS } from '../support/lsp-client';

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [SERVER_JS, ...args], {
      env: { ...process.env, XDG_CONFIG_HOME: '/nonexistent-arbor-test', ...env },
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => resolve({ code, out }));
  });
}

test('doctor prints the resolved configuration with the key masked, every grammar, and the backend check', {
  timeout: 60_000,
}, async () => {
  const key = ['sk', 'doctorcanary', '0123456789abcdef'].join('-');
  const { code, out } = await run(['doctor'], {
    ARBOR_BACKEND_KIND: 'local',
    OPENAI_API_KEY: key,
    ARBOR_LOG_LEVEL: 'warn',
  });
  assert.equal(code, 0, out);
  assert.match(out, /log\.level\s+"warn"/);
  assert.match(out, /ok\s+python/);
  assert.match(out, /ok\s+lua/);
  assert.match(out, /offline engine/i);
  assert.doesNotMatch(out, /doctorcanary/);
});

test('demo runs the real server on the offline engine and prints completions, and why there are no code actions', {
  timeout: 90_000,
}, async () => {
  const { code, out } = await run(['demo'], { ARBOR_BACKEND_KIND: '', OPENAI_API_KEY: '' });
  assert.equal(code, 0, out);
  assert.match(out, /initialize answered in \d+ ms/);
  assert.match(out, /→ "/, 'at least one suggestion');
  const [, matched, asked] = /(\d+) of (\d+) suggestions are what the file has/.exec(out) ?? [];
  assert.ok(Number(asked) >= 3 && matched === asked, `every suggestion is the file's own text:\n${out}`);
  assert.doesNotMatch(out, /"level":/, 'the server log stays out of the output');
  assert.match(out, /AI code actions need a chat model/, 'the offline engine offers no actions and says why');
});

test('doctor --settings applies the settings an editor sends, from JSON or a file, with their problems', {
  timeout: 60_000,
}, async () => {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const path = await import('node:path');
  const settings = { arbor: { backend: { kind: 'local', modle: 'x' }, completion: { debounceMs: 7 } } };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-doctor-')), 'settings.json');
  fs.writeFileSync(file, JSON.stringify(settings));
  for (const arg of [JSON.stringify(settings), file]) {
    const { out } = await run(['doctor', '--settings', arg], { ARBOR_LOG_LEVEL: 'warn' });
    assert.match(out, /resolved configuration \(file \+ environment \+ editor settings/);
    assert.match(out, /completion\.debounceMs\s+7/);
    assert.match(out, /did you mean "backend\.model"/);
    assert.match(out, /offline engine/);
  }
  const { out } = await run(['doctor', '--settings', '{broken'], { ARBOR_BACKEND_KIND: 'local' });
  assert.match(out, /--settings value is not valid JSON; ignored/);
});
