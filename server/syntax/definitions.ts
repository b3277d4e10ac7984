import type { Node, Query } from 'web-tree-sitter';
import { memoized, type SyntaxDocument } from './document-tree';
import { endOf, startOf } from './node-path';
import { getQuery, withBudget } from './queries';
import { headerText } from './scopes';

export type DefinitionKind =
  | 'function'
  | 'method'
  | 'class'
  | 'interface'
  | 'type'
  | 'variable'
  | 'constant'
  | 'enum'
  | 'module'
  | 'other';

export interface Definition {
  name: string;
  kind: DefinitionKind;
  start: number;
  end: number;
  /** Header up to the body for functions and classes, the first line for the rest. */
  signature: string;
  /** Name of the enclosing class/interface/module/impl for members. */
  container?: string;
}

const CONSTANT_NAME = /^[A-Z][A-Z0-9_]+$/;
const KINDS: readonly DefinitionKind[] = [
  'function',
  'method',
  'class',
  'interface',
  'type',
  'variable',
  'constant',
  'enum',
  'module',
  'other',
];
/** Most specific first. */
const SPECIFICITY: readonly DefinitionKind[] = [
  'method',
  'function',
  'class',
  'interface',
  'enum',
  'type',
  'module',
  'constant',
  'variable',
  'other',
];
const CONTAINERS = new Set<DefinitionKind>([
  'class',
  'interface',
  'enum',
  'module',
  'other',
  'variable',
  'constant',
  'type',
]);
const CALLABLE = new Set<DefinitionKind>(['function', 'method']);
/** A function directly inside one of these is a method (not inside a module or namespace). */
const HAS_METHODS = new Set<DefinitionKind>(['class', 'interface', 'enum', 'other', 'variable', 'constant']);

interface Raw extends Definition {
  id: number;
  node: Node;
}

/**
 * Top-level definitions and members of classes/modules (definitions.scm). Anything inside a
 * function body is local and left out.
 */
export function definitions(doc: SyntaxDocument): Definition[] {
  // The memo comes first: a document whose tree was released (nobody works in it) still answers.
  const found = memoized(doc, 'definitions', () => {
    const tree = doc.tree();
    const query = doc.grammarName ? getQuery(doc.grammarName, 'definitions') : undefined;
    if (!tree || !query) return [];
    const byNode = new Map<string, Raw>();
    collect(query, doc.text, tree.rootNode, byNode);
    return keepOuter([...byNode.values()]);
  });
  return found.map((d) => ({ ...d }));
}

/*
 * Definitions sit at most a few levels below their container (module > export > function,
 * class > body > decorator > method), so each query run is limited to MEMBER_DEPTH levels and
 * repeated inside every container found; function bodies are never searched. That keeps the cost
 * proportional to the outline, not the file (a whole-tree query is ~8x slower on 20k lines).
 */
const MEMBER_DEPTH = 3;

function collect(query: Query, text: string, container: Node, byNode: Map<string, Raw>): void {
  const found: Raw[] = [];
  for (const match of query.matches(container, withBudget({ maxStartDepth: MEMBER_DEPTH }))) {
    const def = fromCaptures(text, match.captures);
    if (!def) continue;
    // The same binding can match several patterns (const f = () => {} is a variable and a
    // function): keep the most specific.
    const key = `${def.id}:${def.name}`;
    const seen = byNode.get(key);
    if (!seen) found.push(def);
    if (!seen || SPECIFICITY.indexOf(def.kind) < SPECIFICITY.indexOf(seen.kind)) byNode.set(key, def);
  }
  for (const def of found) {
    const kind = byNode.get(`${def.id}:${def.name}`)!.kind;
    if (def.node.id !== container.id && !CALLABLE.has(kind)) collect(query, text, def.node, byNode);
  }
}

function fromCaptures(text: string, captures: { name: string; node: Node }[]): Raw | undefined {
  let def: Node | undefined;
  let kind: DefinitionKind | undefined;
  let name: Node | undefined;
  let body: Node | undefined;
  let container: Node | undefined;
  for (const c of captures) {
    if (c.name === 'name') name ??= c.node;
    else if (c.name === 'container') container ??= c.node;
    else if (c.name === 'body') body ??= c.node;
    else if (c.name.startsWith('definition.')) {
      def = c.node;
      const k = c.name.slice('definition.'.length);
      kind = (KINDS as readonly string[]).includes(k) ? (k as DefinitionKind) : 'other';
    }
  }
  if (!def || !kind || !name) return undefined;
  const start = startOf(def);
  const end = endOf(def);
  const nameText = text.slice(startOf(name), endOf(name));
  return {
    id: def.id,
    node: def,
    name: nameText,
    // By convention in every language here, an UPPER_CASE binding is a constant.
    kind: kind === 'variable' && CONSTANT_NAME.test(nameText) ? 'constant' : kind,
    start,
    end,
    signature: headerText(text, start, end, body ? startOf(body) : undefined),
    ...(container ? { container: text.slice(startOf(container), endOf(container)) } : {}),
  };
}

// One sweep over definitions sorted by start: a stack of the open ones tells, for each
// definition, whether it sits in a function (drop) or directly in a class (member).
function keepOuter(raw: Raw[]): Definition[] {
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const open: Raw[] = [];
  const out: Definition[] = [];
  for (const def of raw) {
    while (open.length && open[open.length - 1].end <= def.start) open.pop();
    const parent = open[open.length - 1];
    const inside = parent && def.end <= parent.end && !(parent.start === def.start && parent.end === def.end);
    if (inside && CALLABLE.has(parent.kind)) {
      open.push({ ...def, kind: 'function' }); // still shadows its own nested definitions
      continue;
    }
    const { id: _id, node: _node, ...kept } = def;
    if (inside && CONTAINERS.has(parent.kind)) {
      kept.container = parent.name;
      if (kept.kind === 'function' && HAS_METHODS.has(parent.kind)) kept.kind = 'method';
    }
    out.push(kept);
    open.push(def);
  }
  return out;
}
