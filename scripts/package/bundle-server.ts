/**
 * Bundles the compiled server into one file per entry point, written over tsc's output:
 * dist/server/cli.js (what editors start) and dist/server/workspace/parse-worker.js (the index's
 * parsing thread). Node resolves, reads and compiles ~410 modules one by one at start-up (the
 * openai package alone is 154 files, ~60-85 ms); one file loads in about a third of the time, and
 * a cold server's first completion waits for that load. Tests that import modules keep using
 * tsc's other files; every test that starts a server starts this bundle.
 *
 * web-tree-sitter stays a runtime dependency: it finds its wasm next to its own file. The global
 * Headers is replaced (scripts/package/bundle-globals.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ENTRY_POINTS = ['cli.js', path.join('workspace', 'parse-worker.js')];

function main(): void {
  const serverDir = path.resolve(__dirname, '..', '..', 'server');
  const result = buildSync({
    entryPoints: ENTRY_POINTS.map((entry) => path.join(serverDir, entry)),
    outbase: serverDir,
    outdir: serverDir,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['web-tree-sitter'],
    // Read as TypeScript source: esbuild sees its ES exports (tsc's CommonJS output hides them).
    inject: [path.resolve(__dirname, '..', '..', '..', 'scripts', 'package', 'bundle-globals.ts')],
    // Names stay readable in stack traces users paste into bug reports.
    minify: false,
    keepNames: true,
    legalComments: 'none',
    // V8 keeps a script's source for lazy compilation, as two bytes per character if one is not
    // ASCII: a single `→` made the 1.9 MB bundle a 3.8 MB string on the heap (see escapeNonAscii).
    charset: 'ascii',
    logLevel: 'warning',
    metafile: true,
  });
  for (const entry of ENTRY_POINTS) {
    const out = path.join(serverDir, entry);
    fs.writeFileSync(out, escapeNonAscii(fs.readFileSync(out, 'utf8')));
    const inputs = Object.keys(result.metafile.outputs[path.relative(process.cwd(), out)]?.inputs ?? {}).length;
    process.stderr.write(
      `bundled ${inputs} modules into dist/server/${entry} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB)\n`,
    );
  }
}

/**
 * esbuild's charset 'ascii' escapes strings and identifiers but copies comments and regex literals
 * as they are. `\uXXXX` per UTF-16 unit means the same character in a string, a template and a
 * regex with or without the u flag (an astral character as its surrogate pair), and is inert in a comment.
 */
export function escapeNonAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

if (require.main === module) main();
