/**
 * AI code actions at the protocol edge.
 *
 *   textDocument/codeAction   lists actions from the syntax tree and the request's diagnostics, at
 *                             once, with no model call; each carries `data` and no edit.
 *   codeAction/resolve        runs the model and answers the action with a versioned WorkspaceEdit,
 *                             or without an edit plus window/showMessage saying why (stale
 *                             document, new syntax errors, backend failure…).
 *   workspace/executeCommand  `arbor.applyAction` for clients without resolve support: same work,
 *                             then workspace/applyEdit (a request with the server's own id).
 *
 * Positions are converted here, once; server/actions works in UTF-16 string offsets.
 */
import {
  type CodeAction,
  type CodeActionParams,
  CodeActionTriggerKind,
  type Command,
  type Connection,
  type ExecuteCommandParams,
  MessageType,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { Backend } from '../../backends/types';
import { ADVERTISED_KINDS, APPLY_COMMAND } from '../../actions/catalog';
import type { ActionData } from '../../actions/data';
import { listActions } from '../../actions/listing';
import { ActionResolver, actionLabel, type ResolveOutcome } from '../../actions/resolve';
import type { DocumentTree } from '../../syntax/analysis';
import type { ServerContext } from '../context';
import type { Feature } from '../feature';
import { answer, ClientError } from '../requests';
import { canCreateFiles, toWorkspaceEdit } from './code-action-edits';
import { checkParams, diagnosticNotes, parseData, toLsp } from './code-action-items';
import { startActionProgress } from './code-action-progress';

export interface CodeActionsDeps {
  /** The shared syntax trees (server/documents/syntax-trees.ts). */
  trees: { get(uri: string): Promise<DocumentTree | undefined> };
  /** The active backend; undefined while none is ready (the lead owns its lifecycle). */
  backend: () => Backend | undefined;
  /** Documents never sent to a model (lsp/exclusions.ts). */
  isExcluded: (uri: string) => boolean;
  /** Longest a model may take for one action (default 90 s); the backend's idle timeout applies too. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 90_000;
/** Answered if the handler ever overruns its own limit (it returns the action itself before that). */
const LATE_ACTION: CodeAction = { title: 'arbor-ls: the AI action took too long' };

export function codeActionsFeature(ctx: ServerContext, deps: CodeActionsDeps): Feature {
  const isExcluded = deps.isExcluded;
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const resolver = new ActionResolver({
    documents: ctx.documents,
    trees: deps.trees,
    backend: deps.backend,
    config: () => ctx.config.current,
    isExcluded,
    workspaceFolders: () => ctx.workspaceFolders,
    log: ctx.log,
  });

  const NO_CHAT_MODEL =
    'AI code actions need a chat model, and the built-in offline engine only completes code. Set backend.preset (ollama, openai, ...) or backend.baseURL to get them.';

  /** Runs one action with progress; the request's cancellation and the progress UI's both abort it. */
  async function run(
    data: ActionData,
    signal: AbortSignal,
    requestProgress?: WorkDoneProgressReporter,
  ): Promise<ResolveOutcome> {
    const progress = startActionProgress(ctx, actionLabel(data), requestProgress);
    try {
      return await resolver.resolve(data, {
        signal: AbortSignal.any([signal, progress.signal]),
        canCreateFiles: canCreateFiles(ctx),
        timeoutMs,
      });
    } finally {
      progress.done();
    }
  }

  function tell(outcome: ResolveOutcome): void {
    if (outcome.kind === 'refused')
      ctx.show(outcome.reason === 'backend' ? MessageType.Error : MessageType.Warning, outcome.message);
  }

  async function list(params: CodeActionParams): Promise<Array<CodeAction | Command>> {
    const { uri, range } = checkParams(params);
    const config = ctx.config.current;
    const entry = ctx.documents.get(uri);
    if (!config['actions.enabled'] || !entry || isExcluded(uri)) return [];
    const automatic = params.context?.triggerKind === CodeActionTriggerKind.Automatic;
    if (deps.backend()?.capabilities.chat === false) {
      // The offline engine only continues code: offering actions that then fail with "the model
      // returned no code" helps nobody. Say why once, when the user asked for actions.
      if (!automatic) ctx.notifyOnce('info', NO_CHAT_MODEL);
      return [];
    }
    // Positions describe the text as the client sent the request: convert them before waiting for
    // the grammar, while later edits cannot have changed the document yet.
    const text = entry.doc.getText();
    const version = entry.version;
    const a = ctx.positions.toOffset(entry.doc, range.start);
    const b = ctx.positions.toOffset(entry.doc, range.end);
    const { notes, sources } = diagnosticNotes(ctx, entry.doc, params.context?.diagnostics);
    const tree = await deps.trees.get(uri);
    const started = performance.now();
    const offers = listActions({
      uri,
      version,
      opened: entry.opened,
      text,
      syntax: tree && tree.text === text ? tree : undefined,
      start: Math.min(a, b),
      end: Math.max(a, b),
      diagnostics: notes,
      only: params.context?.only,
      automatic,
      custom: config['actions.custom'],
    });
    ctx
      .log()
      .debug({ uri, actions: offers.length, ms: +(performance.now() - started).toFixed(2) }, 'code actions listed');
    return offers.map((o) => toLsp(ctx.client, o, o.diagnostic !== undefined ? sources[o.diagnostic] : undefined));
  }

  return {
    name: 'code-actions',
    capabilities: (client) => ({
      codeActionProvider: client.textDocument?.codeAction?.codeActionLiteralSupport
        ? { codeActionKinds: [...ADVERTISED_KINDS], resolveProvider: true }
        : true,
      executeCommandProvider: { commands: [APPLY_COMMAND] },
    }),
    attach(connection: Connection) {
      connection.onCodeAction(
        answer(ctx.log, { method: 'textDocument/codeAction', empty: [], deadlineMs: 5000 }, list),
      );

      connection.onCodeActionResolve(
        answer(
          ctx.log,
          { method: 'codeAction/resolve', empty: LATE_ACTION, deadlineMs: timeoutMs + 5000 },
          async (action: CodeAction, _token, signal) => {
            const data = parseData(action?.data);
            const { edit: _stale, ...bare } = action;
            const outcome = await run(data, signal);
            if (outcome.kind === 'ok') return { ...bare, edit: toWorkspaceEdit(ctx, outcome.edit) };
            tell(outcome);
            return bare; // no edit: the editor applies nothing
          },
        ),
      );

      const execute = answer(
        ctx.log,
        { method: 'workspace/executeCommand', empty: null, deadlineMs: timeoutMs + 5000 },
        async (
          { params, progress }: { params: ExecuteCommandParams; progress: WorkDoneProgressReporter },
          _token,
          signal,
        ) => {
          const other = typeof params?.command === 'string' ? ctx.commands.get(params.command) : undefined;
          if (other) return other(Array.isArray(params.arguments) ? params.arguments : []);
          if (params?.command !== APPLY_COMMAND)
            throw new ClientError(`unknown command ${JSON.stringify(params?.command)}`);
          const data = parseData(params.arguments?.[0]);
          const outcome = await run(data, signal, progress);
          if (outcome.kind !== 'ok') {
            tell(outcome);
            return null;
          }
          const applied = await connection.workspace.applyEdit({
            label: outcome.label,
            edit: toWorkspaceEdit(ctx, outcome.edit),
          });
          // A sloppy client may answer null instead of {applied}: treat it as not applied.
          if (!applied?.applied)
            ctx.show(
              MessageType.Warning,
              `"${outcome.label}" was not applied by the editor${applied?.failureReason ? `: ${applied.failureReason}` : '.'}`,
            );
          return null;
        },
      );
      // The library passes the request's workDoneToken as a reporter (third argument), not in params.
      connection.onExecuteCommand((params, token, progress) => execute({ params, progress }, token));
    },
  };
}
