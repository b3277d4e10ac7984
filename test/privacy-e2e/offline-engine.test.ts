/**
 * The offline engine (backend.kind local) learns from the workspace on disk and from open
 * documents, and must skip excluded files from both: a completion never returns text that exists
 * only in an excluded file, while text from ordinary workspace files is offered (the control).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LspClient, offeredAfter, until } from '../support/lsp-client';
import { CANARY, makeWorkspace } from './workspace';

/** A function only an excluded file knows how to finish. */
const secretFunction = (name: string, marker: string) =>
  `def ${name}(alpha, beta):\n    return alpha * 7919 + ${marker}\n`;

test('offline engine: completions never return text found only in excluded files', { timeout: 30_000 }, async () => {
  const ws = makeWorkspace({
    // The control: an ordinary workspace file whose continuation the engine should offer.
    'src/shapes.py': 'def harmonize_gadget(width, height):\n    return width * 4241 + height_offset_included\n',
    // The same shape as the excluded ones below, in an ordinary file: it is learned.
    'src/plain.py': 'def frobnicate_plain(alpha, beta):\n    return alpha * 6007 + plain_visible_q0\n',
    // Excluded by the built-in list and by the configured glob, with continuations nobody else has.
    '.env.local': secretFunction('frobnicate_env', 'env_only_canary_q1'),
    'config/secrets.py': secretFunction('frobnicate_secrets', 'secrets_only_canary_q2'),
    'keys/credentials.py': secretFunction('frobnicate_credentials', 'credentials_only_canary_q3'),
    'private/tools.py': secretFunction('frobnicate_private', 'private_only_canary_q4'),
    'deploy.pem': `-----BEGIN PRIVATE KEY-----\n${CANARY.pem1}\n-----END PRIVATE KEY-----\n${secretFunction('frobnicate_pem', 'pem_only_canary_q5')}`,
  });
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'info' } });
  try {
    await c.initialize(
      { textDocument: { inlineCompletion: {} } },
      {
        rootUri: ws.uri(''),
        workspaceFolders: [{ uri: ws.uri(''), name: 'w' }],
        initializationOptions: {
          arbor: { backend: { kind: 'local' }, completion: { debounceMs: 0 }, exclude: ['private/**'] },
        },
      },
    );
    await until(() => /offline engine: workspace indexed/.test(c.stderr), 15_000, 'the workspace walk');
    // Excluded files are also open in the editor: the engine must not learn from them either.
    c.open(ws.uri('config/secrets.py'), ws.files['config/secrets.py'], 'python', 1);
    c.open(ws.uri('private/tools.py'), ws.files['private/tools.py'], 'python', 1);
    c.open(ws.uri('.env.local'), ws.files['.env.local'], 'plaintext', 1);
    await new Promise((r) => setTimeout(r, 600)); // the index takes open documents after a typing pause (400 ms)

    const uri = ws.uri('src/main.py');
    const ask = (text: string): Promise<string[]> => offeredAfter(c, uri, text);

    const control = await ask('def harmonize_gadget(width, height):\n    return ');
    assert.ok(
      control.some((t) => t.includes('4241')),
      `the engine learns from ordinary workspace files: ${JSON.stringify(control)}`,
    );
    const sameShape = await ask('def frobnicate_plain(alpha, beta):\n    return ');
    assert.ok(
      sameShape.some((t) => t.includes('plain_visible_q0')),
      `a file shaped like the excluded ones is learned when not excluded: ${JSON.stringify(sameShape)}`,
    );

    const secretOnly = [
      'env_only_canary_q1',
      'secrets_only_canary_q2',
      'credentials_only_canary_q3',
      'private_only_canary_q4',
      'pem_only_canary_q5',
      '7919',
      CANARY.pem1.slice(0, 12),
    ];
    const offered: string[] = [];
    for (const name of [
      'frobnicate_env',
      'frobnicate_secrets',
      'frobnicate_credentials',
      'frobnicate_private',
      'frobnicate_pem',
    ]) {
      offered.push(...(await ask(`def ${name}(alpha, beta):\n    return `)));
      offered.push(...(await ask(`x = ${name}(1, 2)\ndef ${name}(alpha, beta):\n    return alpha * `)));
    }
    offered.push(...(await ask('KEY = """-----BEGIN PRIVATE KEY-----\n')));
    for (const text of offered)
      for (const s of secretOnly)
        assert.ok(!text.includes(s), `offered ${JSON.stringify(text)}, which only an excluded file contains`);
  } finally {
    assert.equal(await c.shutdown(), 0);
    ws.remove();
  }
});
