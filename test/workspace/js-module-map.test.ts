/**
 * Bare JS/TS specifiers resolved inside the workspace (issue #14): tsconfig/jsconfig `paths` and
 * `baseUrl` (with `extends`, comments and trailing commas), npm/yarn `workspaces` and
 * pnpm-workspace.yaml packages. Real files in a temp folder, indexed by the real build (walker,
 * guarded reader); excluded and gitignored files never resolve.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { parseLenientJson } from '../../server/text/jsonc';
import {
  buildWorkspaceIndex,
  refreshModuleMap,
  WorkspaceDefinitionIndex,
} from '../../server/workspace/definition-index';
import { importInfo } from '../../server/workspace/import-resolution';
import { pnpmPackages } from '../../server/workspace/js-module-map';
import { NameResolver } from '../../server/workspace/name-resolution';

function tree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-paths-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

async function indexed(root: string, exclude: string[] = []): Promise<WorkspaceDefinitionIndex> {
  const index = new WorkspaceDefinitionIndex();
  await buildWorkspaceIndex(index, [root], {
    maxFiles: 100,
    maxFileBytes: 100_000,
    isExcluded: createExclusionMatcher(exclude, [root]),
  });
  return index;
}

/** Where each name the file imports resolves, as `relative/path:name`. */
function resolved(index: WorkspaceDefinitionIndex, root: string, rel: string, names: string[]): Record<string, string> {
  const file = path.join(root, rel);
  const entry = index.file(file)!;
  const info = importInfo(entry.grammar, file, entry.imports, [root], index.modules);
  const r = new NameResolver(index, file, info, [root]);
  const out: Record<string, string> = {};
  for (const n of names) {
    const found = r.topLevel(n);
    out[n] = found.map((f) => `${path.relative(root, f.file.path)}:${f.def.name}`).join(',');
  }
  return out;
}

test('lenient JSON: comments, trailing commas and a BOM are accepted; strings keep their slashes', () => {
  const text =
    '\ufeff{\n  // a comment\n  "a": "http://x/*y*/", /* block */\n  "b": [1, 2,],\n  "c": {"d": "e",  // trailing\n  },\n}\n';
  assert.deepEqual(parseLenientJson(text), { a: 'http://x/*y*/', b: [1, 2], c: { d: 'e' } });
  assert.equal(parseLenientJson('{"a": }'), undefined, 'still not JSON: undefined, no throw');
});

test('pnpm-workspace.yaml: the packages list, quoted or plain, comments dropped', () => {
  assert.deepEqual(
    pnpmPackages(
      "packages:\n  - 'packages/*'\n  - \"apps/**\" # apps\n  - tools/cli\n  - '!**/test/**'\ncatalog:\n  - x\n",
    ),
    ['packages/*', 'apps/**', 'tools/cli', '!**/test/**'],
  );
});

test('tsconfig paths and baseUrl, through an extends chain with comments and trailing commas', async () => {
  const root = tree({
    'tsconfig.base.json':
      '{\n  // shared options\n  "compilerOptions": {\n    "baseUrl": "./src",\n    "paths": {\n      "@app/*": ["app/*",],\n      "@core": ["core/index.ts"],\n      "~/*": ["missing/*", "lib/*"],\n    },\n  },\n}\n',
    'tsconfig.json': '{ "extends": "./tsconfig.base", /* the rest */ "include": ["src"], }\n',
    'src/app/utils.ts': 'export function formatDate(d: Date): string {\n  return d.toISOString();\n}\n',
    'src/core/index.ts': 'export class Engine {\n  run(): void {}\n}\n',
    'src/lib/strings.ts': 'export const padLeft = (s: string, n: number) => s.padStart(n);\n',
    'src/shared/config.ts': 'export interface Settings {\n  debug: boolean;\n}\n',
    'src/main.ts':
      "import { formatDate } from '@app/utils';\nimport { Engine } from '@core';\nimport { padLeft } from '~/strings';\nimport { Settings } from 'shared/config';\n\nformatDate(new Date());\n",
  });
  try {
    const index = await indexed(root);
    assert.deepEqual(resolved(index, root, 'src/main.ts', ['formatDate', 'Engine', 'padLeft', 'Settings']), {
      formatDate: 'src/app/utils.ts:formatDate',
      Engine: 'src/core/index.ts:Engine',
      padLeft: 'src/lib/strings.ts:padLeft',
      Settings: 'src/shared/config.ts:Settings',
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('paths without baseUrl are relative to the config that holds them; the nearest config applies', async () => {
  const root = tree({
    'configs/base.json': '{"compilerOptions": {"paths": {"#lib/*": ["../lib/*"]}}}',
    'web/tsconfig.json': '{"extends": "../configs/base.json"}',
    'web/app.ts': "import { shout } from '#lib/text';\n",
    'lib/text.ts': 'export function shout(s: string) {\n  return s.toUpperCase();\n}\n',
    // Another project in the same workspace maps the same prefix elsewhere.
    'api/jsconfig.json': '{"compilerOptions": {"baseUrl": ".", "paths": {"#lib/*": ["shims/*"]}}}',
    'api/shims/text.js': 'function shout(s) {\n  return s + "!";\n}\nmodule.exports = { shout };\n',
    'api/server.js': "const { shout } = require('#lib/text');\n",
  });
  try {
    const index = await indexed(root);
    assert.deepEqual(resolved(index, root, 'web/app.ts', ['shout']), { shout: 'lib/text.ts:shout' });
    assert.deepEqual(resolved(index, root, 'api/server.js', ['shout']), { shout: 'api/shims/text.js:shout' });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('workspace packages: npm/yarn workspaces and pnpm, by name, exports and subpaths, built entry points mapped to src', async () => {
  const root = tree({
    'package.json': '{"name": "mono", "private": true, "workspaces": ["packages/*", "!packages/ignored"]}',
    'packages/utils/package.json': '{"name": "@acme/utils", "main": "dist/index.js", "types": "dist/index.d.ts"}',
    'packages/utils/src/index.ts': "export * from './math';\n",
    'packages/utils/src/math.ts':
      'export function clamp(x: number, lo: number, hi: number): number {\n  return x;\n}\n',
    'packages/ui/package.json':
      '{"name": "@acme/ui", "exports": {".": {"import": "./src/index.ts"}, "./button": "./src/button/index.ts", "./icons/*": "./src/icons/*.tsx"}}',
    'packages/ui/src/index.ts': 'export const theme = { dark: true };\n',
    'packages/ui/src/button/index.ts': 'export class Button {\n  press(): void {}\n}\n',
    'packages/ui/src/icons/star.tsx': 'export function StarIcon() {\n  return null;\n}\n',
    'packages/ignored/package.json': '{"name": "ignored-pkg", "main": "index.js"}',
    'packages/ignored/index.js': 'function hidden() {}\nmodule.exports = { hidden };\n',
    'apps/web/main.ts':
      "import { clamp } from '@acme/utils';\nimport { theme } from '@acme/ui';\nimport { Button } from '@acme/ui/button';\nimport { StarIcon } from '@acme/ui/icons/star';\nimport { hidden } from 'ignored-pkg';\n",
  });
  const pnpm = tree({
    'pnpm-workspace.yaml': "packages:\n  - 'libs/**'\n",
    'package.json': '{"name": "root"}',
    'libs/deep/log/package.json': '{"name": "log-kit"}',
    'libs/deep/log/index.js': 'class Logger {\n  info(msg) {}\n}\nmodule.exports = { Logger };\n',
    'app.js': "const { Logger } = require('log-kit');\n",
  });
  try {
    const index = await indexed(root);
    assert.deepEqual(resolved(index, root, 'apps/web/main.ts', ['clamp', 'theme', 'Button', 'StarIcon', 'hidden']), {
      clamp: 'packages/utils/src/math.ts:clamp',
      theme: 'packages/ui/src/index.ts:theme',
      Button: 'packages/ui/src/button/index.ts:Button',
      StarIcon: 'packages/ui/src/icons/star.tsx:StarIcon',
      // Not a workspace member (`!packages/ignored`): only found by name, as any name would be.
      hidden: 'packages/ignored/index.js:hidden',
    });
    const info = importInfo(
      'typescript',
      path.join(root, 'apps/web/main.ts'),
      ["import { hidden } from 'ignored-pkg';"],
      [root],
      index.modules,
    );
    assert.deepEqual(info.nameSources.get('hidden') ?? [], [], 'a negated workspace glob maps no package');
    const pnpmIndex = await indexed(pnpm);
    assert.deepEqual(resolved(pnpmIndex, pnpm, 'app.js', ['Logger']), { Logger: 'libs/deep/log/index.js:Logger' });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(pnpm, { recursive: true, force: true });
  }
});

test('excluded and gitignored files never resolve, even where a path mapping points at them', async () => {
  const root = tree({
    '.gitignore': 'generated/\n',
    'tsconfig.json':
      '{"compilerOptions": {"baseUrl": ".", "paths": {"@gen/*": ["generated/*"], "@secret/*": ["private/*"]}}}',
    'generated/api.ts': 'export function fetchAll() {}\nexport function onlyGenerated() {}\n',
    'private/keys.ts': 'export function loadKey() {}\n',
    'main.ts': "import { onlyGenerated } from '@gen/api';\nimport { loadKey } from '@secret/keys';\n",
  });
  try {
    const index = await indexed(root, ['private/**']);
    assert.equal(index.file(path.join(root, 'private/keys.ts')), undefined);
    assert.equal(index.file(path.join(root, 'generated/api.ts')), undefined);
    assert.deepEqual(resolved(index, root, 'main.ts', ['onlyGenerated', 'loadKey']), {
      onlyGenerated: '',
      loadKey: '',
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('an excluded tsconfig is never read: its mappings do not exist', async () => {
  const root = tree({
    'tsconfig.json': '{"compilerOptions": {"paths": {"@x/*": ["./lib/*"]}}}',
    'lib/one.ts': 'export const uniqueOne = 1;\n',
    'main.ts': "import { uniqueOne } from '@x/one';\n",
  });
  try {
    const index = await indexed(root, ['tsconfig.json']);
    const entry = index.file(path.join(root, 'main.ts'))!;
    const info = importInfo(entry.grammar, entry.path, entry.imports, [root], index.modules);
    assert.deepEqual(info.nameSources.get('uniqueOne') ?? [], []);
    assert.ok(index.modules.empty);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a saved tsconfig, or the file it extends, remakes the map; the files it came from are listed', async () => {
  const root = tree({
    'tsconfig.base.json': '{"compilerOptions": {"baseUrl": ".", "paths": {"@a/*": ["one/*"]}}}',
    'tsconfig.json': '{"extends": "./tsconfig.base.json"}',
    'one/x.ts': 'export function fromOne() {}\n',
    'two/x.ts': 'export function fromTwo() {}\n',
    'main.ts': "import { fromOne, fromTwo } from '@a/x';\n",
  });
  try {
    const index = await indexed(root);
    const opts = { maxFileBytes: 100_000, isExcluded: createExclusionMatcher([], [root]) };
    assert.deepEqual(index.modules.sources, [path.join(root, 'tsconfig.base.json'), path.join(root, 'tsconfig.json')]);
    assert.deepEqual(resolved(index, root, 'main.ts', ['fromOne', 'fromTwo']), {
      fromOne: 'one/x.ts:fromOne',
      fromTwo: 'two/x.ts:fromTwo', // by name: the mapping does not lead there
    });
    fs.writeFileSync(
      path.join(root, 'tsconfig.base.json'),
      '{"compilerOptions": {"baseUrl": ".", "paths": {"@a/*": ["two/*"]}}}',
    );
    const before = index.version;
    await refreshModuleMap(index, path.join(root, 'tsconfig.base.json'), [root], opts);
    assert.ok(index.version > before, 'callers caching per index version see the change');
    const entry = index.file(path.join(root, 'main.ts'))!;
    const info = importInfo(entry.grammar, entry.path, entry.imports, [root], index.modules);
    assert.ok(info.nameSources.get('fromTwo')?.includes(path.join(root, 'two/x.ts')));
    assert.ok(!info.nameSources.get('fromTwo')?.includes(path.join(root, 'one/x.ts')));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
