/** Shared probes for the hostile-input tests: time, memory, and whether the server still serves. */
import * as fs from 'node:fs';
import type { LspClient, RpcMessage } from '../support/lsp-client';
import type { Session } from '../support/session';

/** The server's resident memory in MB (Linux). */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** The request's answer and how long it took; fails (with the method) if none arrives within `ms`. */
export async function timed(
  client: LspClient,
  method: string,
  params: unknown,
  ms: number,
): Promise<{ msg: RpcMessage; ms: number }> {
  const started = performance.now();
  const msg = await client.request(method, params, ms);
  return { msg, ms: performance.now() - started };
}

/** A normal completion still works: the server goes on after whatever came before. */
export async function stillServes(s: Session, uri = 'file:///hostile/after.py'): Promise<void> {
  const before = s.srv.completions().length;
  s.client.open(uri, 'def add(a, b):\n    return ', 'python', 1);
  const list = await s.client.call(
    'textDocument/completion',
    { textDocument: { uri }, position: { line: 1, character: 11 } },
    10_000,
  );
  if (!Array.isArray(list?.items) || list.items.length === 0)
    throw new Error(
      `a normal completion got no suggestion: ${JSON.stringify(list)}; stderr: ${s.client.stderr.slice(-1500)}`,
    );
  if (s.srv.completions().length <= before) throw new Error('a normal completion did not reach the model');
  s.client.notify('textDocument/didClose', { textDocument: { uri } });
}

/** Writes raw bytes to the server's stdin (for frames that `writeRaw` cannot make). */
export function writeBytes(client: LspClient, bytes: string | Buffer): void {
  client.proc.stdin.write(bytes);
}

export const frame = (body: string): string => `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
