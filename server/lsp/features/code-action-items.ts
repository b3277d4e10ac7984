/**
 * The protocol shapes of code actions: request checks, diagnostics in offsets, and an offer as
 * the client can take it (a literal resolved later, a literal with a command, or a bare Command).
 */
import type { ClientCapabilities, CodeAction, CodeActionParams, Command, Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { APPLY_COMMAND } from '../../actions/catalog';
import { type ActionData, ActionDataError, type DiagnosticNote, parseActionData } from '../../actions/data';
import type { ActionOffer } from '../../actions/listing';
import type { ServerContext } from '../context';
import { ClientError } from '../requests';

/** An offer as the client can take it: a literal with `data` (resolve), with a command, or a bare Command. */
export function toLsp(
  client: ClientCapabilities,
  offer: ActionOffer,
  diagnostic: Diagnostic | undefined,
): CodeAction | Command {
  const command: Command = { title: offer.title, command: APPLY_COMMAND, arguments: [offer.data] };
  const caps = client.textDocument?.codeAction;
  if (!caps?.codeActionLiteralSupport) return command;
  const action: CodeAction = { title: offer.title, kind: offer.kind, data: offer.data };
  if (diagnostic) action.diagnostics = [diagnostic];
  const resolvesEdit = caps.dataSupport === true && (caps.resolveSupport?.properties ?? []).includes('edit');
  if (!resolvesEdit) action.command = command;
  return action;
}

export function parseData(value: unknown): ActionData {
  try {
    return parseActionData(value);
  } catch (err) {
    if (err instanceof ActionDataError) throw new ClientError(err.message);
    throw err;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isPosition = (v: unknown): boolean => isObject(v) && Number.isInteger(v.line) && Number.isInteger(v.character);

export function checkParams(params: CodeActionParams): CodeActionParams & { uri: string } {
  if (!isObject(params) || !isObject(params.textDocument) || typeof params.textDocument.uri !== 'string') {
    throw new ClientError('params.textDocument.uri must be a string');
  }
  if (!isObject(params.range) || !isPosition(params.range.start) || !isPosition(params.range.end)) {
    throw new ClientError('params.range must be {start, end} positions');
  }
  const only: unknown = isObject(params.context) ? params.context.only : undefined;
  if (only !== undefined && only !== null && !(Array.isArray(only) && only.every((k) => typeof k === 'string'))) {
    throw new ClientError('params.context.only must be an array of code action kinds');
  }
  return { ...params, uri: params.textDocument.uri };
}

/** Request diagnostics in offsets; ones that do not fit the document (stale) are skipped. */
export function diagnosticNotes(
  ctx: ServerContext,
  doc: TextDocument,
  diagnostics: unknown,
): { notes: DiagnosticNote[]; sources: Diagnostic[] } {
  const notes: DiagnosticNote[] = [];
  const sources: Diagnostic[] = [];
  for (const d of Array.isArray(diagnostics) ? (diagnostics as Diagnostic[]) : []) {
    if (!isObject(d) || typeof d.message !== 'string' || !isObject(d.range)) continue;
    try {
      const start = ctx.positions.toOffset(doc, d.range.start);
      const end = Math.max(start, ctx.positions.toOffset(doc, d.range.end));
      notes.push({
        message: d.message,
        start,
        end,
        ...(d.source ? { source: String(d.source) } : {}),
        ...(d.code !== undefined ? { code: String(d.code) } : {}),
      });
      sources.push(d);
    } catch {
      // a diagnostic for an older version of the document
    }
  }
  return { notes, sources };
}
