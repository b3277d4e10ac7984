/**
 * Neovim 0.12 (Debian sid's `neovim`, run from the sid root: see SID_ROOT in test/support/editors.ts),
 * headless, configured exactly as the README's "Neovim 0.11+" and "Neovim 0.12: ghost text" sections:
 * inline completion shows ghost text and <Tab> accepts it, vim.lsp.completion with autotrigger opens
 * the menu on a trigger character and <C-y> applies a multi-line item; each followed by :w and a
 * check of the written file's exact bytes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { editorScript, readReport, runEditor, SERVER_JS, tail, withSidEditor } from '../support/editors';
import { scriptModel } from './model-replies';

const SOURCE = [
  'export function greet(name: string): string {',
  '  ',
  '}',
  '',
  'export function shout(name: string): string {',
  '',
  '}',
  '',
].join('\n');

interface Step {
  name: string;
  buffer: string;
  server: { text?: string };
  ghost?: { row: number; col: number; pos: string; lines: string[] };
  unchanged_before_accept?: boolean;
  items?: Array<{ word: string; abbr: string; info?: string }>;
  failed?: string;
}
interface Report {
  filetype: string;
  server_capabilities: any;
  initial: { buffer: string; server: { text?: string } };
  steps: Step[];
  messages: string[];
  errors: string[];
}

const version012 = (v: string) =>
  /NVIM v0\.(1[2-9])\./.test(v) ? undefined : `Neovim 0.12 is needed in the sid root, found: ${v.split('\n')[0]}`;

test('Neovim 0.12 (sid root): inline completion ghost text and <Tab>, vim.lsp.completion autotrigger with a multi-line item, :w bytes', {
  timeout: 120000,
}, async (t) => {
  await withSidEditor(
    t,
    { binary: 'nvim', versionCheck: version012, sandbox: 'nvim12' },
    async ({ launch, srv, sb }) => {
      const model = scriptModel(srv, {
        completions: [
          {
            prefixEndsWith: 'greet(name: string): string {\n  ',
            text: 'const message = `Hello, ${name}!`;\n  return message;',
          },
          {
            prefixEndsWith: 'shout(name: string): string {\n  ',
            text: 'const loud = name.toUpperCase();\n  return `${loud}!`;',
          },
        ],
      });
      fs.mkdirSync(path.join(sb.project, '.git')); // the README's root_markers
      const file = sb.file('src/greet.ts', SOURCE);
      const briefPath = path.join(sb.dir, 'brief.json');
      const reportPath = path.join(sb.dir, 'report.json');
      const written = [path.join(sb.dir, 'written-1.ts'), path.join(sb.dir, 'written-2.ts')];
      const brief = {
        setup: 'neovim-0.12',
        file,
        root: sb.project,
        cmd: [process.execPath, SERVER_JS, '--stdio'],
        init_options: {
          arbor: {
            backend: { kind: 'openai', baseURL: srv.url, model: 'test-model', api: 'completions', fim: 'starcoder' },
            completion: { debounceMs: 0 },
            log: { level: 'debug', file: sb.serverLog },
          },
        },
        report: reportPath,
        steps: [
          { name: 'inline completion accepted with <Tab>', kind: 'inline', cursor: [2, 0], keys: 'A' },
          { name: ':w after inline completion', kind: 'write', cursor: [1, 0], copy_to: written[0] },
          { name: 'menu as you type, <C-y>', kind: 'auto_menu', cursor: [7, 0], keys: 'A  ' }, // a space is a trigger character
          { name: ':w after the menu', kind: 'write', cursor: [1, 0], copy_to: written[1] },
        ],
      };
      fs.writeFileSync(briefPath, JSON.stringify(brief));
      const { command, args } = launch(
        ['/usr/bin/nvim', '--headless', '--clean', '-n', '-c', `luafile ${editorScript('nvim-driver.lua')}`],
        sb.project,
      );
      const run = await runEditor(command, args, {
        env: { ...sb.env, ARBOR_EDITOR_BRIEF: briefPath },
        cwd: sb.project,
        timeoutMs: 90000,
      });
      const context = () =>
        [
          `--- nvim exit: code=${run.code} signal=${run.signal} timedOut=${run.timedOut} after ${run.ms} ms`,
          `--- nvim stderr ---\n${tail(run.stderr, 1500)}`,
          `--- model requests: ${srv.completions().length}; unmatched prompts (expected while typing) ---\n${model.unmatched.length}`,
          `--- server log ---\n${tail(sb.readServerLog(), 8000)}`,
        ].join('\n');
      const report = readReport<Report>(reportPath, run, sb, context());
      const explain = (what: string) =>
        `${what}\n--- nvim :messages ---\n${report.messages.join('\n')}\n--- errors ---\n${report.errors.join('\n')}\n${context()}`;
      const step = (name: string) => {
        const s = report.steps.find((x) => x.name === name);
        assert.ok(s, explain(`step "${name}" did not run`));
        assert.equal(s.failed, undefined, explain(`step "${name}" failed`));
        return s;
      };
      assert.equal(report.filetype, 'typescript', explain('filetype detection'));
      assert.ok(
        report.server_capabilities?.inlineCompletionProvider,
        explain('inline completion is offered to Neovim 0.12'),
      );
      assert.equal(report.initial.server.text, SOURCE, explain('the server did not receive the opened buffer'));

      // Ghost text: the suggestion's first line inline at the cursor, the rest as virtual lines; the
      // buffer unchanged until <Tab>, which inserts exactly the suggestion.
      const inline = step('inline completion accepted with <Tab>');
      assert.deepEqual(
        inline.ghost,
        { row: 1, col: 2, pos: 'inline', lines: ['const message = `Hello, ${name}!`;', '  return message;'] },
        explain('ghost text'),
      );
      assert.equal(inline.unchanged_before_accept, true, explain('ghost text must not change the buffer'));
      const greeted = SOURCE.replace(
        'string {\n  \n',
        'string {\n  const message = `Hello, ${name}!`;\n  return message;\n',
      );
      assert.equal(inline.buffer, greeted, explain('buffer after <Tab>'));
      assert.equal(inline.server.text, inline.buffer, explain('server text after <Tab>'));
      step(':w after inline completion');
      assert.deepEqual(
        fs.readFileSync(written[0]),
        Buffer.from(greeted, 'utf8'),
        explain('the written file after inline completion'),
      );

      // The menu: a multi-line item (Neovim 0.12 gets all lines), applied by <C-y>.
      const menu = step('menu as you type, <C-y>');
      assert.ok(
        menu.items?.some((i) => i.abbr.startsWith('const loud = name.toUpperCase();')),
        explain(`menu items: ${JSON.stringify(menu.items)}`),
      );
      const shouted = greeted.replace(
        'shout(name: string): string {\n\n',
        'shout(name: string): string {\n  const loud = name.toUpperCase();\n  return `${loud}!`;\n',
      );
      assert.equal(
        menu.buffer,
        shouted,
        explain(
          `buffer after <C-y>; items ${JSON.stringify(menu.items)}, completed ${JSON.stringify((menu as any).completed)}`,
        ),
      );
      assert.equal(menu.server.text, menu.buffer, explain('server text after <C-y>'));
      step(':w after the menu');
      const bytes = fs.readFileSync(written[1]);
      assert.equal(bytes.indexOf(0), -1, explain('NUL byte in the written file'));
      assert.deepEqual(
        bytes,
        Buffer.from(shouted, 'utf8'),
        explain(`the written file after the menu: ${JSON.stringify(bytes.toString('latin1'))}`),
      );
    },
  );
});
