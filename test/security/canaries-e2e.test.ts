/**
 * The canary corpus end to end, through the real server and a loopback OpenAI-compatible model
 * that records every request: each variant is opened under its own path and language id and
 * completed at its end (FIM API and chat API); a variant whose path is excluded (.env, .netrc, …)
 * sends nothing, so its text is completed again from a neutral file name. Code actions are
 * resolved on a Python file and a YAML file holding canaries. No secret part of any canary may
 * appear in any request body.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer, type RecordedRequest } from '../support/openai-server';
import { SHAPES, survivors } from './canaries';

const bodies = (requests: readonly RecordedRequest[]): string => requests.map((r) => JSON.stringify(r.body)).join('\n');

/** `shape (path)` for every variant whose secrets appear in `sent`. */
function leakedVariants(sent: string, only?: Set<string>): string[] {
  const out: string[] = [];
  for (const s of SHAPES) {
    if (only && !only.has(s.shape)) continue;
    const left = survivors(sent, s.secrets);
    if (left.length > 0) out.push(`${s.shape}: ${JSON.stringify(left)}`);
  }
  return out;
}

const endOf = (text: string) => {
  const lines = text.split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
};

const ACTION_PY = [
  'import boto3',
  '',
  '',
  'def connect_everything(url):',
  ...SHAPES.flatMap((s) =>
    s.variants
      .filter((v) => v.languageId === 'python')
      .map((v) =>
        v.text
          .trimEnd()
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      ),
  ),
  '    return url',
  '',
].join('\n');

const ACTION_YAML = SHAPES.flatMap((s) =>
  s.variants
    .filter((v) => v.languageId === 'yaml')
    .map(
      (v, i) =>
        `${s.shape.replace(/-/g, '_')}_${i}:\n${v.text
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}`,
    ),
).join('\n');

for (const api of ['completions', 'chat'] as const) {
  test(`no canary of the corpus reaches the model (api ${api})`, { timeout: 120_000 }, async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-canaries-'));
    const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
    const srv = await startOpenAIServer({ models: ['starcoder2-3b'] });
    srv.respond('pass');
    const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
    try {
      const init = await c.initialize(
        {
          textDocument: {
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
              resolveSupport: { properties: ['edit'] },
              dataSupport: true,
            },
          },
          workspace: { workspaceFolders: true },
        },
        {
          rootUri: uri(''),
          workspaceFolders: [{ uri: uri(''), name: 'w' }],
          initializationOptions: {
            arbor: {
              backend: {
                kind: 'openai',
                baseURL: srv.url,
                model: 'starcoder2-3b',
                api,
                fim: api === 'completions' ? 'starcoder' : 'auto',
                timeoutMs: 5000,
              },
              completion: { debounceMs: 0, contextTokens: 4096 },
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
      let completedOwn = 0;
      let completedNeutral = 0;
      for (const [si, shape] of SHAPES.entries()) {
        for (const [vi, variant] of shape.variants.entries()) {
          const own = uri(`c${si}-${vi}/${variant.path}`);
          c.open(own, variant.text, variant.languageId, version++);
          const before = srv.completions().length;
          await c.call('textDocument/completion', { textDocument: { uri: own }, position: endOf(variant.text) });
          if (srv.completions().length > before) {
            completedOwn++;
            continue;
          }
          // Excluded by name (or nothing to complete there): the same text from a neutral file.
          const neutral = uri(`c${si}-${vi}/snippet-${vi}.txt`);
          c.open(neutral, variant.text, 'plaintext', version++);
          const again = srv.completions().length;
          await c.call('textDocument/completion', { textDocument: { uri: neutral }, position: endOf(variant.text) });
          if (srv.completions().length > again) completedNeutral++;
        }
      }
      const variants = SHAPES.reduce((n, s) => n + s.variants.length, 0);
      assert.ok(
        completedOwn + completedNeutral >= variants * 0.9,
        `most variants reached the model as a prompt (${completedOwn} + ${completedNeutral} of ${variants})`,
      );

      let resolved = 0;
      if (init.capabilities.codeActionProvider) {
        for (const [rel, text, languageId] of [
          ['actions/connect.py', ACTION_PY, 'python'],
          ['actions/settings.yaml', ACTION_YAML, 'yaml'],
        ] as const) {
          const doc = uri(rel);
          c.open(doc, text, languageId, version++);
          const range = rel.endsWith('.py')
            ? { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } }
            : { start: { line: 0, character: 0 }, end: endOf(text) };
          const actions = await c.call('textDocument/codeAction', {
            textDocument: { uri: doc },
            range,
            context: { diagnostics: [] },
          });
          for (const action of actions.filter((a: any) => a.data !== undefined).slice(0, 2)) {
            const before = srv.completions().length;
            await c.request('codeAction/resolve', action, 20_000);
            if (srv.completions().length > before) resolved++;
          }
        }
        assert.ok(resolved > 0, 'a code action asked the model');
      }

      const sent = bodies(srv.requests);
      const leaks = leakedVariants(sent);
      if (leaks.length > 0 && process.env.ARBOR_CANARY_DEBUG)
        for (const r of srv.requests)
          if (leakedVariants(JSON.stringify(r.body)).length)
            process.stderr.write(`LEAK ${r.path} ${JSON.stringify(r.body).slice(0, 3000)}\n`);
      assert.deepEqual(
        leaks,
        [],
        `${leaks.length} of ${SHAPES.length} shapes reached the model (${srv.completions().length} requests, ${resolved} action resolves)`,
      );
      // Readable parts do reach it: the model still sees the code around the secrets.
      assert.match(sent, /boto3\.client\('s3', 'AKIA/);
      assert.match(sent, /Server=sql\.internal;Database=Shop;User Id=sa;Password=/);
    } finally {
      assert.equal(await c.shutdown(), 0);
      await srv.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
}
