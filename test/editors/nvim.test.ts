/**
 * Neovim 0.7 (Debian bookworm's `neovim`), headless, against the real server and a loopback
 * OpenAI-compatible model. nvim-driver.lua configures the client the way the README tells users to,
 * types, completes through the built-in omnifunc (a multi-line suggestion arrives as its first line:
 * Vim's complete() would insert a line break as a NUL), writes the file with :w and checks its bytes,
 * undoes, applies an item's textEdit the way completion plugins do, and runs a code action through
 * vim.lsp.buf.code_action().
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { editorScript, readReport, runEditor, SERVER_JS, tail, withEditor } from '../support/editors';
import { fence, scriptModel, targetCodeIn } from './model-replies';

const SOURCE = [
  'export function add(a: number, b: number): number {',
  '  return a + b;',
  '}',
  '',
  'export function total(items: number[]): number {',
  '  let result = 0;',
  '  for (const item of items) {',
  '    result = add(res',
  '  }',
  '  return result;',
  '}',
  '',
  'export function greet(name: string): string {',
  '  ',
  '}',
  '',
  'export function shout(name: string): string {',
  '  ',
  '}',
  '',
].join('\n');

interface Step {
  name: string;
  mode?: string;
  buffer: string;
  cursor: [number, number];
  server: { text?: string; version?: number; error?: string };
  items?: any[];
  titles?: string[];
  picked?: boolean;
  failed?: string;
}
interface Report {
  filetype: string;
  offset_encoding: string;
  server_capabilities: any;
  initial: { buffer: string; server: { text?: string } };
  steps: Step[];
  messages: string[];
  errors: string[];
}

const versionOk = (v: string) => {
  const m = /NVIM v(\d+)\.(\d+)/.exec(v);
  return m && (Number(m[1]) > 0 || Number(m[2]) >= 7)
    ? undefined
    : `nvim 0.7 or later is needed, found: ${v.split('\n')[0]}`;
};

test('Neovim 0.7 (headless): attach, sync edits, omnifunc completion (single-line items, no NUL in the written file), textEdit, code action', {
  timeout: 90000,
}, async (t) => {
  await withEditor(
    t,
    { binary: 'nvim', aptPackages: 'neovim', versionCheck: versionOk, sandbox: 'nvim' },
    async ({ editor: nvim, srv, sb }) => {
      const model = scriptModel(srv, {
        completions: [
          { prefixEndsWith: '    result = add(res', text: 'ult, item);' },
          {
            prefixEndsWith: 'greet(name: string): string {\n  ',
            text: 'const message = `Hello, ${name}!`;\n  return message;',
          },
          // Multi-line, asked for through the omnifunc (Vim's complete()): only the first line may be inserted.
          {
            prefixEndsWith: 'shout(name: string): string {\n  ',
            text: 'const loud = name.toUpperCase();\n  return `${loud}!`;',
          },
        ],
        // "Document add": a well-behaved model returns the function it was shown, with a TSDoc comment.
        chat: [
          {
            contains: 'Document the function `add`',
            text: (p) => fence('typescript', `/** Adds a and b. */\n${targetCodeIn(p, 'The function `add`:')}`),
          },
        ],
      });
      const file = sb.file('src/total.ts', SOURCE);
      const briefPath = path.join(sb.dir, 'brief.json');
      const reportPath = path.join(sb.dir, 'report.json');
      const written = path.join(sb.dir, 'written.ts');
      const initOptions = {
        arbor: {
          backend: { kind: 'openai', baseURL: srv.url, model: 'test-model', api: 'completions', fim: 'starcoder' },
          completion: { debounceMs: 0 },
          log: { level: 'debug', file: sb.serverLog },
        },
      };
      const brief = {
        file,
        root: sb.project,
        cmd: [process.execPath, SERVER_JS, '--stdio'],
        init_options: initOptions,
        report: reportPath,
        steps: [
          // Cursor positions are nvim's (1-based line, 0-based byte column).
          { name: 'type a line with CJK and emoji', kind: 'type', cursor: [1, 0], keys: 'O// héllo 漢字 😀 end<Esc>' },
          { name: 'change a word after multi-byte text', kind: 'type', cursor: [1, 0], keys: 'wcwbye<Esc>A 👍<Esc>' },
          { name: 'delete the line again', kind: 'type', cursor: [1, 0], keys: 'dd' },
          { name: 'omnifunc completion, accepted with <C-y>', kind: 'omni', cursor: [8, 0], keys: 'A' },
          { name: 'item applied as its textEdit', kind: 'apply_item', cursor: [14, 2] },
          { name: 'omnifunc completion of a multi-line suggestion', kind: 'omni', cursor: [18, 0], keys: 'A' },
          { name: ':w', kind: 'write', cursor: [18, 0], copy_to: written },
          { name: 'undo the completion', kind: 'type', cursor: [18, 0], keys: 'u' },
          { name: 'omnifunc completion after the undo', kind: 'omni', cursor: [18, 0], keys: 'A' },
          { name: 'code action "Document add"', kind: 'code_action', cursor: [2, 4], pick: 'Document add' },
        ],
      };
      fs.writeFileSync(briefPath, JSON.stringify(brief));
      const run = await runEditor(
        nvim,
        ['--headless', '--clean', '-n', '-c', `luafile ${editorScript('nvim-driver.lua')}`],
        {
          env: { ...sb.env, ARBOR_EDITOR_BRIEF: briefPath },
          cwd: sb.project,
          timeoutMs: 60000,
        },
      );
      const lspLog = path.join(sb.env.XDG_CACHE_HOME!, 'nvim', 'lsp.log');
      const context = () =>
        [
          `--- nvim exit: code=${run.code} signal=${run.signal} timedOut=${run.timedOut} after ${run.ms} ms`,
          `--- nvim stderr ---\n${tail(run.stderr, 1500)}`,
          `--- nvim lsp.log ---\n${fs.existsSync(lspLog) ? tail(fs.readFileSync(lspLog, 'utf8'), 2000) : '(none)'}`,
          `--- model requests: ${srv.completions().length}; unmatched prompts ---\n${model.unmatched.join('\n---\n')}`,
          `--- server log ---\n${tail(sb.readServerLog(), 3000)}`,
        ].join('\n');
      const report = readReport<Report>(reportPath, run, sb, context());
      const explain = (what: string) =>
        `${what}\n--- nvim :messages ---\n${report.messages.join('\n')}\n--- errors ---\n${report.errors.join('\n')}\n${context()}`;
      const step = (name: string) => {
        const s = report.steps.find((x) => x.name === name);
        assert.ok(s, explain(`step "${name}" did not run`));
        return s;
      };
      const lines = SOURCE.split('\n');
      const withLine = (index: number, text: string) => lines.map((l, i) => (i === index ? text : l)).join('\n');

      assert.equal(report.filetype, 'typescript', explain('filetype detection'));
      assert.equal(report.initial.server.text, SOURCE, explain('the server did not receive the opened buffer'));

      // Edits sync incrementally (Neovim 0.7 speaks UTF-16 positions), through multi-byte text.
      const typed = step('type a line with CJK and emoji');
      assert.equal(typed.buffer, `// héllo 漢字 😀 end\n${SOURCE}`, explain('typing'));
      assert.equal(typed.server.text, typed.buffer, explain('server text after typing'));
      const changed = step('change a word after multi-byte text');
      assert.equal(changed.buffer, `// bye 漢字 😀 end 👍\n${SOURCE}`, explain('cw'));
      assert.equal(changed.server.text, changed.buffer, explain('server text after cw'));
      const deleted = step('delete the line again');
      assert.equal(deleted.server.text, SOURCE, explain('server text after dd'));

      // <C-x><C-o> → textDocument/completion → the item's newText replaces the typed word; <C-y> accepts.
      const omni = step('omnifunc completion, accepted with <C-y>');
      assert.equal(omni.failed, undefined, explain('omnifunc step failed'));
      assert.equal(omni.items?.[0]?.word, 'result, item);', explain('the completion item nvim shows'));
      assert.equal(
        omni.buffer,
        withLine(7, '    result = add(result, item);'),
        explain('buffer after accepting the omnifunc completion'),
      );
      assert.equal(omni.server.text, omni.buffer, explain('server text after completion'));

      // The item's textEdit as completion plugins apply it: this client (Neovim 0.7's own capabilities,
      // no nvim-cmp) gets single-line items, so the textEdit holds the first line of the suggestion.
      // Clients that declare nvim-cmp's capabilities get all lines (test/protocol/completion-clients.test.ts).
      const multi = step('item applied as its textEdit');
      assert.equal(multi.failed, undefined, explain('textEdit step failed'));
      const expected = omni.buffer.replace(
        'greet(name: string): string {\n  \n',
        'greet(name: string): string {\n  const message = `Hello, ${name}!`;\n',
      );
      assert.equal(multi.buffer, expected, explain('buffer after applying the multi-line item'));
      assert.equal(multi.server.text, multi.buffer, explain('server text after the multi-line edit'));

      // The omnifunc inserts through Vim's complete(), where a newline would become a NUL (^@) that :w
      // writes as a NUL byte. Neovim 0.7 gets the first line; the whole suggestion is the item's info.
      const shout = step('omnifunc completion of a multi-line suggestion');
      assert.equal(shout.failed, undefined, explain('multi-line omnifunc step failed'));
      assert.equal(shout.items?.length, 1, explain(`items: ${JSON.stringify(shout.items)}`));
      assert.equal(
        shout.items?.[0]?.word,
        'const loud = name.toUpperCase();',
        explain('the single-line item Neovim 0.7 inserts'),
      );
      assert.match(
        shout.items?.[0]?.info ?? '',
        /const loud = name\.toUpperCase\(\);\n {2}return `\$\{loud\}!`;/,
        explain('the whole suggestion in the item documentation'),
      );
      const shouted = multi.buffer.replace(
        'shout(name: string): string {\n  \n',
        'shout(name: string): string {\n  const loud = name.toUpperCase();\n',
      );
      assert.equal(
        shout.buffer,
        shouted,
        explain('buffer after accepting the multi-line suggestion through the omnifunc'),
      );
      assert.equal(shout.server.text, shout.buffer, explain('server text after the omnifunc completion'));
      const saved = step(':w');
      assert.equal(saved.failed, undefined, explain(':w failed'));
      const bytes = fs.readFileSync(written);
      assert.equal(bytes.indexOf(0), -1, explain(`the written file holds a NUL byte at ${bytes.indexOf(0)}`));
      assert.deepEqual(
        bytes,
        Buffer.from(shouted, 'utf8'),
        explain(`the written file: ${JSON.stringify(bytes.toString('latin1'))}`),
      );
      const undone = step('undo the completion');
      assert.equal(undone.buffer, multi.buffer, explain('buffer after u'));
      assert.equal(undone.server.text, undone.buffer, explain('server text after u'));
      const again = step('omnifunc completion after the undo');
      assert.equal(again.failed, undefined, explain('completion after the undo failed'));
      assert.equal(again.buffer, shouted, explain('buffer after completing again'));

      // vim.lsp.buf.code_action(): the menu lists the action; Neovim 0.7 resolves it (codeAction/resolve) and applies its edit.
      const action = step('code action "Document add"');
      assert.equal(action.failed, undefined, explain('code action step failed'));
      assert.ok(action.titles?.includes('Document add'), explain(`menu titles: ${JSON.stringify(action.titles)}`));
      assert.equal(action.buffer, `/** Adds a and b. */\n${again.buffer}`, explain('buffer after the code action'));
      assert.equal(action.server.text, action.buffer, explain('server text after the code action'));
    },
  );
});
