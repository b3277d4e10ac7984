/**
 * A minimal LSP client for protocol tests: spawns the built server over stdio and speaks real
 * JSON-RPC with Content-Length framing. It checks that every byte on the server's stdout is a frame.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

export const SERVER_JS = path.join(__dirname, '..', '..', 'server', 'cli.js');

let cacheHome: string | undefined;

/** One cache folder per test process ($XDG_CACHE_HOME of the spawned servers): the user's own ~/.cache is never written by a test. */
function testCacheHome(): string {
  if (cacheHome) return cacheHome;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-test-cache-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  cacheHome = dir;
  return dir;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Another server's command line (benchmarks compare peers); default: this build's server with --stdio. */
  command?: string[];
  args?: string[];
  cwd?: string;
  /** Answers server→client requests (workspace/configuration, workspace/applyEdit, ...). */
  onRequest?: (method: string, params: any) => unknown;
}

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly notifications: RpcMessage[] = [];
  readonly serverRequests: RpcMessage[] = [];
  /** Every message the server sent, in order. */
  readonly received: RpcMessage[] = [];
  stderr = '';
  /** Set when stdout carried something that is not a well-formed frame. */
  framingError: string | undefined;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiting = new Map<number | string, (msg: RpcMessage) => void>();
  private listeners: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(private readonly options: SpawnOptions = {}) {
    const [program, ...argv] = options.command ?? [process.execPath, SERVER_JS, '--stdio'];
    this.proc = spawn(program, [...argv, ...(options.args ?? [])], {
      cwd: options.cwd,
      env: {
        ...process.env,
        XDG_CONFIG_HOME: '/nonexistent-arbor-test',
        XDG_CACHE_HOME: testCacheHome(),
        ARBOR_BACKEND_KIND: 'local',
        ...options.env,
      },
      stdio: 'pipe',
    });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        const head = this.buffer.subarray(0, 8).toString('latin1');
        if (!'Content-'.startsWith(head))
          this.framingError ??= `stdout is not a frame: ${JSON.stringify(this.buffer.subarray(0, 80).toString('utf8'))}`;
        return;
      }
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /^Content-Length: (\d+)$/im.exec(header);
      if (!match || !/^Content-(Length|Type): /i.test(header)) {
        this.framingError ??= `bad header on stdout: ${JSON.stringify(header.slice(0, 80))}`;
        this.buffer = Buffer.alloc(0);
        return;
      }
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      let msg: RpcMessage;
      try {
        msg = JSON.parse(body) as RpcMessage;
      } catch {
        this.framingError ??= `frame body is not JSON: ${body.slice(0, 80)}`;
        continue;
      }
      this.handle(msg);
    }
  }

  private handle(msg: RpcMessage): void {
    this.received.push(msg);
    if (msg.method !== undefined && msg.id !== undefined) {
      this.serverRequests.push(msg);
      let result: unknown = null;
      try {
        result = this.options.onRequest?.(msg.method, msg.params) ?? null;
      } catch {
        result = null;
      }
      void Promise.resolve(result).then((r) => this.send({ jsonrpc: '2.0', id: msg.id, result: r ?? null }));
    } else if (msg.method !== undefined) {
      this.notifications.push(msg);
    } else if (msg.id !== undefined && msg.id !== null) {
      this.waiting.get(msg.id)?.(msg);
      this.waiting.delete(msg.id);
    }
    for (const l of this.listeners.splice(0)) l();
  }

  send(msg: RpcMessage | Record<string, unknown>): void {
    this.writeRaw(JSON.stringify(msg));
  }

  writeRaw(body: string): void {
    const bytes = Buffer.from(body, 'utf8');
    this.proc.stdin.write(`Content-Length: ${bytes.length}\r\n\r\n`);
    this.proc.stdin.write(bytes);
  }

  /** Sends a request and resolves with the whole response message (result or error). */
  request(method: string, params?: unknown, timeoutMs = 20000): Promise<RpcMessage> & { id: number } {
    const id = this.nextId++;
    const p = new Promise<RpcMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(
          new Error(`no answer to ${method} (id ${id}) within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`),
        );
      }, timeoutMs);
      this.waiting.set(id, (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
    }) as Promise<RpcMessage> & { id: number };
    p.id = id;
    this.send({ jsonrpc: '2.0', id, method, params });
    return p;
  }

  /** Sends a request and returns its result; fails the test on an error response. */
  async call<T = any>(method: string, params?: unknown, timeoutMs?: number): Promise<T> {
    const msg = await this.request(method, params, timeoutMs);
    if (msg.error) throw new Error(`${method} failed: ${msg.error.code} ${msg.error.message}`);
    return msg.result as T;
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Waits until a received message satisfies `pred`. */
  async waitFor(pred: (m: RpcMessage) => boolean, timeoutMs = 10000, what = 'message'): Promise<RpcMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(pred);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.listeners.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async initialize(capabilities: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Promise<any> {
    const result = await this.call('initialize', { processId: process.pid, rootUri: null, capabilities, ...extra });
    this.notify('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'python', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async shutdown(): Promise<number | null> {
    if (this.proc.exitCode === null) {
      await this.call('shutdown').catch(() => {});
      this.notify('exit');
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** Polls `pred` (for what is not a message, such as stderr: LspClient.waitFor would only wake at its deadline). */
export async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Everything the server offers after `text` opened as `uri` (Python), menu items and ghost text alike. */
export async function offeredAfter(c: LspClient, uri: string, text: string): Promise<string[]> {
  c.open(uri, text, 'python', 1);
  const lines = text.split('\n');
  const position = { line: lines.length - 1, character: lines.at(-1)!.length };
  const menu = await c.call('textDocument/completion', { textDocument: { uri }, position });
  const ghost = await c.call('textDocument/inlineCompletion', {
    textDocument: { uri },
    position,
    context: { triggerKind: 1 },
  });
  return [
    ...menu.items.map((i: any) => i.textEdit.newText as string),
    ...ghost.items.map((i: any) => i.insertText as string),
  ];
}
