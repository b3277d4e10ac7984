/**
 * The `data` every listed action carries to `codeAction/resolve` (or as the argument of
 * `arbor.applyAction`): enough to find the target again and to refuse a stale document. Offsets
 * are UTF-16 string offsets into the document at `version`, so they are valid exactly while the
 * version is unchanged.
 */
import { ACTION_IDS, type ActionId } from './catalog';
import type { TargetKind } from './targets';

export interface DiagnosticNote {
  message: string;
  start: number;
  end: number;
  source?: string;
  code?: string;
}

export interface ActionData {
  uri: string;
  version: number;
  /** The document's `opened` when listed: a close and re-open at the same version number is a different text. */
  opened?: string;
  action: ActionId;
  target: { kind: TargetKind; name: string; start: number; end: number; outerEnd: number };
  /** The request's range when it was a real selection ({selection} in custom prompts). */
  selection?: { start: number; end: number };
  /** fix: the diagnostic to fix; other actions: the diagnostics on the target ({diagnostics}). */
  diagnostics?: DiagnosticNote[];
  /** custom: the configured action's title. */
  custom?: string;
}

const TARGET_KINDS: readonly TargetKind[] = ['function', 'method', 'class', 'statement', 'selection', 'lines'];

/** A malformed `data` (an old server's, or mangled by a client). The LSP edge answers InvalidParams. */
export class ActionDataError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOffset = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function range(v: unknown, what: string): { start: number; end: number } {
  if (!isObject(v) || !isOffset(v.start) || !isOffset(v.end) || v.end < v.start)
    throw new ActionDataError(`${what} must be {start, end} offsets`);
  return { start: v.start, end: v.end };
}

function diagnostic(v: unknown): DiagnosticNote {
  if (!isObject(v) || typeof v.message !== 'string')
    throw new ActionDataError('data.diagnostics[] must have a message');
  const r = range(v, 'data.diagnostics[]');
  return {
    message: v.message,
    ...r,
    ...(typeof v.source === 'string' ? { source: v.source } : {}),
    ...(typeof v.code === 'string' ? { code: v.code } : {}),
  };
}

/** Checks the shape of `data` coming back from the client. */
export function parseActionData(value: unknown): ActionData {
  if (!isObject(value)) throw new ActionDataError('the action has no arbor-ls data (was it listed by this server?)');
  const { uri, version, action, target } = value;
  if (typeof uri !== 'string') throw new ActionDataError('data.uri must be a string');
  if (!Number.isInteger(version)) throw new ActionDataError('data.version must be an integer');
  if (typeof action !== 'string' || !(ACTION_IDS as readonly string[]).includes(action))
    throw new ActionDataError(`data.action must be one of ${ACTION_IDS.join(', ')}`);
  if (!isObject(target) || typeof target.name !== 'string' || !TARGET_KINDS.includes(target.kind as TargetKind)) {
    throw new ActionDataError('data.target must be {kind, name, start, end, outerEnd}');
  }
  const span = range(target, 'data.target');
  if (!isOffset(target.outerEnd)) throw new ActionDataError('data.target.outerEnd must be an offset');
  const data: ActionData = {
    uri,
    version: version as number,
    action: action as ActionId,
    target: { kind: target.kind as TargetKind, name: target.name, ...span, outerEnd: target.outerEnd },
  };
  if (value.opened !== undefined) {
    if (typeof value.opened !== 'string') throw new ActionDataError('data.opened must be a string');
    data.opened = value.opened;
  }
  if (value.selection !== undefined) data.selection = range(value.selection, 'data.selection');
  if (value.diagnostics !== undefined) {
    if (!Array.isArray(value.diagnostics)) throw new ActionDataError('data.diagnostics must be an array');
    data.diagnostics = value.diagnostics.map(diagnostic);
  }
  if (value.custom !== undefined) {
    if (typeof value.custom !== 'string') throw new ActionDataError('data.custom must be a string');
    data.custom = value.custom;
  }
  if (data.action === 'custom' && data.custom === undefined)
    throw new ActionDataError('a custom action needs data.custom');
  if (data.action === 'fix' && !data.diagnostics?.length) throw new ActionDataError('a fix needs data.diagnostics');
  return data;
}
