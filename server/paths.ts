import * as fs from 'node:fs';
import * as path from 'node:path';

let cached: string | undefined;

/** The folder holding package.json, grammars/ and test fixtures, wherever the compiled code lives. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`arbor-ls: package.json not found above ${__dirname}`);
    dir = parent;
  }
  cached = dir;
  return dir;
}

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/**
 * The folder holding the compiled server (dist/server). Not __dirname: the shipped cli.js is a
 * bundle of every module, so a module's own folder is not where its compiled neighbours are.
 */
export function serverDir(): string {
  return path.join(packageRoot(), 'dist', 'server');
}
