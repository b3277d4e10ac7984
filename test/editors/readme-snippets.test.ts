/**
 * The README's snippet for each editor is the configuration its editor test runs: every line of the
 * snippet appears in the driver, except the lines the tests swap (the command, the settings, the
 * root directory) and comments.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../server/paths';

const README = fs.readFileSync(path.join(packageRoot(), 'README.md'), 'utf8');
const editors = (name: string) => fs.readFileSync(path.join(packageRoot(), 'test', 'editors', name), 'utf8');

/** The first fenced block after a heading. */
function snippet(heading: string): string {
  const at = README.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README has no heading ${heading}`);
  const m = /```\w*\n([\s\S]*?)\n```/.exec(README.slice(at));
  assert.ok(m, `no code block under ${heading}`);
  return m[1];
}

const SWAPPED =
  /\bcmd\b|^command\b|^args\b|^config\b|init_options|root_dir|eglot-server-programs|eglot-workspace-configuration|:arbor|^--|^;|^#|^$/;

for (const [heading, driver] of [
  ['### Neovim 0.7', 'nvim-driver.lua'],
  ['### Neovim 0.11+', 'nvim-driver.lua'],
  ['### Neovim 0.12: ghost text', 'nvim-driver.lua'],
  ['### Emacs (eglot)', 'eglot-driver.el'],
  ['### Helix', 'helix.test.ts'],
] as const) {
  test(`README "${heading.slice(4)}" is what ${driver} runs`, () => {
    const text = editors(driver);
    for (const raw of snippet(heading).split('\n')) {
      const line = raw.trim();
      if (SWAPPED.test(line)) continue;
      assert.ok(text.includes(line), `${driver} lacks the README line ${JSON.stringify(line)}`);
    }
  });
}
