/**
 * Helix 25.07 (Debian sid's `hx`, run from the sid root: see SID_ROOT in test/support/editors.ts) in
 * a real terminal (tmux), configured with the README's languages.toml: typing opens the completion
 * menu and Tab takes the item, C-x asks in an empty function body and takes a multi-line item,
 * `space a` runs "Document add", `:w` writes the file, whose exact bytes are checked.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SERVER_JS, startTerminal, tail, type Terminal, withSidEditor } from '../support/editors';
import { fence, scriptModel, targetCodeIn } from './model-replies';

const SOURCE = [
  'def add(a, b):',
  '    return a + b',
  '',
  '',
  'def total(items):',
  '    result = 0',
  '    for item in items:',
  '        result = add(',
  '    return result',
  '',
  '',
  'def greet(name):',
  '    ',
  '',
].join('\n');
const DOCSTRING = '    """Add a and b."""';

/** languages.toml as the README shows it, with the test's command and settings. */
function languagesToml(config: unknown): string {
  return [
    '[language-server.arbor-ls]',
    `command = ${JSON.stringify(process.execPath)}`,
    `args = [${JSON.stringify(SERVER_JS)}, "--stdio"]`,
    `config = ${JSON.stringify(config)}`
      .replace(/"(\w+)":/g, '$1 = ')
      .replace(/{/g, '{ ')
      .replace(/}/g, ' }'),
    '',
    '[[language]]',
    'name = "python"',
    'language-servers = ["pylsp", "arbor-ls"]   # keep your usual server first',
    '',
  ].join('\n');
}

const versionHelix = (v: string) =>
  /helix 25\.07/.test(v) ? undefined : `Helix 25.07 is needed in the sid root, found: ${v.split('\n')[0]}`;

test('Helix 25.07 (sid root, tmux): menu while typing, C-x multi-line item, code action, :w bytes', {
  timeout: 120000,
}, async (t) => {
  await withSidEditor(
    t,
    { binary: 'hx', versionCheck: versionHelix, sandbox: 'helix' },
    async ({ launch, srv, sb }) => {
      const model = scriptModel(srv, {
        completions: [
          // Helix asks as insert mode starts after `(` (a trigger character), then filters the shown
          // list as the user types; it asks again only while the list is incomplete and not empty.
          { prefixEndsWith: 'result = add(', text: 'result, item)' },
          { prefixEndsWith: 'result = add(r', text: 'esult, item)' },
          { prefixEndsWith: 'result = add(re', text: 'sult, item)' },
          { prefixEndsWith: 'result = add(res', text: 'ult, item)' },
          { prefixEndsWith: 'def greet(name):\n    ', text: 'message = f"Hello, {name}!"\n    return message' },
        ],
        chat: [
          {
            contains: 'Document the function `add`',
            text: (p) => fence('python', targetCodeIn(p, 'The function `add`:').replace(':\n', `:\n${DOCSTRING}\n`)),
          },
        ],
      });
      const config = {
        arbor: {
          backend: { kind: 'openai', baseURL: srv.url, model: 'test-model', api: 'completions', fim: 'starcoder' },
          completion: { debounceMs: 0 },
          log: { level: 'debug', file: sb.serverLog },
        },
      };
      const helixConfig = path.join(sb.env.XDG_CONFIG_HOME!, 'helix');
      fs.mkdirSync(helixConfig, { recursive: true });
      fs.writeFileSync(path.join(helixConfig, 'languages.toml'), languagesToml(config));
      const file = sb.file('total.py', SOURCE);
      const helixLog = path.join(sb.dir, 'helix.log');
      const { command, args } = launch(['/usr/bin/hx', '--log', helixLog, file], sb.project);
      let term: Terminal | undefined;
      const context = (screen?: string) =>
        [
          screen === undefined ? '' : `--- screen ---\n${screen}`,
          `--- model requests: ${srv.completions().length}; unmatched prompts ---\n${model.unmatched.join('\n---\n')}`,
          `--- helix log ---\n${fs.existsSync(helixLog) ? tail(fs.readFileSync(helixLog, 'utf8'), 2500) : '(none)'}`,
          `--- server log ---\n${tail(sb.readServerLog().replace(/"timings":\{[^}]*\},?/g, ''), 6000)}`,
        ].join('\n');
      try {
        term = startTerminal(command, args, {
          env: { ...sb.env, TERM: 'xterm-256color' },
          cwd: sb.project,
          socket: path.join(sb.dir, 'tmux.sock'),
        });
        const tm = term;
        const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
          try {
            return await run();
          } catch (err) {
            throw new Error(`${what}: ${(err as Error).message}\n${context()}`);
          }
        };
        await step('Helix starts', () => tm.waitFor('the status line', (s) => / NOR /.test(s)));
        await step('arbor-ls starts', () =>
          tm.waitFor('the backend', () => /Completions come from/.test(sb.readServerLog())),
        );

        // Typing "res" after `add(`: the menu opens by itself (completion-trigger-len 2); Tab takes the item.
        tm.send('8', 'g', 'g', 'A');
        await step('insert mode', () => tm.waitFor('INS', (s) => / INS /.test(s)));
        for (const ch of 'res') {
          tm.type(ch);
          await new Promise((r) => setTimeout(r, 300)); // a person typing
        }
        await step('the menu while typing', () =>
          tm.waitFor('the item "result, item)"', (s) => /result, item\)/.test(s.split('\n').slice(8).join('\n'))),
        );
        tm.send('Tab');
        await step('the item applied', () => tm.waitFor('the line', (s) => /result = add\(result, item\)/.test(s)));
        tm.send('Escape');
        await step('normal mode', () => tm.waitFor('NOR', (s) => / NOR /.test(s)));

        // C-x in the empty body of greet: a multi-line item, taken whole.
        tm.send('1', '3', 'g', 'g', 'A');
        await step('insert mode', () => tm.waitFor('INS', (s) => / INS /.test(s)));
        tm.send('C-x');
        await step('the C-x menu', () => tm.waitFor('the item', (s) => /message = f"Hello, \{name\}!"/.test(s)));
        tm.send('Tab');
        await step('the multi-line item applied', () =>
          tm.waitFor('both lines', (s) => /13\s+message = f"Hello, \{name\}!"\s*\n\s*14\s+return message/.test(s)),
        );
        tm.send('Escape');
        await step('normal mode', () => tm.waitFor('NOR', (s) => / NOR /.test(s) && !/ INS /.test(s)));

        // `space a` on `def add`: the menu of code actions; move to "Document add" and run it.
        tm.send('g', 'g', 'Space', 'a');
        // The menu opens below the cursor (line 1), one action per screen row, the first selected:
        // "Document add" on screen row k (0-based) takes k - 1 presses of C-n.
        const rows = await step('the code action menu', () =>
          tm.waitFor('"Document add"', (s) => (/Document add/.test(s) ? s.split('\n') : undefined)),
        );
        const index = rows.findIndex((l) => l.includes('Document add'));
        assert.ok(index >= 1, `the screen: ${rows.join('\n')}`);
        for (let i = 1; i < index; i++) tm.send('C-n');
        tm.send('Enter');
        await step(`the docstring (menu: ${rows.join('\n')})`, () =>
          tm.waitFor('the edit', (s) => s.includes(DOCSTRING.trim())),
        );

        tm.type(':w');
        tm.send('Enter');
        await step(':w', () => tm.waitFor('written', (s) => /written/.test(s)));
        const expected = SOURCE.replace('def add(a, b):\n', `def add(a, b):\n${DOCSTRING}\n`)
          .replace('result = add(\n', 'result = add(result, item)\n')
          .replace(
            'def greet(name):\n    \n',
            'def greet(name):\n    message = f"Hello, {name}!"\n    return message\n',
          );
        const bytes = fs.readFileSync(file);
        assert.deepEqual(
          bytes,
          Buffer.from(expected, 'utf8'),
          `the file Helix wrote: ${JSON.stringify(bytes.toString('utf8'))}\n${context(tm.screen())}`,
        );
        assert.ok(srv.completions().length >= 2, `the model was asked ${srv.completions().length} times\n${context()}`);
        tm.type(':q!');
        tm.send('Enter');
      } finally {
        term?.close();
      }
    },
  );
});
