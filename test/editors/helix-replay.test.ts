/**
 * Helix is not packaged in Debian, so this test replays what Helix 25.x sends and does (see
 * helix-client.ts for the sources): its initialize capabilities (utf-8 first, no inline completion,
 * no dynamic didChangeConfiguration), its config sent as initializationOptions and again with
 * workspace/didChangeConfiguration right after `initialized`, a completion request after each
 * keystroke of a word (never a $/cancelRequest), and how it applies the accepted item.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { LspClient, type RpcMessage } from '../support/lsp-client';
import { startOpenAIServer } from '../support/openai-server';
import { tail } from '../support/editors';
import {
  HELIX_CAPABILITIES,
  HelixDocument,
  helixRequestHandler,
  Invoked,
  TriggerForIncompleteCompletions,
} from './helix-client';
import { fence, scriptModel, targetCodeIn } from './model-replies';

const CURSOR_LINE = '        note = "漢字 😀"; result = add(';
const SOURCE = [
  'def add(a, b):',
  '    return a + b',
  '',
  '',
  'def total(items):',
  '    result = 0',
  '    for item in items:',
  CURSOR_LINE,
  '    return result',
  '',
  '',
  'def greet(name):',
  '    ',
  '',
].join('\n');

const DOCSTRING = '    """Add a and b: 漢字 😀."""';

/** Waits for every request the replay sent: each must get exactly one answer, well within Helix's 20 s. */
async function allAnswered(doc: HelixDocument): Promise<RpcMessage[]> {
  const answers = await Promise.all(doc.pending.map((p) => p.then((m) => ({ m, method: p.method }))));
  for (const { m, method } of answers) {
    // Helix logs an error for failed requests; cancellation codes are the only acceptable errors.
    if (m.error)
      assert.ok([-32800, -32802].includes(m.error.code), `${method} (id ${m.id}) failed: ${JSON.stringify(m.error)}`);
  }
  return answers.map((a) => a.m);
}

/** Helix's menu filter (nucleo fuzzy match): every character of the typed word appears in order. */
function fuzzyMatches(pattern: string, text: string): boolean {
  let i = 0;
  const t = [...text.toLowerCase()];
  for (const ch of pattern.toLowerCase()) {
    while (i < t.length && t[i] !== ch) i++;
    if (i++ >= t.length) return false;
  }
  return true;
}

test('Helix replay: utf-8 positions with CJK/emoji, completion per keystroke, accept with cursor shift, multi-line item', {
  timeout: 60000,
}, async () => {
  const srv = await startOpenAIServer({ models: ['test-model'] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-helix-'));
  const logFile = path.join(dir, 'server.log');
  const model = scriptModel(srv, {
    completions: [
      { prefixEndsWith: 'result = add(re', text: 'sult, item)' },
      { prefixEndsWith: 'result = add(res', text: 'ult, item)' },
      { prefixEndsWith: 'result = add(resu', text: 'lt, item)' },
      { prefixEndsWith: 'def greet(name):\n    ', text: 'message = f"Hello, {name} 👋"\n    return message' },
    ],
    // "Document add": a well-behaved model returns the function it was shown, with a docstring.
    chat: [
      {
        contains: 'Document the function `add`',
        text: (p) => fence('python', targetCodeIn(p, 'The function `add`:').replace(':\n', `:\n${DOCSTRING}\n`)),
      },
    ],
  });
  // languages.toml: [language-server.arbor-ls] config = { arbor = { ... } } (README, "Helix").
  const config = {
    arbor: {
      backend: { kind: 'openai', baseURL: srv.url, model: 'test-model', api: 'completions', fim: 'starcoder' },
      completion: { debounceMs: 0 },
      log: { level: 'debug', file: logFile },
    },
  };
  const docs: HelixDocument[] = [];
  const c = new LspClient({ cwd: dir, onRequest: helixRequestHandler(config, () => docs) });
  const explain = (what: string) =>
    `${what}\n--- model requests: ${srv.completions().length}; unmatched prompts ---\n${model.unmatched.join('\n---\n')}\n--- server stderr ---\n${tail(c.stderr, 1500)}\n--- server log ---\n${tail(fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '', 3000)}`;
  try {
    const rootUri = pathToFileURL(dir).href;
    const init = await c.call('initialize', {
      processId: process.pid,
      clientInfo: { name: 'helix', version: '25.07.1' },
      rootPath: dir,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(dir) }],
      initializationOptions: config,
      capabilities: HELIX_CAPABILITIES,
    });
    assert.equal(
      init.capabilities.positionEncoding,
      'utf-8',
      'Helix prefers utf-8; the server must take the first preference',
    );
    assert.ok(init.capabilities.completionProvider, explain('no completionProvider'));
    assert.equal(init.capabilities.inlineCompletionProvider, undefined, 'Helix does not declare inline completion');
    c.notify('initialized', {});
    c.notify('workspace/didChangeConfiguration', { settings: config });

    const uri = pathToFileURL(path.join(dir, 'total.py')).href;
    const cursor = SOURCE.indexOf(CURSOR_LINE) + CURSOR_LINE.length;
    const doc = new HelixDocument(c, uri, SOURCE, cursor, 'utf-8', 'python');
    docs.push(doc);
    doc.open();

    // Typing "res": "r" is below completion-trigger-len (2); "e" triggers an auto request (Invoked),
    // "s" re-requests because the list was incomplete. The user keeps typing ("u") and accepts
    // before the last answer arrives; Helix restores the savepoint of the shown list and applies its item.
    doc.type('r');
    doc.type('e');
    const first = doc.requestCompletion(Invoked);
    doc.type('s');
    const second = doc.requestCompletion(TriggerForIncompleteCompletions);
    const [r1, r2] = await Promise.all([first.response, second.response]);
    assert.equal(r1.error, undefined, explain(`first completion failed: ${JSON.stringify(r1.error)}`));
    assert.equal(r2.error, undefined, explain(`second completion failed: ${JSON.stringify(r2.error)}`));
    const items = Array.isArray(r2.result) ? r2.result : (r2.result?.items ?? []);
    assert.ok(items.length > 0, explain(`no items for "res": ${JSON.stringify(r2.result)}`));
    doc.show(second.savepoint);
    doc.type('u');
    doc.requestCompletion(TriggerForIncompleteCompletions); // answered later; Helix drops it after accepting
    const item = items[0];
    assert.ok(item.textEdit, `items carry a textEdit: ${JSON.stringify(item)}`);
    assert.equal(item.additionalTextEdits, undefined, 'no additionalTextEdits (helix#9624)');
    assert.ok(
      fuzzyMatches(doc.wordBeforeCursor(), item.filterText ?? item.label),
      `Helix's filter on "${doc.wordBeforeCursor()}" keeps ${JSON.stringify(item.filterText ?? item.label)}`,
    );
    doc.accept(item);
    const expectedLine = `${CURSOR_LINE}result, item)`;
    const afterSingle = SOURCE.replace(CURSOR_LINE, expectedLine);
    assert.equal(doc.text, afterSingle, explain('text after accepting the item'));

    // Manual completion (C-x) in an empty function body: a multi-line item, applied whole.
    const body = afterSingle.indexOf('def greet(name):\n    ') + 'def greet(name):\n    '.length;
    doc.cursor = body;
    const manual = doc.requestCompletion(Invoked);
    const r3 = await manual.response;
    const items3 = Array.isArray(r3.result) ? r3.result : (r3.result?.items ?? []);
    assert.ok(items3.length > 0, explain(`no items in the empty body: ${JSON.stringify(r3.result ?? r3.error)}`));
    doc.show(manual.savepoint);
    doc.accept(items3[0]);
    const afterMulti = afterSingle.replace(
      'def greet(name):\n    \n',
      'def greet(name):\n    message = f"Hello, {name} 👋"\n    return message\n',
    );
    assert.equal(doc.text, afterMulti, explain('text after the multi-line item'));

    // `space a` on `add`: Helix lists the actions, resolves the chosen one when it lacks an edit or a
    // command (codeAction/resolve; on error it keeps the unresolved action), applies its
    // WorkspaceEdit, then runs its command, if any (workspace/executeCommand → workspace/applyEdit).
    doc.cursor = doc.text.indexOf('def add') + 'def '.length;
    const listed = await doc.requestCodeActions();
    assert.equal(listed.error, undefined, explain(`codeAction failed: ${JSON.stringify(listed.error)}`));
    const actions: any[] = listed.result ?? [];
    const chosen = actions.find((a) => a.title === 'Document add');
    assert.ok(chosen, explain(`no "Document add" among ${JSON.stringify(actions.map((a) => a.title))}`));
    let action = chosen;
    if ((!chosen.edit || !chosen.command) && init.capabilities.codeActionProvider?.resolveProvider) {
      const resolved = await doc.resolveCodeAction(chosen);
      assert.equal(resolved.error, undefined, explain(`codeAction/resolve failed: ${JSON.stringify(resolved.error)}`));
      action = resolved.result;
    }
    if (action.edit) doc.applyWorkspaceEdit(action.edit);
    if (action.command && typeof action.command === 'object') {
      const ran = await doc.executeCommand(action.command);
      assert.equal(ran.error, undefined, explain(`executeCommand failed: ${JSON.stringify(ran.error)}`));
    }
    const afterAction = afterMulti.replace('def add(a, b):\n', `def add(a, b):\n${DOCSTRING}\n`);
    assert.equal(doc.text, afterAction, explain('text after the code action'));

    // Every request answered; the server's copy equals Helix's buffer.
    await allAnswered(doc);
    const state = await c.call('arbor/documentState', { uri });
    assert.equal(state.text, doc.text, explain('server text differs from the editor buffer'));
    assert.equal(state.version, doc.version);
    assert.equal(c.received.filter((m) => m.method === '$/cancelRequest').length, 0);
    assert.equal(c.framingError, undefined);
  } finally {
    await c.shutdown();
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
