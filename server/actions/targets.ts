/**
 * What an action works on: the enclosing function, method or class, the statement at the cursor,
 * or the selection. Built on the syntax layer's scope chain and node path, so the cost is
 * O(tree depth), not O(file): listing stays instant on large files.
 */
import type { Node } from 'web-tree-sitter';
import { enclosingBlock, nodePathAt, scopeChain, type Scope, type SyntaxDocument } from '../syntax/analysis';
import { lineStartAt } from '../text/lines';
import { endOf, startOf } from '../syntax/node-path';

export type TargetKind = 'function' | 'method' | 'class' | 'statement' | 'selection' | 'lines';

export interface Target {
  kind: TargetKind;
  /** The identifier, or a description ("the selection", "this statement"). */
  name: string;
  start: number;
  end: number;
  /** End of the top-level construct holding the target: where tests go when they stay in the file. */
  outerEnd: number;
}

export interface TargetSet {
  /** What the built-in actions work on (selection, else the innermost function/method/class, else the statement). */
  primary?: Target;
  /** Innermost function or method. */
  fn?: Target;
  cls?: Target;
  /** Computed on first use: most requests are inside a function and never need it. */
  statement(): Target | undefined;
  /** Only for a real selection (more than one character: Helix's cursor is a 1-character selection). */
  selection?: Target;
  /** The function's body holds no code yet, or a TODO. */
  unfinished: boolean;
}

const UNFINISHED = /\b(TODO|FIXME)\b|\bnot\s+(yet\s+)?implemented\b|NotImplemented|unimplemented!|todo!\(/i;

/** Targets for the range [start, end) of `text`; `doc` undefined means plain text (no grammar yet). */
export function findTargets(doc: SyntaxDocument | undefined, text: string, start: number, end: number): TargetSet {
  const sel = trimRange(text, start, end);
  const realSelection = sel.end > sel.start && [...text.slice(sel.start, sel.end)].length > 1;
  const probe = probeOffset(text, realSelection ? sel.start : start);
  const chain = doc ? scopeChain(doc, probe) : [];
  const outerEnd = chain.length ? chain[0].end : undefined;
  const fnScope = last(chain, (s) => s.kind === 'function' || s.kind === 'method');
  const clsScope = last(chain, (s) => s.kind === 'class' || s.kind === 'impl');
  const fn = fnScope && scopeTarget(text, fnScope, outerEnd);
  const cls = clsScope && scopeTarget(text, clsScope, outerEnd);
  let memo: { target: Target | undefined } | undefined;
  const statement = (): Target | undefined =>
    (memo ??= { target: doc ? statementAt(doc, text, probe, outerEnd) : undefined }).target;

  let selection: Target | undefined;
  let primary: Target | undefined;
  if (realSelection) {
    // A selection that is exactly a function or class is that construct, with its name.
    const exact = [fn, cls].find((t) => t && t.start === sel.start && t.end === sel.end);
    selection = exact ?? {
      kind: doc ? 'selection' : 'lines',
      name: 'the selection',
      start: sel.start,
      end: sel.end,
      outerEnd: outerEnd ?? lineEnd(text, sel.end),
    };
    primary = selection;
  } else {
    const innermost = last(chain, (s) => ['function', 'method', 'class', 'impl'].includes(s.kind));
    primary = !innermost ? statement() : innermost === fnScope ? fn : cls;
  }
  const unfinished = !!fn && !!fnScope && primary === fn && isUnfinished(doc, text, fnScope);
  return { primary, fn, cls, statement, selection, unfinished };
}

/**
 * The place to fix a diagnostic: its function when that is small enough to rewrite, else its
 * statement, else its lines (no grammar, or a tree too broken to tell).
 */
export function fixTarget(
  doc: SyntaxDocument | undefined,
  text: string,
  start: number,
  end: number,
  maxLines: number,
): Target {
  const probe = probeOffset(text, start);
  const chain = doc ? scopeChain(doc, probe) : [];
  const outerEnd = chain.length ? chain[0].end : undefined;
  const fnScope = last(chain, (s) => s.kind === 'function' || s.kind === 'method');
  if (fnScope && fnScope.end >= end && lineCount(text, fnScope.start, fnScope.end) <= maxLines)
    return scopeTarget(text, fnScope, outerEnd);
  const statement = doc ? statementAt(doc, text, probe, outerEnd) : undefined;
  if (statement && statement.end >= Math.min(end, lineEnd(text, start))) return statement;
  const from = trimRange(text, lineStartAt(text, start), lineEnd(text, Math.max(start, end))).start;
  const to = trimRange(text, from, lineEnd(text, Math.max(start, end))).end;
  return {
    kind: 'lines',
    name: 'these lines',
    start: from,
    end: Math.max(from, to),
    outerEnd: outerEnd ?? lineEnd(text, to),
  };
}

export function lineCount(text: string, start: number, end: number): number {
  let n = 1;
  for (let i = text.indexOf('\n', start); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Modifiers written before a construct on its line: part of the target, so documentation goes above them. */
const MODIFIERS =
  /^[ \t]*((export|default|declare|public|private|protected|internal|static|abstract|final|override|async|pub(\([\w:]+\))?|unsafe|extern)[ \t]+)+$/;

function scopeTarget(text: string, scope: Scope, outerEnd: number | undefined): Target {
  const kind: TargetKind = scope.kind === 'function' || scope.kind === 'method' ? scope.kind : 'class';
  const from = lineStartAt(text, scope.start);
  const start = MODIFIERS.test(text.slice(from, scope.start)) ? firstNonBlank(text, from) : scope.start;
  return { kind, name: scope.name || `this ${kind}`, start, end: scope.end, outerEnd: outerEnd ?? scope.end };
}

/**
 * The statement at `probe`: the outermost node inside the innermost block body holding it (from
 * the grammar's blocks query), or a direct child of the root at top level. So `1` in `f(\n 1)` is
 * not a statement, the whole call is.
 */
function statementAt(
  doc: SyntaxDocument,
  text: string,
  probe: number,
  outerEnd: number | undefined,
): Target | undefined {
  const tree = doc.tree();
  if (!tree) return undefined;
  const block = enclosingBlock(doc, probe);
  // The body without the whitespace after its opener: Python's block node starts at its first statement.
  const { start: from, end: to } = trimRange(text, block ? block.bodyStart : 0, block ? block.bodyEnd : text.length);
  const path = nodePathAt(tree, Math.min(probe, text.length));
  for (let i = 1; i < path.length; i++) {
    const node = path[i];
    const start = startOf(node);
    const end = endOf(node);
    if (start < from || end > to || end <= start) continue;
    if (start === from && end === to && node.namedChildCount > 1) continue; // the body itself
    if (!node.isNamed || node.type.includes('comment')) return undefined;
    return { kind: 'statement', name: 'this statement', start, end, outerEnd: outerEnd ?? lineEnd(text, end) };
  }
  return undefined;
}

/**
 * Editors put the cursor at column 0 or on the indentation of a `def`/`function` line; the user
 * means that construct, while the scope chain needs an offset strictly inside it.
 */
function probeOffset(text: string, offset: number): number {
  const first = firstNonBlank(text, offset);
  if (offset > first) return offset;
  const end = lineEnd(text, offset);
  return first < end ? first + 1 : offset;
}

/** Whether a function's body is empty (only pass / ... / a docstring / comments) or holds a TODO. */
function isUnfinished(doc: SyntaxDocument | undefined, text: string, scope: Scope): boolean {
  if (UNFINISHED.test(text.slice(scope.start, scope.end))) return true;
  const tree = doc?.tree();
  if (!tree || scope.bodyStart === undefined || scope.bodyEnd === undefined) return false;
  const body = outermostSpanning(nodePathAt(tree, scope.bodyStart), scope.bodyStart, scope.bodyEnd);
  if (!body || body.childCount === 0) return false; // an expression body such as `x => x`
  for (let i = 0; i < body.namedChildCount; i++) {
    const child = body.namedChild(i);
    if (child && !isTrivial(child)) return false;
  }
  return true;
}

function outermostSpanning(path: Node[], start: number, end: number): Node | undefined {
  return path.find((n) => startOf(n) === start && endOf(n) === end);
}

function isTrivial(node: Node): boolean {
  if (node.isExtra || node.isMissing || node.type.includes('comment')) return true;
  if (node.type === 'pass_statement' || node.type === 'ellipsis' || node.type === 'empty_statement') return true;
  if (node.type === 'expression_statement' && node.namedChildCount === 1) {
    const only = node.namedChild(0)!;
    return only.type === 'string' || only.type === 'ellipsis'; // a docstring, or `...`
  }
  return false;
}

function last<T>(items: readonly T[], pred: (t: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i])) return items[i];
  return undefined;
}

/** Offset of the line break ending the line at `offset` ('\r' of a CRLF excluded), or the text length. */
export function lineEnd(text: string, offset: number): number {
  let end = text.indexOf('\n', offset);
  if (end === -1) return text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  return Math.max(end, offset);
}

function firstNonBlank(text: string, offset: number): number {
  let i = lineStartAt(text, offset);
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** The range without surrounding whitespace (line-wise selections end at the next line's start). */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  return { start: s, end: e };
}
