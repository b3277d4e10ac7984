/**
 * The package as users get it: `npm pack` (after the build `npm test` just ran, with the wasm
 * grammars bundled as `prepare` would), `npm install -g` of the tarball into a temporary prefix,
 * then the installed `arbor-ls` driven from a folder outside the repository: --version, doctor, and
 * an LSP initialize + completion over stdio. Prints the tarball's and the installation's size, file
 * count and the install time. Dependencies come from the npm cache, else the registry.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { bundleGrammars } from '../../scripts/package/bundle-grammars';
import { packageRoot, packageVersion } from '../../server/paths';
import { grammarEntries } from '../../server/syntax/registry';

const MAX_INSTALLED_BYTES = 60 * 1024 * 1024;
/** npm settings that may pass to the child npm; the rest of npm_* (set by `npm test`) would steer it. */
const KEPT_NPM_ENV = new Set([
  'npm_config_cache',
  'npm_config_userconfig',
  'npm_config_globalconfig',
  'npm_config_registry',
  'npm_config_cafile',
]);

function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_/i.test(k) || KEPT_NPM_ENV.has(k.toLowerCase())) env[k] = v;
  return { ...env, ...extra };
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env = cleanEnv(),
  timeout = 120_000,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

function walk(dir: string): { files: number; bytes: number; all: string[] } {
  const out = { files: 0, bytes: 0, all: [] as string[] };
  const visit = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) {
        out.files++;
        out.bytes += fs.statSync(p).size;
        out.all.push(p);
      }
    }
  };
  visit(dir);
  return out;
}

/** `…/node_modules/<name>/package.json` or `…/node_modules/@scope/<name>/package.json`. */
function isDependencyManifest(file: string): boolean {
  const parts = file.split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return false;
  const rest = parts.slice(at + 1);
  return (
    rest[rest.length - 1] === 'package.json' && (rest.length === 2 || (rest.length === 3 && rest[0].startsWith('@')))
  );
}

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

test('npm pack + npm install -g gives a working arbor-ls: small, no install scripts, runs from any folder', {
  timeout: 240_000,
}, async (t) => {
  const root = packageRoot();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-install-'));
  try {
    bundleGrammars();
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], root);
    assert.equal(packed.code, 0, packed.stderr);
    const info = (
      JSON.parse(packed.stdout) as Array<{
        filename: string;
        size: number;
        unpackedSize: number;
        entryCount: number;
        files: Array<{ path: string }>;
      }>
    )[0];
    const tarball = path.join(tmp, info.filename);
    const packedFiles = info.files.map((f) => f.path);
    t.diagnostic(
      `tarball: ${info.filename}, ${info.entryCount} files, ${mb(info.size)} (${mb(info.unpackedSize)} unpacked)`,
    );

    assert.ok(packedFiles.includes('dist/server/cli.js'), 'the built server is in the tarball');
    const wasm = packedFiles.filter((f) => /^grammars\/wasm\/[^/]+\.wasm$/.test(f));
    assert.equal(wasm.length, grammarEntries().length, 'one shipped wasm per grammar');
    assert.ok(packedFiles.includes('grammars/wasm/manifest.json'));
    assert.ok(packedFiles.includes('server/demo/workspace/square.py'), 'the demo workspace');
    const foreign = packedFiles.filter((f) => /^dist\/(test|scripts)\/|\.map$|\.ts$|^test\/|^scripts\//.test(f));
    assert.deepEqual(foreign, [], 'only what runs is shipped');

    const prefix = path.join(tmp, 'prefix');
    const started = performance.now();
    const installed = await run(
      'npm',
      [
        'install',
        '-g',
        '--prefix',
        prefix,
        tarball,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--no-update-notifier',
      ],
      tmp,
    );
    const installMs = performance.now() - started;
    if (
      installed.code !== 0 &&
      !process.env.CI &&
      /ENOTCACHED|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/.test(installed.stderr)
    ) {
      t.skip(
        `the dependencies are neither in the npm cache nor reachable on the registry: ${installed.stderr.trim().split('\n')[0]}`,
      );
      return;
    }
    assert.equal(installed.code, 0, `${installed.stdout}\n${installed.stderr}`);

    const pkgDir = path.join(prefix, 'lib', 'node_modules', 'arbor-ls');
    const tree = walk(pkgDir);
    t.diagnostic(`installed: ${tree.files} files, ${mb(tree.bytes)}, in ${(installMs / 1000).toFixed(1)} s`);
    assert.ok(tree.bytes <= MAX_INSTALLED_BYTES, `installed size ${mb(tree.bytes)} <= ${mb(MAX_INSTALLED_BYTES)}`);

    // No dependency runs anything at install time, and no grammar package (C sources, prebuilds) comes along.
    const manifests = [path.join(pkgDir, 'package.json'), ...tree.all.filter(isDependencyManifest)];
    assert.ok(manifests.length > 5, 'dependencies were installed');
    for (const pj of manifests) {
      const pkg = JSON.parse(fs.readFileSync(pj, 'utf8')) as { name: string; scripts?: Record<string, string> };
      for (const hook of ['preinstall', 'install', 'postinstall'])
        assert.equal(pkg.scripts?.[hook], undefined, `${pkg.name} has a ${hook} script`);
      assert.ok(!fs.existsSync(path.join(path.dirname(pj), 'binding.gyp')), `${pkg.name} builds native code`);
      assert.ok(!/^(@tree-sitter-grammars\/)?tree-sitter-/.test(pkg.name), `${pkg.name} is installed`);
    }
    assert.doesNotMatch(installed.stderr, /install-scripts.*(tree-sitter|node-gyp)/i);

    // The shipped grammars are byte-identical to the official packages they were copied from.
    const bundle = JSON.parse(fs.readFileSync(path.join(pkgDir, 'grammars', 'wasm', 'manifest.json'), 'utf8')) as {
      grammars: Array<{ name: string; package: string; version: string; source: string; file: string; sha256: string }>;
    };
    assert.deepEqual(
      bundle.grammars.map((g) => g.name).sort(),
      grammarEntries()
        .map((e) => e.name)
        .sort(),
    );
    for (const g of bundle.grammars) {
      assert.equal(
        sha256(path.join(pkgDir, 'grammars', 'wasm', g.file)),
        g.sha256,
        `${g.file}: checksum in the manifest`,
      );
      const official = require.resolve(g.source, { paths: [root] });
      assert.equal(sha256(official), g.sha256, `${g.file} is ${g.source}`);
    }

    // The installed binary, from a folder outside the repository, as an editor starts it.
    const bin = path.join(prefix, 'bin', 'arbor-ls');
    const work = path.join(tmp, 'work');
    fs.mkdirSync(work);
    const env = cleanEnv({
      XDG_CONFIG_HOME: path.join(tmp, 'config'),
      ARBOR_BACKEND_KIND: 'local',
      ARBOR_LOG_LEVEL: 'warn',
    });
    const version = await run(bin, ['--version'], work, env);
    assert.equal(version.stdout.trim(), packageVersion(), version.stderr);

    const doctor = await run(bin, ['doctor'], work, env, 60_000);
    assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
    assert.match(doctor.stdout, /wasm files: .*grammars[/\\]wasm \(shipped with arbor-ls\)/);
    assert.equal((doctor.stdout.match(/^ {2}ok {4}/gm) ?? []).length, grammarEntries().length, doctor.stdout);

    fs.writeFileSync(path.join(work, 'greet.py'), 'def greet(name: str) -> str:\n    return "Hello, " + name + "!"\n');
    const text = 'def welcome(name: str) -> str:\n    return "Hello, "';
    const uri = pathToFileURL(path.join(work, 'welcome.py')).href;
    const child = spawn(bin, ['--stdio'], { cwd: work, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    try {
      const init = (await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(work).href,
        workspaceFolders: [{ uri: pathToFileURL(work).href, name: 'work' }],
        capabilities: { general: { positionEncodings: ['utf-16'] } },
      })) as { serverInfo?: { version?: string }; capabilities: { completionProvider?: unknown } };
      assert.equal(init.serverInfo?.version, packageVersion());
      assert.ok(init.capabilities.completionProvider);
      await connection.sendNotification('initialized', {});
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'python', version: 1, text },
      });
      const lines = text.split('\n');
      const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
      let suggestion: string | undefined;
      // The offline engine indexes the workspace in the background; ask again until greet.py is in.
      for (let i = 0; i < 50 && !suggestion; i++) {
        const list = (await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as {
          items: Array<{ textEdit?: { newText: string } }>;
        } | null;
        suggestion = list?.items[0]?.textEdit?.newText;
        if (!suggestion) await new Promise((r) => setTimeout(r, 100));
      }
      t.diagnostic(`completion from the installed server: ${JSON.stringify(suggestion)}`);
      assert.equal(suggestion, ' + name + "!"', stderr);
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      assert.equal(await exited, 0, stderr);
    } finally {
      connection.dispose();
      child.kill();
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
