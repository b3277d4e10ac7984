import type { Node, QueryCapture } from 'web-tree-sitter';
import type { SyntaxDocument } from './document-tree';
import { enclosingCandidates, encloses } from './containers';
import { oneLine } from '../text/lines';
import { endOf, startOf } from './node-path';
import { getQuery, withBudget } from './queries';
import { withCursorLineBlanked } from './repair';

export type ScopeKind = 'function' | 'method' | 'class' | 'module' | 'namespace' | 'impl' | 'other';

export interface Scope {
  kind: ScopeKind;
  name: string;
  /** The header up to the body, whitespace runs across lines collapsed: "def area(self) -> float:". */
  signature: string;
  start: number;
  end: number;
  bodyStart?: number;
  bodyEnd?: number;
  /** tree-sitter node type, e.g. "function_definition". */
  nodeType: string;
}

const KINDS: readonly ScopeKind[] = ['function', 'method', 'class', 'module', 'namespace', 'impl', 'other'];

/**
 * The functions, classes, namespaces… enclosing `offset`, outermost first. Each query match is
 * rooted at an ancestor of the cursor (maxStartDepth 0), so the cost is O(depth), not O(file),
 * and the signature is found however far above the cursor it is.
 */
export function scopeChain(doc: SyntaxDocument, offset: number): Scope[] {
  return withCursorLineBlanked(doc, offset, (view) => scopesAt(view, offset, doc.text));
}

// `text` is the real document text: names and signatures come from it, not from a repaired view.
function scopesAt(doc: SyntaxDocument, offset: number, text: string): Scope[] {
  const tree = doc.tree();
  const query = doc.grammarName ? getQuery(doc.grammarName, 'scopes') : undefined;
  if (!tree || !query) return [];
  const scopes: Scope[] = [];
  for (const { node, at } of enclosingCandidates(tree, doc.text, offset)) {
    if (!encloses(node, at)) continue;
    for (const match of query.matches(node, withBudget({ maxStartDepth: 0 }))) {
      const scope = scopeFromCaptures(text, node, match.captures);
      if (!scope) continue;
      // `const f = function g() {}` is one scope, matched at the declaration and at the function.
      const outer = scopes[scopes.length - 1];
      if (!outer || outer.bodyStart === undefined || outer.bodyStart !== scope.bodyStart) scopes.push(scope);
      break;
    }
  }
  // A function directly inside a class is a method, whatever the grammar calls it.
  for (let i = 1; i < scopes.length; i++) {
    if (scopes[i].kind === 'function' && (scopes[i - 1].kind === 'class' || scopes[i - 1].kind === 'impl'))
      scopes[i].kind = 'method';
  }
  return scopes;
}

export function scopeFromCaptures(text: string, node: Node, captures: QueryCapture[]): Scope | undefined {
  let kind: ScopeKind | undefined;
  let name: Node | undefined;
  let body: Node | undefined;
  for (const c of captures) {
    if (c.name === 'scope.name') name ??= c.node;
    else if (c.name === 'scope.body') body ??= c.node;
    else if (c.node.id === node.id && c.name.startsWith('scope.')) kind = asKind(c.name.slice('scope.'.length));
  }
  if (!kind) return undefined;
  const start = startOf(node);
  const end = endOf(node);
  return {
    kind,
    name: name ? text.slice(startOf(name), endOf(name)) : '',
    signature: headerText(text, start, end, body ? startOf(body) : undefined),
    start,
    end,
    bodyStart: body ? startOf(body) : undefined,
    bodyEnd: body ? endOf(body) : undefined,
    nodeType: node.type,
  };
}

/** The text from the start of a construct up to its body (or its first line when it has none). */
export function headerText(text: string, start: number, end: number, bodyStart: number | undefined): string {
  let header: string;
  if (bodyStart !== undefined && bodyStart > start) header = text.slice(start, bodyStart);
  else {
    const nl = text.indexOf('\n', start);
    header = text.slice(start, nl === -1 || nl > end ? end : nl);
  }
  return oneLine(header);
}

function asKind(name: string): ScopeKind {
  return (KINDS as readonly string[]).includes(name) ? (name as ScopeKind) : 'other';
}
