/**
 * A JSON-RPC client over stdio for the action protocol tests, spawning test/actions/support's
 * server entry (test/support/lsp-client.ts always spawns server/cli.js). Same framing checks;
 * adds caller-chosen request ids, to tell the server's own request ids from the client's.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as path from 'node:path';

export interface RpcMessage {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string; data?: unknown };
}

export const ENTRY_JS = path.join(__dirname, 'server-entry.js');

export interface ClientOptions {
  env?: NodeJS.ProcessEnv;
  /** Answers server→client requests (workspace/applyEdit, window/workDoneProgress/create, ...). */
  onRequest?: (method: string, params: any) => unknown;
}

export class ActionClient {
  readonly proc: ChildProcessWithoutNullStreams;
  /** Every message the server sent, in order. */
  readonly received: RpcMessage[] = [];
  stderr = '';
  framingError: string | undefined;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private waiting = new Map<number | string, (msg: RpcMessage) => void>();
  private listeners: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(private readonly options: ClientOptions = {}) {
    this.proc = spawn(process.execPath, [ENTRY_JS, '--stdio'], {
      env: { ...process.env, XDG_CONFIG_HOME: '/nonexistent-arbor-test', ...options.env },
      stdio: 'pipe',
    });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
    // A dead server must fail the waiting test, not hang it.
    this.proc.on('exit', () => {
      for (const answer of this.waiting.values()) answer({ jsonrpc: '2.0', error: { code: -1, message: `server exited; stderr: ${this.stderr.slice(-2000)}` } });
      this.waiting.clear();
      for (const l of this.listeners.splice(0)) l();
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /^Content-Length: (\d+)$/im.exec(header);
      if (!match) {
        this.framingError ??= `bad header on stdout: ${JSON.stringify(header.slice(0, 80))}`;
        this.buffer = Buffer.alloc(0);
        return;
      }
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      try {
        this.handle(JSON.parse(body) as RpcMessage);
      } catch {
        this.framingError ??= `frame body is not JSON: ${body.slice(0, 80)}`;
      }
    }
  }

  private handle(msg: RpcMessage): void {
    this.received.push(msg);
    if (msg.method !== undefined && msg.id !== undefined) {
      let result: unknown = null;
      try {
        result = this.options.onRequest?.(msg.method, msg.params) ?? null;
      } catch {
        result = null;
      }
      void Promise.resolve(result).then((r) => this.send({ jsonrpc: '2.0', id: msg.id, result: r ?? null }));
    } else if (msg.method === undefined && msg.id !== undefined && msg.id !== null) {
      this.waiting.get(msg.id)?.(msg);
      this.waiting.delete(msg.id);
    }
    for (const l of this.listeners.splice(0)) l();
  }

  send(msg: Record<string, unknown>): void {
    const bytes = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${bytes.length}\r\n\r\n`);
    this.proc.stdin.write(bytes);
  }

  /** Sends a request (with `id` when given) and resolves with the whole response message. */
  request(method: string, params?: unknown, id: number | string = this.nextId++): Promise<RpcMessage> {
    const answered = new Promise<RpcMessage>((resolve) => this.waiting.set(id, resolve));
    this.send({ jsonrpc: '2.0', id, method, params });
    return answered;
  }

  async call<T = any>(method: string, params?: unknown): Promise<T> {
    const msg = await this.request(method, params);
    if (msg.error) throw new Error(`${method} failed: ${msg.error.code} ${msg.error.message}\n${this.stderr.slice(-2000)}`);
    return msg.result as T;
  }

  notify(method: string, params?: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Waits (without a clock) until a received message satisfies `pred`; the test runner's timeout bounds it. */
  async waitFor(pred: (m: RpcMessage) => boolean): Promise<RpcMessage> {
    for (;;) {
      const found = this.received.find(pred);
      if (found) return found;
      if (this.proc.exitCode !== null) throw new Error(`server exited; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => this.listeners.push(resolve));
    }
  }

  notifications(method: string): RpcMessage[] {
    return this.received.filter((m) => m.method === method && m.id === undefined);
  }

  requestsFromServer(method: string): RpcMessage[] {
    return this.received.filter((m) => m.method === method && m.id !== undefined);
  }

  async initialize(capabilities: Record<string, unknown>, initializationOptions: Record<string, unknown> = {}): Promise<any> {
    const result = await this.call('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions });
    this.notify('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async shutdown(): Promise<void> {
    if (this.proc.exitCode === null) {
      await this.call('shutdown').catch(() => {});
      this.notify('exit');
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
