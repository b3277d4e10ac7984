/**
 * The layers ARCHITECTURE.md draws, enforced: a module under server/ imports only from its own layer
 * or the ones below. Read from the TypeScript sources, so a new upward import fails here before review.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../server/paths';

/** Bottom first. A folder or top-level file of server/ missing here fails the test: give it a layer. */
const LAYERS: readonly (readonly string[])[] = [
  ['model', 'text', 'paths.ts', 'workspace-path.ts', 'young-generation.ts'],
  ['privacy'],
  ['config', 'log'],
  ['syntax'],
  ['documents'],
  ['prompt', 'context', 'workspace'],
  ['backends', 'coderef'],
  ['completion', 'actions'],
  ['lsp', 'main.ts', 'cli.ts', 'doctor.ts', 'demo'],
];

/** Upward imports tolerated: none since issue #13 (the test fails when a listed one goes away, so a list could only shrink). */
const KNOWN_EXCEPTIONS = new Set<string>([]);

const serverDir = path.join(packageRoot(), 'server');
const layerOf = new Map<string, number>(
  LAYERS.flatMap((names, level) => names.map((n) => [n, level] as [string, number])),
);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'workspace' && dir !== serverDir ? [] : sources(p); // demo/workspace is sample data
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const top = (relative: string): string => relative.split('/')[0];

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^import\s+)['"](\.[^'"]+)['"]/gm),
  ].map((m) => m[1]);
  return specs.map((s) =>
    path
      .relative(serverDir, path.resolve(path.dirname(file), s))
      .split(path.sep)
      .join('/'),
  );
}

test('every folder and top-level module of server/ has a layer', () => {
  const entries = fs
    .readdirSync(serverDir)
    .filter((n) => n.endsWith('.ts') || fs.statSync(path.join(serverDir, n)).isDirectory());
  assert.deepEqual(
    entries.filter((n) => !layerOf.has(n)),
    [],
  );
});

test('no module imports from a layer above its own', () => {
  const found: string[] = [];
  for (const file of sources(serverDir)) {
    const from = path.relative(serverDir, file).split(path.sep).join('/');
    for (const target of importsOf(file)) {
      if (target.startsWith('..')) continue; // outside server/ (package.json via paths.ts is read, not imported)
      const a = layerOf.get(top(from));
      const b = layerOf.get(top(target.endsWith('.ts') || target.includes('/') ? target : `${target}.ts`));
      if (a !== undefined && b !== undefined && b > a) found.push(`${from} -> ${target}`);
    }
  }
  assert.deepEqual(
    found.filter((f) => !KNOWN_EXCEPTIONS.has(f)),
    [],
    'upward imports (see ARCHITECTURE.md, "Layers")',
  );
  assert.deepEqual(
    [...KNOWN_EXCEPTIONS].filter((e) => !found.includes(e)),
    [],
    'an exception is gone: remove it from KNOWN_EXCEPTIONS',
  );
});
