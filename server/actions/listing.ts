/**
 * Listing: which AI actions fit the range, from the syntax tree and the request's diagnostics.
 * Pure and cheap (no model call, O(tree depth)): editors ask on every cursor move.
 */
import type { CustomAction } from '../config/schema';
import type { SyntaxDocument } from '../syntax/analysis';
import { ACTION_KINDS, type ActionId, anyAllowed, kindAllowed } from './catalog';
import type { ActionData, DiagnosticNote } from './data';
import { findTargets, fixTarget, lineCount, type Target, type TargetSet } from './targets';

/** Longer targets are not offered for rewriting: the answer would not fit a model's output. */
export const MAX_REWRITE_LINES = 400;
/** A diagnostic in a longer function is fixed in its statement instead. */
export const MAX_FIX_LINES = 150;
const MAX_FIXES = 10;
const MAX_NOTES = 10;

export interface ListingRequest {
  uri: string;
  version: number;
  /** The document's opening (OpenDocument.opened). */
  opened?: string;
  text: string;
  /** The document's tree; undefined for plain text (no grammar). */
  syntax: SyntaxDocument | undefined;
  start: number;
  end: number;
  diagnostics: readonly DiagnosticNote[];
  only?: readonly string[];
  /** triggerKind Automatic: the editor asks on its own (eglot's ElDoc, Helix's gutter): fixes only. */
  automatic: boolean;
  custom: readonly CustomAction[];
}

export interface ActionOffer {
  title: string;
  kind: string;
  data: ActionData;
  /** For fixes: the index of the request diagnostic it fixes. */
  diagnostic?: number;
}

const REWRITES: readonly ActionId[] = ['implement', 'improve', 'document', 'explain', 'tests', 'custom'];

export function listActions(req: ListingRequest): ActionOffer[] {
  const offers: ActionOffer[] = [];
  if (kindAllowed(ACTION_KINDS.fix, req.only)) offers.push(...fixes(req));
  if (req.automatic || !anyAllowed(REWRITES, req.only)) return offers;

  const targets = findTargets(req.syntax, req.text, req.start, req.end);
  const primary = targets.primary;
  const add = (action: ActionId, title: string, target: Target | undefined, extra: Partial<ActionData> = {}): void => {
    if (!target || !kindAllowed(ACTION_KINDS[action], req.only)) return;
    offers.push({ title, kind: ACTION_KINDS[action], data: { ...dataFor(req, action, target, targets), ...extra } });
  };
  if (primary) {
    const rewritable = lineCount(req.text, primary.start, primary.end) <= MAX_REWRITE_LINES;
    const named = primary.kind === 'function' || primary.kind === 'method' || primary.kind === 'class';
    if (rewritable && targets.unfinished) add('implement', `Implement ${primary.name}`, primary);
    if (rewritable) add('improve', `Improve ${primary.name}`, primary);
    if (rewritable && primary.kind !== 'statement') add('document', `Document ${primary.name}`, primary);
    add('explain', `Explain ${primary.name}`, primary);
    if (named) add('tests', `Write tests for ${primary.name}`, primary);
  }
  for (const custom of req.custom) {
    const target = customTarget(custom, targets);
    if (target && lineCount(req.text, target.start, target.end) <= MAX_REWRITE_LINES)
      add('custom', custom.title, target, { custom: custom.title });
  }
  return offers;
}

function fixes(req: ListingRequest): ActionOffer[] {
  return req.diagnostics.slice(0, MAX_FIXES).map((d, i) => {
    const target = fixTarget(req.syntax, req.text, d.start, d.end, MAX_FIX_LINES);
    return {
      title: `Fix with AI: ${headline(d.message)}`,
      kind: ACTION_KINDS.fix,
      data: {
        uri: req.uri,
        version: req.version,
        ...(req.opened ? { opened: req.opened } : {}),
        action: 'fix',
        target: { ...target },
        diagnostics: [d],
      },
      diagnostic: i,
    };
  });
}

function dataFor(req: ListingRequest, action: ActionId, target: Target, targets: TargetSet): ActionData {
  const notes = req.diagnostics.filter((d) => d.end >= target.start && d.start <= target.end).slice(0, MAX_NOTES);
  const data: ActionData = {
    uri: req.uri,
    version: req.version,
    ...(req.opened ? { opened: req.opened } : {}),
    action,
    target: { ...target },
  };
  if (targets.selection) data.selection = { start: targets.selection.start, end: targets.selection.end };
  if (notes.length) data.diagnostics = notes;
  return data;
}

function customTarget(custom: CustomAction, t: TargetSet): Target | undefined {
  switch (custom.target) {
    case 'function':
      return t.fn;
    case 'class':
      return t.cls;
    case 'statement':
      return t.statement();
    case 'selection':
      return t.selection;
    case 'any':
      return t.primary;
  }
}

/** A diagnostic's first line, short enough for a menu. */
function headline(message: string): string {
  const first = message.trim().split(/\r?\n/)[0] ?? '';
  return first.length > 80 ? `${first.slice(0, 79)}…` : first;
}
