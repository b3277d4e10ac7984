/**
 * Emacs eglot in batch mode against the real server and a loopback OpenAI-compatible model: Emacs 28
 * + eglot 1.9 (Debian bookworm's `emacs-nox` and `elpa-eglot`) and Emacs 30 with its built-in eglot
 * (Debian sid's `emacs-nox`, run from the sid root: see SID_ROOT in test/support/editors.ts).
 * eglot-driver.el configures eglot the way the README tells users to, edits, completes with
 * `completion-at-point`, runs `eglot-code-actions` and saves; the saved file's bytes are checked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  editorScript,
  type EditorRun,
  readReport,
  runEditor,
  type Sandbox,
  SERVER_JS,
  tail,
  withEditor,
  withSidEditor,
} from '../support/editors';
import type { OpenAITestServer } from '../support/openai-server';
import { fence, scriptModel, targetCodeIn } from './model-replies';

const SOURCE = [
  'def add(a, b):',
  '    return a + b',
  '',
  '',
  'def total(items):',
  '    result = 0',
  '    for item in items:',
  '        result = add(res',
  '    return result',
  '',
  '',
  'def greet(name):',
  '    ',
  '',
].join('\n');

const DOCSTRING = '    """Return the sum of a and b."""';

interface Step {
  name: string;
  buffer: string;
  server: string;
  result?: string;
  titles?: string[];
  failed?: string;
  capabilities?: any;
}
interface Report {
  steps: Step[];
  errors: string[];
  messages: string;
  events: string;
  stderr: string;
}

const versionOk = (v: string) => {
  const m = /GNU Emacs (\d+)/.exec(v);
  return m && Number(m[1]) >= 27 ? undefined : `Emacs 27 or later is needed, found: ${v.split('\n')[0]}`;
};

/** Runs eglot-driver.el in an Emacs (`emacs(args, env, cwd)`) and checks what it reports. */
async function eglotScenario(
  srv: OpenAITestServer,
  sb: Sandbox,
  emacs: (args: string[], env: NodeJS.ProcessEnv, cwd: string) => Promise<EditorRun>,
  expect: { resolve: boolean },
) {
  {
    const model = scriptModel(srv, {
      completions: [
        { prefixEndsWith: '        result = add(res', text: 'ult, item)' },
        { prefixEndsWith: 'def greet(name):\n    ', text: 'message = f"Hello, {name}!"\n    return message' },
      ],
      // "Document add": a well-behaved model returns the function it was shown, with a docstring.
      chat: [
        {
          contains: 'Document the function `add`',
          text: (p) => fence('python', targetCodeIn(p, 'The function `add`:').replace(':\n', `:\n${DOCSTRING}\n`)),
        },
      ],
    });
    const file = sb.file('greet.py', SOURCE);
    const briefPath = path.join(sb.dir, 'brief.json');
    const reportPath = path.join(sb.dir, 'report.json');
    const written = path.join(sb.dir, 'written.py');
    const typedLine = '# héllo 漢字 😀 end\n';
    const brief = {
      file,
      command: [process.execPath, SERVER_JS, '--stdio'],
      // eglot-workspace-configuration's :arbor section (sent by didChangeConfiguration and workspace/configuration).
      settings: {
        backend: { kind: 'openai', baseURL: srv.url, model: 'test-model', api: 'completions', fim: 'starcoder' },
        completion: { debounceMs: 0 },
        log: { level: 'debug', file: sb.serverLog },
      },
      report: reportPath,
      steps: [
        // Cursor: 1-based line, 0-based column in characters.
        { name: 'insert a line with CJK and emoji', kind: 'type', cursor: [1, 0], insert: typedLine },
        { name: 'replace a word after multi-byte text', kind: 'type', cursor: [1, 2], delete: 5, insert: 'bye' },
        { name: 'delete the line again', kind: 'type', cursor: [1, 0], delete: [...'# bye 漢字 😀 end\n'].length },
        { name: 'completion-at-point, single line', kind: 'complete', cursor: [8, 24] },
        { name: 'completion-at-point, multi-line', kind: 'complete', cursor: [13, 4] },
        { name: 'eglot-code-actions "Document add"', kind: 'code_action', cursor: [1, 4], pick: 'Document add' },
        { name: 'save', kind: 'save', copy_to: written },
      ],
    };
    fs.writeFileSync(briefPath, JSON.stringify(brief));
    const run = await emacs(
      ['--batch', '-Q', '-l', editorScript('eglot-driver.el')],
      { ...sb.env, ARBOR_EDITOR_BRIEF: briefPath },
      sb.project,
    );
    const context = () =>
      [
        `--- emacs exit: code=${run.code} signal=${run.signal} timedOut=${run.timedOut} after ${run.ms} ms`,
        `--- emacs output ---\n${tail(run.stderr + run.stdout, 2000)}`,
        `--- model requests: ${srv.completions().length}; unmatched prompts ---\n${model.unmatched.join('\n---\n')}`,
        `--- server log ---\n${tail(sb.readServerLog(), 3000)}`,
      ].join('\n');
    const report = readReport<Report>(reportPath, run, sb, context());
    const explain = (what: string) =>
      `${what}\n--- errors ---\n${report.errors.join('\n')}\n--- *Messages* ---\n${tail(report.messages, 2000)}\n--- eglot events ---\n${tail(report.events, 3000)}\n--- server stderr ---\n${tail(report.stderr, 1500)}\n${context()}`;
    const step = (name: string) => {
      const s = report.steps.find((x) => x.name === name);
      assert.ok(s, explain(`step "${name}" did not run`));
      assert.equal(s.failed, undefined, explain(`step "${name}" failed`));
      return s;
    };

    assert.equal(step('initial').server, SOURCE, explain('the server did not receive the opened buffer'));

    // Edits sync incrementally (eglot 1.9 counts UTF-16 code units), through multi-byte text.
    const typed = step('insert a line with CJK and emoji');
    assert.equal(typed.buffer, typedLine + SOURCE, explain('insert'));
    assert.equal(typed.server, typed.buffer, explain('server text after insert'));
    const replaced = step('replace a word after multi-byte text');
    assert.equal(replaced.server, `# bye 漢字 😀 end\n${SOURCE}`, explain('server text after replace'));
    const deleted = step('delete the line again');
    assert.equal(deleted.server, SOURCE, explain('server text after delete'));

    // completion-at-point: eglot inserts the candidate, then its exit function applies the textEdit.
    const single = step('completion-at-point, single line');
    const afterSingle = SOURCE.replace('result = add(res\n', 'result = add(result, item)\n');
    assert.equal(single.buffer, afterSingle, explain('buffer after completion-at-point'));
    assert.equal(single.server, single.buffer, explain('server text after completion'));

    // A multi-line suggestion: eglot inserts the whole newText.
    const multi = step('completion-at-point, multi-line');
    const afterMulti = afterSingle.replace(
      'def greet(name):\n    \n',
      'def greet(name):\n    message = f"Hello, {name}!"\n    return message\n',
    );
    assert.equal(multi.buffer, afterMulti, explain('buffer after the multi-line completion'));
    assert.equal(multi.server, multi.buffer, explain('server text after the multi-line completion'));

    // eglot 1.9 has no codeAction/resolve: the chosen action's command runs (workspace/executeCommand)
    // and the server edits the buffer with workspace/applyEdit. eglot 1.17+ (Emacs 30) resolves it.
    const action = step('eglot-code-actions "Document add"');
    assert.ok(action.titles?.includes('Document add'), explain(`menu titles: ${JSON.stringify(action.titles)}`));
    const afterAction = afterMulti.replace('def add(a, b):\n', `def add(a, b):\n${DOCSTRING}\n`);
    assert.equal(action.buffer, afterAction, explain('buffer after the code action'));
    assert.equal(action.server, action.buffer, explain('server text after the code action'));
    const resolved = /codeAction\/resolve/.test(report.events);
    if (expect.resolve) assert.ok(resolved, explain('eglot did not resolve the code action'));

    // C-x C-s: the file holds exactly the buffer.
    step('save');
    assert.deepEqual(fs.readFileSync(written), Buffer.from(afterAction, 'utf8'), explain('the file eglot saved'));
  }
}

test('Emacs 28 eglot 1.9 (batch): connect, sync edits, completion-at-point single and multi-line, code action, save', {
  timeout: 90000,
}, async (t) => {
  await withEditor(
    t,
    { binary: 'emacs', aptPackages: 'emacs-nox elpa-eglot', versionCheck: versionOk, sandbox: 'eglot' },
    async ({ editor, srv, sb }) => {
      await eglotScenario(srv, sb, (args, env, cwd) => runEditor(editor, args, { env, cwd, timeoutMs: 60000 }), {
        resolve: false,
      });
    },
  );
});

const version30 = (v: string) =>
  /GNU Emacs 3\d/.test(v) ? undefined : `Emacs 30 is needed in the sid root, found: ${v.split('\n')[0]}`;

test('Emacs 30 built-in eglot (sid root, batch): connect, sync edits, completion-at-point single and multi-line, code action, save', {
  timeout: 90000,
}, async (t) => {
  await withSidEditor(
    t,
    { binary: 'emacs', versionCheck: version30, sandbox: 'eglot30' },
    async ({ launch, srv, sb }) => {
      await eglotScenario(
        srv,
        sb,
        (args, env, cwd) => {
          const { command, args: all } = launch(['/usr/bin/emacs', ...args], cwd);
          return runEditor(command, all, { env, cwd, timeoutMs: 60000 });
        },
        { resolve: true },
      );
    },
  );
});
