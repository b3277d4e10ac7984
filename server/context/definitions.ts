import { definitions, type Definition } from '../syntax/analysis';
import { lineStartAt } from '../text/lines';
import { snippetOverhead } from './context-files';
import { DefinedHereCache } from './defined-here';
import { onClearDocumentCache, perDocument } from './document-cache';
import { IDENTIFIER, isStopWord } from './identifiers';
import { hasWordWithPrefix, lineTokens } from './line-tokens';
import { outlineLine } from './outline-lines';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import type { ContextRequest, ContextSource } from './source';
import { compare } from './order';
import { estimateTokens } from './tokens';

export { definedHere } from './defined-here';

/*
 * Definitions, from other open documents, of the names used just before the cursor: what the
 * model needs to call a function with the right arguments or use a class's fields. Names nearer
 * the cursor rank higher; the word being typed also matches definitions it is a prefix of.
 */
export const NEAR_LINES = 15;
export const MAX_DEFINITIONS = 8;
/** Definitions up to this many lines are shown whole; longer ones as signature + member outline. */
export const SHORT_DEFINITION_LINES = 12;
const MAX_MEMBERS = 20;
const MAX_PER_NAME = 2;
const MIN_PARTIAL_WORD = 3;

const definedHereCache = new DefinedHereCache();
onClearDocumentCache(() => definedHereCache.clear());

/**
 * The share of the budget for definitions, from open files and then from the workspace index
 * (one pool). With the index, definitions from files that are not open may take a larger share:
 * what the code around the cursor uses from other files is worth more than far-away lines.
 */
export function definitionsShare(req: ContextRequest): number {
  return req.workspace && req.workspace.index.size > 0 ? 0.35 : 0.2;
}

/** Definitions from other open documents of the names used near the cursor. */
export const definitionsSource: ContextSource = {
  name: 'definitions',
  place: 'files',
  pool: 'definitions',
  share: definitionsShare,
  collect: (req, budget) => ({ snippets: definitionSnippets(req.current, req.cursor, budget, req.others) }),
};

interface DefinitionIndex {
  byName: Map<string, Definition[]>;
  /** Sorted names, for prefix lookups of the word being typed. */
  names: string[];
  all: Definition[];
}

/** Builds what a completion in another document reads from `doc` (kept per text), ahead of need. */
export function prepareDefinitionIndex(doc: ContextDocument): void {
  definitionIndex(doc);
}

function definitionIndex(doc: ContextDocument): DefinitionIndex | undefined {
  // Without a syntax holder the grammar is still loading: not cached, asked again next time. The
  // holder answers from its memo when its tree was released (see SyntaxTrees).
  const syntax = doc.syntax;
  if (!syntax) return undefined;
  return perDocument('definitions.index', doc, () => {
    const all = definitions(syntax);
    const byName = new Map<string, Definition[]>();
    for (const d of all) {
      const list = byName.get(d.name);
      if (list) list.push(d);
      else byName.set(d.name, [d]);
    }
    return { byName, names: [...byName.keys()].sort(compare), all };
  });
}

/**
 * Names in the NEAR_LINES lines before the cursor, nearest last use first, with whether they were
 * used as a member (`x.name`); the word the cursor is in is returned apart.
 */
const MAX_WINDOW_CHARS = 8000;

/**
 * The identifier the text ends with (`/[A-Za-z_$][A-Za-z0-9_$]*$/`), found by scanning backwards:
 * the regular expression retries from every start and is quadratic on a long run of word characters.
 */
function trailingIdentifier(text: string): string {
  let start = text.length;
  while (start > 0 && /[A-Za-z0-9_$]/.test(text[start - 1])) start--;
  while (start < text.length && /[0-9]/.test(text[start])) start++;
  return text.slice(start);
}

export function namesNearCursor(
  text: string,
  cursor: number,
): { names: { name: string; member: boolean }[]; partial: string } {
  let start = lineStartAt(text, cursor);
  for (let i = 1; i < NEAR_LINES && start > 0; i++) start = lineStartAt(text, start - 1);
  // Bounded: a single huge line must not make this scan expensive.
  const window = text.slice(Math.max(start, cursor - MAX_WINDOW_CHARS), cursor);
  const partial = /[A-Za-z0-9_$]/.test(text[cursor] ?? '') ? '' : trailingIdentifier(window);
  const body = partial ? window.slice(0, window.length - partial.length) : window;
  const names: { name: string; member: boolean }[] = [];
  const seen = new Set<string>();
  const words = [...body.matchAll(IDENTIFIER)];
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i][0];
    if (seen.has(w) || isStopWord(w)) continue;
    seen.add(w);
    names.push({ name: w, member: body[words[i].index - 1] === '.' });
  }
  return { names, partial };
}

function definitionSnippets(
  doc: ContextDocument,
  cursor: number,
  budget: number,
  others: readonly ContextDocument[],
): Snippet[] {
  const { names, partial } = namesNearCursor(doc.text, cursor);
  // Wanted names, best first: the word being typed (completed by prefix), then names by nearness.
  const wanted: { name: string; score: number; exact: boolean; member: boolean }[] = [];
  if (partial.length >= MIN_PARTIAL_WORD)
    wanted.push({ name: partial, score: 1, exact: false, member: doc.text[cursor - partial.length - 1] === '.' });
  for (const [rank, { name, member }] of names.entries())
    wanted.push({ name, score: 1 / (2 + rank), exact: true, member });
  // Only documents that mention a wanted name are parsed for definitions (by their cached word list).
  const indexes = others
    .filter((o) => {
      const words = lineTokens(o);
      return wanted.some((w) => (w.exact ? words.vocab.has(w.name) : hasWordWithPrefix(words, w.name)));
    })
    .map((o) => ({ doc: o, index: definitionIndex(o) }))
    .filter((x) => x.index !== undefined);
  if (indexes.length === 0) return [];
  const local = definedHereCache.definedHere(
    doc,
    wanted.filter((w) => w.exact && indexes.some((x) => x.index!.byName.has(w.name))).map((w) => w.name),
    cursor,
  );

  const out: Snippet[] = [];
  const taken = new Set<string>();
  let left = budget;
  for (const want of wanted) {
    if (out.length === MAX_DEFINITIONS) break;
    if (want.exact && local.has(want.name)) continue; // defined here: the current file already says what it is
    let perName = 0;
    for (const { doc: other, index } of indexes) {
      for (const def of lookup(index!, want.name, want.exact)) {
        if (perName === MAX_PER_NAME || out.length === MAX_DEFINITIONS) break;
        if (!wantedKind(def, want.member)) continue;
        const key = `${other.path}\u0000${def.start}`;
        if (taken.has(key)) continue;
        // Whole (or outlined) if it fits, else just its header line.
        const text = [renderDefinition(other, index!, def), `${signatureLine(other.text, def)}\n`].find(
          (t) => estimateTokens(t) + snippetOverhead(other.path) <= left,
        );
        if (text === undefined) continue;
        const cost = estimateTokens(text) + snippetOverhead(other.path);
        taken.add(key);
        perName++;
        left -= cost;
        out.push({
          source: 'definition',
          path: other.path,
          range: { start: def.start, end: def.end },
          text,
          score: def.container ? want.score / 2 : want.score, // a method found by its name alone is a weaker guess
          priority: PRIORITY.definition,
        });
      }
    }
  }
  return out;
}

/**
 * Top-level definitions match any use of their name. Members only match a use after a dot
 * (`repo.save(`), and only methods: a local `name` is not the `name` field of some class.
 */
function wantedKind(def: Definition, usedAsMember: boolean): boolean {
  if (!def.container) return true;
  return usedAsMember && (def.kind === 'method' || def.kind === 'function');
}

function lookup(index: DefinitionIndex, name: string, exact: boolean): Definition[] {
  if (exact) return index.byName.get(name) ?? [];
  const out: Definition[] = [];
  let lo = 0;
  let hi = index.names.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (index.names[mid] < name) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < index.names.length && index.names[i].startsWith(name) && out.length < MAX_PER_NAME; i++) {
    if (index.names[i] !== name) out.push(...index.byName.get(index.names[i])!);
  }
  return out;
}

/** Short definitions verbatim (from their line start); long ones as their header plus member headers. */
function renderDefinition(doc: ContextDocument, index: DefinitionIndex, def: Definition): string {
  const from = lineStartAt(doc.text, def.start);
  const full = doc.text.slice(from, def.end);
  if (countLines(full) <= SHORT_DEFINITION_LINES) return `${full}\n`;
  const lines = [signatureLine(doc.text, def)];
  const members = index.all
    .filter((m) => m.container === def.name && m.start > def.start && m.end <= def.end)
    .slice(0, MAX_MEMBERS);
  for (const m of members) lines.push(signatureLine(doc.text, m));
  return `${lines.join('\n')}\n`;
}

function signatureLine(text: string, def: Definition): string {
  return outlineLine(text, def.start, def.signature, bodyStartAfter(text, def));
}

// The syntax layer's Definition has no body offset; a brace right after the header is the body.
function bodyStartAfter(text: string, def: Definition): number | undefined {
  const firstLineEnd = text.indexOf('\n', def.start);
  const head = text.slice(def.start, firstLineEnd === -1 ? def.end : Math.min(firstLineEnd, def.end));
  const brace = head.lastIndexOf('{');
  return brace === -1 ? undefined : def.start + brace;
}

function countLines(s: string): number {
  let n = 1;
  for (let i = s.indexOf('\n'); i !== -1 && i < s.length - 1; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
