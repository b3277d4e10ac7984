/**
 * Helpers for the real-editor tests (test/editors/): find an editor binary, run it headless with a
 * hard time limit in an isolated HOME/XDG tree, and hand it a JSON brief it reads and a JSON report
 * it writes. The editor scripts only drive the editor and record what they saw; the node tests decide.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import { packageRoot } from '../../server/paths';
import { startOpenAIServer, type OpenAITestServer } from './openai-server';

/** The compiled server the editors start (`node <cli.js> --stdio`), wherever the build went. */
export const SERVER_JS = path.join(__dirname, '..', '..', 'server', 'cli.js');

/** The driver scripts (Lua, Elisp) live beside the test sources; tsc does not copy them. */
export function editorScript(name: string): string {
  return path.join(packageRoot(), 'test', 'editors', name);
}

/** Absolute path of `name` on PATH, or undefined. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Returns the editor's path, or handles its absence: in CI (`CI` set) a missing editor is a failure
 * (the CI script must install it); on a developer machine the test is skipped with a message.
 */
export function requireEditor(
  t: TestContext,
  binary: string,
  aptPackages: string,
  versionCheck?: (versionText: string) => string | undefined,
): string | undefined {
  const found = which(binary);
  let problem = found ? undefined : `${binary} is not installed (apt-get install -y ${aptPackages})`;
  if (found && versionCheck) {
    const out = spawnSync(found, ['--version'], { encoding: 'utf8', timeout: 10000 });
    problem = versionCheck(`${out.stdout ?? ''}${out.stderr ?? ''}`);
  }
  if (!problem) return found;
  if (process.env.CI) throw new Error(`editor test cannot run: ${problem}`);
  t.skip(problem);
  return undefined;
}

export interface EditorRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs an editor in its own process group and kills the whole group (editor and the language
 * server it started) when it exits or the time limit passes.
 */
export function runEditor(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs: number },
): Promise<EditorRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    child.on('error', (err) => {
      stderr += `\nspawn error: ${err.message}`;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup(); // the language server, if the editor left it behind
      resolve({ code, signal, timedOut, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A temporary tree with an isolated HOME and XDG directories, so editors touch nothing of the user's. */
export interface Sandbox {
  dir: string;
  /** Where the project files go (the editors' workspace root). */
  project: string;
  env: NodeJS.ProcessEnv;
  /** The server's log file (log.file, level debug). */
  serverLog: string;
  file(relative: string, text: string): string;
  readServerLog(): string;
  cleanup(): void;
}

export function makeSandbox(prefix: string): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `arbor-${prefix}-`));
  const project = path.join(dir, 'project');
  for (const sub of ['project', 'home', 'config', 'data', 'state', 'cache']) fs.mkdirSync(path.join(dir, sub));
  const serverLog = path.join(dir, 'server.log');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TERM: 'dumb',
    HOME: path.join(dir, 'home'),
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_STATE_HOME: path.join(dir, 'state'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
    TMPDIR: dir,
  };
  return {
    dir,
    project,
    env,
    serverLog,
    file(relative, text) {
      const p = path.join(project, relative);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      return p;
    },
    readServerLog() {
      try {
        return fs.readFileSync(serverLog, 'utf8');
      } catch {
        return '(no server log)';
      }
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The last `n` characters of a text, for failure messages. */
export function tail(text: string, n = 3000): string {
  return text.length > n ? `…${text.slice(-n)}` : text;
}

/** Reads the JSON report an editor script wrote, or explains (with the editor's output) why there is none. */
export function readReport<T>(file: string, run: EditorRun, sandbox: Sandbox, extra = ''): T {
  const diagnostics = () =>
    [
      `editor exit: code=${run.code} signal=${run.signal} timedOut=${run.timedOut} after ${run.ms} ms`,
      `--- editor stdout ---\n${tail(run.stdout)}`,
      `--- editor stderr ---\n${tail(run.stderr)}`,
      extra,
      `--- server log (${sandbox.serverLog}) ---\n${tail(sandbox.readServerLog())}`,
    ].join('\n');
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    throw new Error(`the editor wrote no report\n${diagnostics()}`);
  }
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new Error(`the editor's report is not JSON: ${raw.slice(0, 500)}\n${diagnostics()}`);
  }
}

/** What a real-editor test body gets from withEditor. */
export interface EditorSession {
  /** The editor binary's path. */
  editor: string;
  /** The loopback OpenAI-compatible model, serving one model named `test-model`. */
  srv: OpenAITestServer;
  sb: Sandbox;
}

/**
 * The frame every real-editor test shares: find the editor (requireEditor: skipped on a developer
 * machine, a failure in CI), start the loopback model and a sandbox, run the test body, and always
 * close the model and remove the sandbox.
 */
export async function withEditor(
  t: TestContext,
  need: {
    binary: string;
    aptPackages: string;
    versionCheck?: (versionText: string) => string | undefined;
    sandbox: string;
  },
  body: (session: EditorSession) => Promise<void>,
): Promise<void> {
  const editor = requireEditor(t, need.binary, need.aptPackages, need.versionCheck);
  if (!editor) return;
  const srv = await startOpenAIServer({ models: ['test-model'] });
  const sb = makeSandbox(need.sandbox);
  try {
    await body({ editor, srv, sb });
  } finally {
    await srv.close();
    sb.cleanup();
  }
}

/**
 * Current editors (Neovim 0.12, Helix, Emacs 30) come from a Debian sid root made by debootstrap
 * (.ci/run creates it: `debootstrap --variant=minbase --include=neovim,hx,emacs-nox sid /var/cache/arbor-sid`).
 * They run chrooted into it, in a private mount namespace (unshare) where /proc, /dev, the checkout,
 * the temporary directory and the node binary are bind-mounted at their own paths, so the editor starts
 * `node <checkout>/dist/server/cli.js --stdio` itself and sees the sandbox files where the test wrote
 * them. The mounts vanish with the namespace. Needs root (CI runs as root).
 */
export const SID_ROOT = process.env.ARBOR_SID_ROOT || '/var/cache/arbor-sid';

/** Turns an editor command line into one that runs inside the sid root; `cwd` is the directory it starts in. */
export type RootLauncher = (args: string[], cwd: string) => { command: string; args: string[] };

// biome-ignore lint/complexity/noUselessStringRaw: a shell script, kept raw so that a backslash added later stays one
const SID_LAUNCH = String.raw`set -e
root=$1; cwd=$2; shift 2
mount --rbind /proc "$root/proc"
mount --rbind /dev "$root/dev"
for p in $ARBOR_SID_BINDS; do
  if [ -d "$p" ]; then mkdir -p "$root$p"; else mkdir -p "$(dirname "$root$p")"; [ -e "$root$p" ] || : > "$root$p"; fi
  mount --bind "$p" "$root$p"
done
exec chroot "$root" /bin/sh -c 'cd "$0" && exec "$@"' "$cwd" "$@"`;

function sidProblem(binary: string): string | undefined {
  if (process.platform !== 'linux') return 'the sid root needs Linux';
  if (!fs.existsSync(path.join(SID_ROOT, 'usr', 'bin', binary))) {
    return `${binary} is not in the sid root ${SID_ROOT} (make it with: debootstrap --variant=minbase --include=neovim,hx,emacs-nox sid ${SID_ROOT})`;
  }
  if (process.getuid?.() !== 0) return `running editors from ${SID_ROOT} needs root (chroot, mount)`;
  if (!which('unshare') || !which('chroot')) return 'unshare and chroot (util-linux, coreutils) are needed';
  return undefined;
}

/** A launcher for the sid root, binding what the editor and the server it starts need. */
export function sidLauncher(extraBinds: string[] = []): RootLauncher {
  const binds = [packageRoot(), os.tmpdir(), process.execPath, ...extraBinds].map((p) => fs.realpathSync(p));
  if (binds.some((p) => /\s/.test(p)))
    throw new Error(`paths with spaces cannot be bind-mounted by the sid launcher: ${binds.join(', ')}`);
  return (args, cwd) => ({
    command: 'unshare',
    args: [
      '--mount',
      '--propagation',
      'private',
      '--',
      'env',
      `ARBOR_SID_BINDS=${binds.join(' ')}`,
      '/bin/sh',
      '-c',
      SID_LAUNCH,
      'sid-launch',
      SID_ROOT,
      cwd,
      ...args,
    ],
  });
}

/**
 * Like requireEditor, for an editor in the sid root: the launcher, or undefined after skipping (a
 * failure in CI). `versionCheck` sees `<binary> --version` run inside the root.
 */
export function requireSidEditor(
  t: TestContext,
  binary: string,
  versionCheck?: (versionText: string) => string | undefined,
): RootLauncher | undefined {
  let problem = sidProblem(binary);
  let launcher: RootLauncher | undefined;
  if (!problem) {
    launcher = sidLauncher();
    if (versionCheck) {
      const { command, args } = launcher([`/usr/bin/${binary}`, '--version'], '/');
      const out = spawnSync(command, args, {
        encoding: 'utf8',
        timeout: 20000,
        env: { PATH: process.env.PATH, HOME: '/root', TERM: 'dumb' },
      });
      problem =
        out.status === 0
          ? versionCheck(`${out.stdout ?? ''}${out.stderr ?? ''}`)
          : `${binary} --version in ${SID_ROOT} failed: ${out.stderr || out.error?.message}`;
    }
  }
  if (!problem) return launcher;
  if (process.env.CI) throw new Error(`editor test cannot run: ${problem}`);
  t.diagnostic(`skipped: ${problem}`);
  t.skip(problem);
  return undefined;
}

/** What a test of an editor in the sid root gets: the launcher instead of a binary path. */
export interface SidEditorSession {
  launch: RootLauncher;
  srv: OpenAITestServer;
  sb: Sandbox;
}

/** withEditor for an editor in the sid root (requireSidEditor). */
export async function withSidEditor(
  t: TestContext,
  need: { binary: string; versionCheck?: (versionText: string) => string | undefined; sandbox: string },
  body: (session: SidEditorSession) => Promise<void>,
): Promise<void> {
  const launch = requireSidEditor(t, need.binary, need.versionCheck);
  if (!launch) return;
  const srv = await startOpenAIServer({ models: ['test-model'] });
  const sb = makeSandbox(need.sandbox);
  try {
    await body({ launch, srv, sb });
  } finally {
    await srv.close();
    sb.cleanup();
  }
}

/** A terminal editor running in a detached tmux session: keys in (send-keys), screen text out (capture-pane). */
export interface Terminal {
  /** tmux send-keys arguments: key names (`Escape`, `C-x`, `Space`, `Enter`) or literal strings. */
  send(...keys: string[]): void;
  /** Literal text, every character as typed. */
  type(text: string): void;
  screen(): string;
  /** Polls the screen until `test` returns something truthy; fails with the last screen. */
  waitFor<T>(what: string, test: (screen: string) => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): void;
}

export function startTerminal(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; socket: string; width?: number; height?: number },
): Terminal {
  const tmux = (...a: string[]) => {
    const out = spawnSync('tmux', ['-S', options.socket, ...a], { encoding: 'utf8', env: options.env, timeout: 10000 });
    if (out.status !== 0) throw new Error(`tmux ${a[0]} failed: ${out.stderr || out.error?.message}`);
    return out.stdout;
  };
  tmux(
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-x',
    String(options.width ?? 100),
    '-y',
    String(options.height ?? 30),
    '-c',
    options.cwd,
    command,
    ...args,
  );
  tmux('set-option', '-g', 'remain-on-exit', 'on'); // keep the pane (and its last screen) if the editor dies
  const term: Terminal = {
    send: (...keys) => void tmux('send-keys', '-t', '0', ...keys),
    type: (text) => void tmux('send-keys', '-t', '0', '-l', text),
    screen: () => tmux('capture-pane', '-p', '-t', '0'),
    async waitFor(what, test, timeoutMs = 15000) {
      const deadline = Date.now() + timeoutMs;
      let screen = '';
      for (;;) {
        screen = term.screen();
        const value = test(screen);
        if (value) return value;
        if (Date.now() > deadline)
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close() {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
  return term;
}
