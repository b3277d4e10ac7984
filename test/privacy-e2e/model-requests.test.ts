/**
 * Privacy end to end, against the real server and a loopback model that records every request:
 * canary secrets planted in the current file, in other open files and in excluded files (open in
 * the editor and on disk in the workspace folder) never reach the model, while the ordinary code
 * around them does; an excluded document as the current file causes no model request at all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';
import { APP_PY, CANARY, EXCLUDED_MARKER, leaks, makeWorkspace, sentText, UTIL_PY } from './workspace';

const EXCLUDED = ['.env', 'id_rsa', 'config/secrets.yml', 'private/helpers.py'];
const languageOf = (rel: string) => (rel.endsWith('.py') ? 'python' : rel.endsWith('.yml') ? 'yaml' : 'plaintext');

for (const api of ['completions', 'chat'] as const) {
  test(`canaries never reach the model (api ${api}); ordinary code does; excluded documents send nothing`, {
    timeout: 30_000,
  }, async () => {
    const ws = makeWorkspace();
    const srv = await startOpenAIServer({ models: ['starcoder2-3b'] });
    srv.respond('cleaned.upper()');
    const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
    try {
      const init = await c.initialize(
        {
          textDocument: {
            inlineCompletion: {},
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
              resolveSupport: { properties: ['edit'] },
              dataSupport: true,
            },
          },
          workspace: { workspaceFolders: true },
        },
        {
          rootUri: ws.uri(''),
          workspaceFolders: [{ uri: ws.uri(''), name: 'w' }],
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
      // Every file open in the editor, excluded ones included.
      for (const [rel, text] of Object.entries(ws.files)) c.open(ws.uri(rel), text, languageOf(rel), 1);
      const app = ws.uri('app.py');
      const end = { line: APP_PY.split('\n').length - 1, character: APP_PY.split('\n').at(-1)!.length };

      const list = await c.call('textDocument/completion', { textDocument: { uri: app }, position: end });
      assert.equal(list.items.length, 1, 'the completion went through');
      await c.call('textDocument/inlineCompletion', {
        textDocument: { uri: app },
        position: end,
        context: { triggerKind: 1 },
      });
      // The other open file as the current one: its own canaries are its prefix now.
      const utilEnd = { line: 3, character: UTIL_PY.split('\n')[3].length };
      await c.call('textDocument/inlineCompletion', {
        textDocument: { uri: ws.uri('util.py') },
        position: utilEnd,
        context: { triggerKind: 1 },
      });
      const fim = srv.completions();
      assert.ok(fim.length >= 2, `model requests were made (${fim.length})`);

      // Ordinary code reaches the model: the current file around the canaries, and the other file's definition.
      const text = sentText(fim);
      assert.match(text, /def ordinary_marker_function\(widget\):/);
      assert.match(text, /cleaned = normalise_widget\(widget\)/);
      assert.match(text, /AWS_ACCESS_KEY_ID = "AKIA/, 'the line holding a secret is sent, masked');
      assert.match(text, /util_marker_visible|def normalise_widget/, 'the other open file contributes context');

      // Excluded documents as the current file: an empty answer and no model request.
      for (const rel of EXCLUDED) {
        const before = srv.completions().length;
        const uri = ws.uri(rel);
        const lines = ws.files[rel].split('\n');
        const at = { line: lines.length - 1, character: 0 };
        const menu = await c.call('textDocument/completion', { textDocument: { uri }, position: at });
        const ghost = await c.call('textDocument/inlineCompletion', {
          textDocument: { uri },
          position: at,
          context: { triggerKind: 1 },
        });
        assert.deepEqual(menu.items, [], `${rel}: empty completion`);
        assert.deepEqual(ghost.items, [], `${rel}: empty inline completion`);
        assert.equal(srv.completions().length, before, `${rel}: no model request`);
      }

      // Code actions, when served: resolving one on the file with canaries sends no canary either;
      // on an excluded file nothing is sent.
      if (init.capabilities.codeActionProvider) {
        const whole = { start: { line: 0, character: 0 }, end: end };
        const actions = await c.call('textDocument/codeAction', {
          textDocument: { uri: app },
          range: whole,
          context: { diagnostics: [] },
        });
        const resolvable = actions.filter((a: any) => a.data !== undefined).slice(0, 2);
        const sentBefore = srv.completions().length;
        for (const action of resolvable) {
          const resolved = await c.request('codeAction/resolve', action, 20_000);
          assert.equal(resolved.error, undefined, JSON.stringify(resolved.error));
        }
        assert.ok(
          resolvable.length > 0 && srv.completions().length > sentBefore,
          `resolving actions (${resolvable.map((a: any) => a.title).join(', ')}) asked the model`,
        );
        const onFunction = await c.call('textDocument/codeAction', {
          textDocument: { uri: app },
          range: { start: { line: 11, character: 4 }, end: { line: 11, character: 4 } },
          context: { diagnostics: [] },
        });
        for (const action of onFunction.filter((a: any) => a.data !== undefined).slice(0, 1))
          await c.request('codeAction/resolve', action, 20_000);
        const before = srv.completions().length;
        for (const rel of EXCLUDED) {
          const excludedActions = await c.call('textDocument/codeAction', {
            textDocument: { uri: ws.uri(rel) },
            range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
            context: { diagnostics: [] },
          });
          for (const action of excludedActions.filter((a: any) => a.data !== undefined))
            await c.request('codeAction/resolve', action, 20_000);
          // A forged action naming the excluded file is refused too.
          if (resolvable[0])
            await c.request(
              'codeAction/resolve',
              { ...resolvable[0], data: { ...resolvable[0].data, uri: ws.uri(rel), version: 1 } },
              20_000,
            );
        }
        assert.equal(srv.completions().length, before, 'no model request for actions on excluded files');
      }

      assert.deepEqual(leaks(srv.requests), [], 'no canary and no byte of an excluded file reached the model');
      for (const marker of Object.values(EXCLUDED_MARKER))
        assert.ok(!JSON.stringify(srv.requests.map((r) => r.body)).includes(marker));
      assert.ok(!JSON.stringify(srv.requests.map((r) => r.body)).includes(CANARY.password));
    } finally {
      assert.equal(await c.shutdown(), 0);
      await srv.close();
      ws.remove();
    }
  });
}
