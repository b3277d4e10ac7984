/** Shared set-up for the hostile-input tests: a server on a loopback model, time and memory probes. */
import * as fs from 'node:fs';
import { LspClient, type RpcMessage } from '../support/lsp-client';
import { type OpenAITestServer, startOpenAIServer } from '../support/openai-server';

export interface Session {
  client: LspClient;
  srv: OpenAITestServer;
  init: any;
  close(): Promise<number | null>;
}

/** A server pointed at a loopback model that answers at once, backend chosen, debounce off. */
export async function session(
  capabilities: Record<string, unknown> = {},
  arbor: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = {},
): Promise<Session> {
  const srv = await startOpenAIServer({ models: ['starcoder2-3b'] });
  srv.respond('value + 1');
  const client = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn', ...env } });
  const init = await client.initialize(
    {
      textDocument: {
        inlineCompletion: {},
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
          resolveSupport: { properties: ['edit'] },
          dataSupport: true,
        },
      },
      ...capabilities,
    },
    {
      initializationOptions: {
        arbor: {
          backend: {
            kind: 'openai',
            baseURL: srv.url,
            model: 'starcoder2-3b',
            api: 'completions',
            fim: 'starcoder',
            timeoutMs: 5000,
          },
          completion: { debounceMs: 0 },
          ...arbor,
        },
      },
    },
  );
  await client.waitFor(
    (m) => m.method === 'window/logMessage' && /starcoder2-3b/.test(m.params?.message ?? ''),
    10_000,
    'backend chosen',
  );
  return {
    client,
    srv,
    init,
    async close() {
      const code = await client.shutdown();
      await srv.close();
      return code;
    },
  };
}

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
