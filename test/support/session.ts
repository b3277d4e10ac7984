/** The real server over stdio on a loopback model that answers at once: backend chosen, debounce off. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './lsp-client';
import { type OpenAITestServer, startOpenAIServer } from './openai-server';

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
  /** More initialize params (rootUri, workspaceFolders). */
  params: Record<string, unknown> = {},
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
      ...params,
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

export interface WorkspaceFolder {
  root: string;
  uri(rel: string): string;
  remove(): void;
}

/** A temp folder holding `files` (paths relative to it), its real path as root. */
export function workspaceFolder(files: Record<string, string>): WorkspaceFolder {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-ws-')));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return {
    root,
    uri: (rel: string) => pathToFileURL(path.join(root, rel)).href,
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** A session whose workspace folder is `ws` (the client supports workspace folders). */
export function workspaceSession(ws: WorkspaceFolder, arbor: Record<string, unknown> = {}): Promise<Session> {
  return session(
    { workspace: { workspaceFolders: true } },
    arbor,
    {},
    {
      rootUri: ws.uri(''),
      workspaceFolders: [{ uri: ws.uri(''), name: 'w' }],
    },
  );
}

/** The workspace index is built in the background: asks until `ready` holds (a few seconds at most); the last prompt. */
export async function eventually(ask: () => Promise<string>, ready: (prompt: string) => boolean): Promise<string> {
  let prompt = '';
  for (let i = 0; i < 40; i++) {
    prompt = await ask();
    if (ready(prompt)) return prompt;
    await new Promise((r) => setTimeout(r, 100));
  }
  return prompt;
}

/** The text a completions-API request carried: prompt then suffix. */
export function promptText(body: any): string {
  if (typeof body?.prompt === 'string') return `${body.prompt}${body.suffix ?? ''}`;
  return JSON.stringify(body);
}
