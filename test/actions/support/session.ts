/**
 * One real server (server/cli.js --stdio, spawned by the shared test client) pointed at a loopback
 * OpenAI-compatible model, as the action protocol tests use it. Requests to the model go through the
 * product's backend lifecycle, redaction included.
 */
import { LspClient, type RpcMessage } from '../../support/lsp-client';
import { startOpenAIServer, type OpenAITestServer } from '../../support/openai-server';
import { applyEdits, type Enc, type LspTextEdit, position } from './positions';

/** A client like Neovim 0.10 / VS Code: literals, data, resolve of `edit`, versioned edits, file creation. */
export function resolvingClient(
  enc: Enc = 'utf-16',
  extra: { progress?: boolean; create?: boolean } = {},
): Record<string, unknown> {
  return {
    general: { positionEncodings: [enc] },
    textDocument: {
      codeAction: {
        codeActionLiteralSupport: {
          codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'refactor.rewrite', 'source'] },
        },
        dataSupport: true,
        resolveSupport: { properties: ['edit'] },
      },
    },
    workspace: {
      applyEdit: true,
      workspaceEdit: {
        documentChanges: true,
        resourceOperations: extra.create === false ? [] : ['create', 'rename', 'delete'],
      },
    },
    window: { workDoneProgress: extra.progress === true },
  };
}

/** A client like Neovim 0.7 or Sublime without resolve: literals, no resolveSupport, unversioned `changes`. */
export function commandClient(enc: Enc = 'utf-16'): Record<string, unknown> {
  return {
    general: { positionEncodings: [enc] },
    textDocument: {
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor'] } } },
    },
    workspace: { applyEdit: true },
  };
}

export interface Session {
  client: LspClient;
  model: OpenAITestServer;
  /** The server's `initialize` result. */
  init: any;
  close(): Promise<void>;
}

export interface SessionOptions {
  capabilities?: Record<string, unknown>;
  /** Extra `arbor` settings (nested or dotted keys), next to the loopback backend. */
  settings?: Record<string, unknown>;
  /** Answers server→client requests; unanswered ones get `null`. */
  onRequest?: (method: string, params: any) => unknown;
  env?: NodeJS.ProcessEnv;
}

const MODEL = 'test-model';

export async function startSession(opts: SessionOptions = {}): Promise<Session> {
  const model = await startOpenAIServer({ models: [MODEL] });
  const client = new LspClient({ onRequest: opts.onRequest, env: opts.env });
  try {
    const init = await client.initialize(opts.capabilities ?? resolvingClient(), {
      initializationOptions: {
        arbor: {
          backend: { kind: 'openai', baseURL: model.url, model: MODEL, api: 'chat' },
          completion: { debounceMs: 0 },
          ...opts.settings,
        },
      },
    });
    // The backend is chosen after `initialized`; actions resolved before that would find none.
    await client.waitFor(
      (m) =>
        m.method === 'window/logMessage' &&
        String(m.params?.message).startsWith('arbor-ls: ') &&
        String(m.params.message).includes(MODEL),
      10000,
      'backend chosen',
    );
    return {
      client,
      model,
      init,
      async close() {
        await client.shutdown();
        await model.close();
      },
    };
  } catch (err) {
    await client.shutdown();
    await model.close();
    throw err;
  }
}

/** The codeAction request for a cursor (or a selection) given as offsets into `text`. */
export function codeActionParams(
  uri: string,
  text: string,
  start: number,
  end = start,
  enc: Enc = 'utf-16',
  context: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    textDocument: { uri },
    range: { start: position(text, start, enc), end: position(text, end, enc) },
    context: { diagnostics: [], ...context },
  };
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

/** The notifications the server sent with `method`, in order. */
export function notificationsOf(client: LspClient, method: string): RpcMessage[] {
  return client.notifications.filter((m) => m.method === method);
}

/** The requests the server sent to the client with `method`, in order. */
export function requestsFromServer(client: LspClient, method: string): RpcMessage[] {
  return client.serverRequests.filter((m) => m.method === method);
}

export function showMessages(client: LspClient): string[] {
  return notificationsOf(client, 'window/showMessage').map((m) => String(m.params?.message));
}

/** A fenced chat answer around `code`, with prose around it as models write. */
export function fencedAnswer(code: string, lang = 'python'): string {
  return `Here is the updated code:\n\n\`\`\`${lang}\n${code}\n\`\`\`\n\nThis keeps the behaviour the same.`;
}
