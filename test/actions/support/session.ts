/** One spawned server with the code-actions feature and a loopback model, as the protocol tests use it. */
import { startOpenAIServer, type OpenAITestServer } from '../../support/openai-server';
import { ActionClient, type RpcMessage } from './action-client';
import { applyEdits, type Enc, type LspTextEdit, position } from './positions';

/** A client like Neovim 0.10 / VS Code: literals, data, resolve of `edit`, versioned edits, file creation. */
export function resolvingClient(enc: Enc = 'utf-16', extra: { progress?: boolean; create?: boolean } = {}): Record<string, unknown> {
  return {
    general: { positionEncodings: [enc] },
    textDocument: {
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source'] } },
        dataSupport: true,
        resolveSupport: { properties: ['edit'] },
      },
    },
    workspace: { applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: extra.create === false ? [] : ['create', 'rename', 'delete'] } },
    window: { workDoneProgress: extra.progress === true },
  };
}

/** A client like Neovim 0.7 or Sublime without resolve: literals, no resolveSupport, unversioned `changes`. */
export function commandClient(enc: Enc = 'utf-16'): Record<string, unknown> {
  return {
    general: { positionEncodings: [enc] },
    textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor'] } } } },
    workspace: { applyEdit: true },
  };
}

export interface Session {
  client: ActionClient;
  model: OpenAITestServer;
  close(): Promise<void>;
}

export interface SessionOptions {
  capabilities?: Record<string, unknown>;
  settings?: Record<string, unknown>;
  onRequest?: (method: string, params: any) => unknown;
  env?: NodeJS.ProcessEnv;
  rootUri?: string;
}

export async function startSession(opts: SessionOptions = {}): Promise<Session> {
  const model = await startOpenAIServer({ models: ['test-model'] });
  const client = new ActionClient({ onRequest: opts.onRequest, env: opts.env });
  await client.initialize(opts.capabilities ?? resolvingClient(), {
    'backend.kind': 'openai',
    'backend.baseURL': model.url,
    'backend.api': 'chat',
    'backend.model': 'test-model',
    ...opts.settings,
  });
  return {
    client,
    model,
    async close() {
      await client.shutdown();
      await model.close();
    },
  };
}

/** The codeAction request for a cursor (or a selection) given as offsets into `text`. */
export function codeActionParams(uri: string, text: string, start: number, end = start, enc: Enc = 'utf-16', context: Record<string, unknown> = {}): Record<string, unknown> {
  return { textDocument: { uri }, range: { start: position(text, start, enc), end: position(text, end, enc) }, context: { diagnostics: [], ...context } };
}

export function titles(actions: Array<{ title: string }>): string[] {
  return actions.map((a) => a.title);
}

/** The text edits of a WorkspaceEdit for one URI, from `documentChanges` or `changes`. */
export function editsFor(edit: any, uri: string): { version?: number | null; edits: LspTextEdit[] } {
  if (edit?.documentChanges) {
    const change = edit.documentChanges.find((c: any) => c.textDocument?.uri === uri);
    return { version: change?.textDocument.version, edits: change?.edits ?? [] };
  }
  return { edits: edit?.changes?.[uri] ?? [] };
}

/** The document text after the client applies `edit`. */
export function applied(text: string, edit: any, uri: string, enc: Enc = 'utf-16'): string {
  return applyEdits(text, editsFor(edit, uri).edits, enc);
}

/** The user message the model received in its `n`-th chat request. */
export function promptOf(model: OpenAITestServer, n = 0): string {
  const body = model.completions()[n]?.body;
  return (body?.messages ?? []).map((m: { content: string }) => m.content).join('\n\n');
}

export function showMessages(client: ActionClient): string[] {
  return client.notifications('window/showMessage').map((m: RpcMessage) => String(m.params?.message));
}

/** A fenced chat answer around `code`, with prose around it as models write. */
export function fencedAnswer(code: string, lang = 'python'): string {
  return `Here is the updated code:\n\n\`\`\`${lang}\n${code}\n\`\`\`\n\nThis keeps the behaviour the same.`;
}
