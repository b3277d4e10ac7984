import { toFilePath } from '../privacy/guarded-reader';
import { lineStartAt } from '../text/lines';
import type { WorkspaceDefinitionIndex } from '../workspace/definition-index';
import { importInfo, type ImportInfo } from '../workspace/import-resolution';
import type { JsModuleMap } from '../workspace/js-module-map';
import { membersInFile, NameResolver, type Found } from '../workspace/name-resolution';
import { snippetOverhead } from './context-files';
import { DefinedHereCache } from './defined-here';
import { definitionsShare } from './definitions';
import { onClearDocumentCache } from './document-cache';
import { IDENTIFIER, isStopWord } from './identifiers';
import { importSpans } from './imports';
import { compare } from './order';
import { declaredType, receiverType } from './receiver-types';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import type { ContextSource } from './source';
import { estimateTokens } from './tokens';
import { displayPath } from '../workspace-path';

/*
 * Definitions from the workspace index (files that are not open) of what the code around the
 * cursor uses, as header lines (the index keeps no bodies), in three parts, best first:
 *   1. after `x.` on the cursor line: the members of x's class (or the names of module x);
 *   2. what the NEAR_LINES lines above the cursor use, classes with their members' headers;
 *   3. a directory: header lines of what the lines around the cursor (REGION_ABOVE above,
 *      REGION_BELOW below) and the imports use, nearest first.
 * Names are followed through imports (name-resolution.ts); receivers to their class
 * (receiver-types.ts). Stable while typing: the text of the cursor line is never read except
 * for the receiver of part 1 (not the member name being typed), so every keystroke on one line
 * gets the same snippets, byte for byte, and a local model server keeps its cached prompt.
 */
const NEAR_LINES = 15;
const REGION_ABOVE = 300;
const REGION_BELOW = 100;
/** Members listed after `x.` (part 1), at most. */
const MAX_MEMBERS = 16;
/** Members listed with a class used in the lines above (part 2), at most: the rest of the budget is worth more as headers. */
const MAX_OUTLINE_MEMBERS = 4;
const MAX_MODULE_LINES = 40;
/** Part 1 takes at most this share of the budget. */
const MEMBER_SHARE = 0.4;
const MAX_NAMES = 400;
/** Of a longer line (minified or generated code) only the start is read for names: the scan stays linear and bounded per completion. */
const MAX_LINE_CHARS = 1000;
/** How far back before a name its receiver (`a.b.`) is looked for. */
const RECEIVER_CHARS = 200;
const MAX_RECEIVERS = 24;
/** Types of a package in scope without an import listed last, at most. */
const MAX_PACKAGE_TYPES = 200;
/** How far either side of the cursor the file's words are read to rank those types (about 1 ms per new line at most). */
const WORD_CHARS = 16_000;
const COMMENT_LINE = /^\s*(?:\/\/|\/\*|\*|#)/;
const definedHereCache = new DefinedHereCache();
onClearDocumentCache(() => definedHereCache.clear());
const FAR_CHARS = 60_000;
/** A capitalised name, acronyms included (`URLConnection`, `URI`); not a CONSTANT_NAME (the underscore). */
const TYPE_NAME = /(?<![\w$])[A-Z][A-Za-z0-9]*(?![\w$])/g;
const TYPE_KINDS = new Set(['class', 'interface', 'enum', 'type']);
const OUTLINED = new Set(['class', 'interface', 'enum', 'module', 'other', 'type']);

export interface WorkspaceContext {
  index: WorkspaceDefinitionIndex;
  folders: readonly string[];
  isExcluded: (uriOrPath: string) => boolean;
}

interface Entry {
  found: Found;
  /** Header lines (a class may bring its members'): each with its offset in its file, for file order. */
  lines: { start: number; text: string }[];
  rank: number;
}

interface Use {
  name: string;
  /** The receiver text for `recv.name`, undefined for a bare name. */
  receiver?: string;
  line: number;
}

/** Definitions from files that are not open, through the workspace index: what is left of the definitions' share. */
export const workspaceDefinitionsSource: ContextSource = {
  name: 'workspace definitions',
  place: 'files',
  pool: 'definitions',
  share: definitionsShare,
  enabled: (req) => req.workspace !== undefined,
  collect: (req, budget) => ({
    snippets: workspaceDefinitionSnippets(req.current, req.cursor, budget, req.others, req.workspace!),
  }),
};

function workspaceDefinitionSnippets(
  doc: ContextDocument,
  cursor: number,
  budget: number,
  others: readonly ContextDocument[],
  ws: WorkspaceContext,
): Snippet[] {
  if (budget <= 0 || ws.index.size === 0) return [];
  const currentPath = toFilePath(doc.uri);
  const statements = importSpans(doc, doc.text.length).map((s) => s.text);
  const info = currentPath
    ? cachedImportInfo(doc.syntax?.grammarName, currentPath, statements, ws.folders, ws.index.modules)
    : undefined;
  if (!info || !currentPath) return [];
  const resolver = new NameResolver(ws.index, currentPath, info, ws.folders);
  const openPaths = new Set(others.map((o) => toFilePath(o.uri)).filter((p) => p !== undefined));
  openPaths.add(currentPath);
  const usable = (f: Found) => !openPaths.has(f.file.path) && !ws.isExcluded(f.file.path);

  const lineStart = lineStartAt(doc.text, cursor);
  const typedOnLine = doc.text.slice(Math.max(lineStart, cursor - 400), cursor);
  const calls = callsOnCursorLine(typedOnLine);
  const qualified = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.[A-Za-z_$]?[\w$]*$/.exec(typedOnLine);
  // Everything below reads the text outside the cursor line, and of the cursor line only these.
  const lineEnd = doc.text.indexOf('\n', cursor);
  const key: MemoKey = {
    uri: doc.uri,
    before: doc.text.slice(0, lineStart),
    after: lineEnd === -1 ? '' : doc.text.slice(lineEnd),
    onLine: `${qualified?.[1] ?? ''}\u0000${calls.map((c) => `${c.receiver ?? ''}.${c.name}`).join(',')}`,
    rest: `${budget}\u0000${statements.join('\u0000')}\u0000${ws.index.version}\u0000${[...openPaths].sort().join('\u0000')}\u0000${ws.folders.join('\u0000')}`,
  };
  const memo = memos.find((m) => sameKey(m.key, key));
  if (memo) return memo.snippets;
  const snippets = collect(doc, lineStart, budget, ws, resolver, info, usable, calls, qualified?.[1]);
  memos.unshift({ key, snippets });
  memos.length = Math.min(memos.length, MAX_MEMOS);
  return snippets;
}

/*
 * The last results, per document and place: typing on one line asks again with the same text
 * around it, and gets the same snippets without recomputing them (and without any chance of a
 * different answer).
 */
interface MemoKey {
  uri: string;
  before: string;
  after: string;
  onLine: string;
  rest: string;
}
const MAX_MEMOS = 4;
const memos: { key: MemoKey; snippets: Snippet[] }[] = [];
onClearDocumentCache(() => {
  memos.length = 0;
});

function sameKey(a: MemoKey, b: MemoKey): boolean {
  return a.uri === b.uri && a.onLine === b.onLine && a.rest === b.rest && a.before === b.before && a.after === b.after;
}

function collect(
  doc: ContextDocument,
  lineStart: number,
  budget: number,
  ws: WorkspaceContext,
  resolver: NameResolver,
  info: ImportInfo,
  usable: (f: Found) => boolean,
  calls: Use[],
  receiverOnLine: string | undefined,
): Snippet[] {
  const currentPath = toFilePath(doc.uri)!;
  const { near, region } = usesAround(doc.text, lineStart);
  near.unshift(...calls);
  const typeOf = receiverTypes(doc.text, lineStart, resolver);

  const entries: Entry[] = [];
  // 1. `x.` (and a member name being typed) before the cursor: what x offers.
  let memberCap = 0;
  if (receiverOnLine) {
    const listed = membersOf(receiverOnLine, resolver, typeOf).filter(usable);
    for (const f of listed) entries.push({ found: f, lines: [{ start: f.def.start, text: f.def.line }], rank: 0 });
    memberCap = Math.floor(budget * MEMBER_SHARE);
  }
  // 2 and 3. Names used above (nearest first, with class outlines), then around the cursor.
  const resolved = [near, region].map((uses) =>
    uses.map((use) => ({ use, found: resolveUse(use, resolver, typeOf).filter(usable) })),
  );
  // Only names that lead somewhere are checked against the file's own definitions.
  const bare = resolved
    .flat()
    .filter((r) => !r.use.receiver && r.found.length > 0)
    .map((r) => r.use.name);
  const local = localNames(doc, currentPath, ws.index, bare, resolver, lineStart);
  for (const [part, uses] of resolved.entries()) {
    for (const { use, found } of uses) {
      if (!use.receiver && local.has(use.name)) continue;
      for (const f of found) {
        const lines = [{ start: f.def.start, text: f.def.line }];
        if (part === 0 && OUTLINED.has(f.def.kind) && !f.def.container)
          for (const m of membersInFile(f).slice(0, MAX_OUTLINE_MEMBERS))
            lines.push({ start: m.def.start, text: m.def.line });
        entries.push({ found: f, lines, rank: 1 + part * 1000 + Math.abs(use.line) });
      }
    }
  }
  // Imported names not used around the cursor come last.
  for (const name of info.names)
    for (const f of resolver.topLevel(name).filter(usable))
      entries.push({ found: f, lines: [{ start: f.def.start, text: f.def.line }], rank: 1_000_000 });
  // Then the members of the classes of receivers used around the cursor (`self` included: its bases).
  const receivers = [
    ...new Set(
      [...near, ...region]
        .map((u) => u.receiver)
        .filter((r): r is string => r !== undefined && /^(?:(?:self|this)\.)?[A-Za-z_$][\w$]*$/.test(r)),
    ),
  ];
  // A receiver of unknown type is taken for the class that defines most of the members used on it.
  const usedOn = new Map<string, Set<string>>();
  for (const u of [...near, ...region])
    if (u.receiver) usedOn.set(u.receiver, (usedOn.get(u.receiver) ?? new Set()).add(u.name));
  // Inside a class, what it inherits from a base in another file is in reach (`this.`/`self.`) even
  // where no line nearby uses it yet.
  const own = doc.syntax?.grammarName === 'python' ? 'self' : 'this';
  if (!receivers.includes(own)) receivers.push(own);
  for (const r of receivers.filter((x) => !/^[A-Z]/.test(x))) {
    const classes = typeOf(r) ?? likelyClass(usedOn.get(r) ?? new Set(), resolver);
    for (const c of classes)
      for (const [i, m] of membersWithBases(c, resolver)
        .filter((m) => usable(m) && onInstance(m, c))
        .entries())
        entries.push({ found: m, lines: [{ start: m.def.start, text: m.def.line }], rank: 1_500_000 + 2 * i });
  }
  // Taking turns with what the modules the file imports whole offer (`events.` may be followed by any of it), in file order.
  for (const alias of info.modules.keys()) {
    for (const [i, f] of membersOf(alias, resolver, () => undefined)
      .filter(usable)
      .entries())
      entries.push({ found: f, lines: [{ start: f.def.start, text: f.def.line }], rank: 1_500_001 + 2 * i });
  }
  // Last, type names used anywhere else in the file (a class of the package named once, far away), nearest first.
  const seen = new Set([...near, ...region].map((u) => u.name));
  for (const [i, name] of typeNamesFar(doc.text, lineStart, seen).entries()) {
    for (const f of resolver.topLevel(name).filter(usable))
      if (TYPE_KINDS.has(f.def.kind))
        entries.push({ found: f, lines: [{ start: f.def.start, text: f.def.line }], rank: 2_000_000 + i });
  }
  // Last, the types of a package in scope without an import (Java's own package): those whose
  // name's words the file uses most first, then by name.
  const packageTypes = resolver.packageTypes(MAX_PACKAGE_TYPES).filter(usable);
  const words = packageTypes.length > 0 ? wordsOf(doc.text, lineStart) : new Set<string>();
  const inPackage = packageTypes
    .map((f) => ({ f, score: nameWords(f.def.name).filter((w) => words.has(w)).length / nameWords(f.def.name).length }))
    .sort((a, b) => b.score - a.score || compare(a.f.def.name, b.f.def.name));
  for (const [i, { f }] of inPackage.entries())
    entries.push({ found: f, lines: [{ start: f.def.start, text: f.def.line }], rank: 3_000_000 + i });
  return choose(entries, budget, memberCap, ws.folders);
}

/** Fills the budget in rank order (part 1 within its cap), then one snippet per file, lines in file order. */
function choose(entries: Entry[], budget: number, memberCap: number, folders: readonly string[]): Snippet[] {
  const byFile = new Map<string, { path: string; lines: Map<number, string>; rank: number }>();
  const taken = new Set<string>();
  let left = budget;
  let memberSpent = 0;
  entries.sort((a, b) => a.rank - b.rank); // stable: equal ranks keep discovery order
  for (const e of entries) {
    const file = e.found.file.path;
    const fresh = e.lines.filter((l) => !taken.has(`${file}\u0000${l.start}`));
    if (fresh.length === 0) continue;
    let group = byFile.get(file);
    const shown = group?.path ?? displayPath(file, folders);
    const cost =
      fresh.reduce((sum, l) => sum + estimateTokens(`${l.text}\n`), 0) + (group ? 0 : snippetOverhead(shown));
    if (cost > left || (e.rank === 0 && memberSpent + cost > memberCap)) continue;
    left -= cost;
    if (e.rank === 0) memberSpent += cost;
    if (!group) byFile.set(file, (group = { path: shown, lines: new Map(), rank: e.rank }));
    for (const l of fresh) {
      taken.add(`${file}\u0000${l.start}`);
      group.lines.set(l.start, l.text);
    }
  }
  const out: Snippet[] = [];
  for (const g of byFile.values()) {
    const starts = [...g.lines.keys()].sort((a, b) => a - b);
    out.push({
      source: 'definition',
      path: g.path,
      range: { start: starts[0], end: starts[starts.length - 1] + 1 },
      text: starts.map((s) => `${g.lines.get(s)}\n`).join(''),
      score: 1 / (1 + g.rank),
      priority: PRIORITY.definition,
    });
  }
  return out.sort((a, b) => b.score - a.score || compare(a.path, b.path));
}

/** Definitions a use refers to: `module.name`, `obj.method` by obj's class, or a bare name through the imports. */
function resolveUse(use: Use, resolver: NameResolver, typeOf: (receiver: string) => Found[] | undefined): Found[] {
  if (!use.receiver) return resolver.topLevel(use.name);
  const inModule = resolver.inModule(use.receiver, use.name);
  if (inModule.length > 0) return inModule;
  const classes = typeOf(use.receiver);
  if (classes)
    for (const c of classes) {
      const m = resolver.member(c, use.name);
      if (m.length > 0) return m;
    }
  return /^[A-Za-z_$][\w$]*$/.test(use.receiver) || /^(?:self|this)\./.test(use.receiver)
    ? resolver.methodByName(use.name)
    : [];
}

/** Capitalised names outside the region around the cursor (FAR_CHARS either side at most), nearest first, each once. */
function typeNamesFar(text: string, lineStart: number, seen: ReadonlySet<string>): string[] {
  const found: { name: string; distance: number }[] = [];
  const fresh = new Set<string>();
  // The cursor line is left out, as everywhere here: the result must not depend on what is being typed.
  const lineEnd = text.indexOf('\n', lineStart);
  const spans = [
    [Math.max(0, lineStart - FAR_CHARS), lineStart],
    lineEnd === -1 ? [0, 0] : [lineEnd, Math.min(text.length, lineEnd + FAR_CHARS)],
  ];
  for (const [from, to] of spans) {
    for (const m of text.slice(from, to).matchAll(TYPE_NAME)) {
      if (seen.has(m[0]) || fresh.has(m[0])) continue;
      fresh.add(m[0]);
      found.push({ name: m[0], distance: Math.abs(from + m.index - lineStart) });
    }
  }
  return found
    .sort((a, b) => a.distance - b.distance)
    .slice(0, MAX_NAMES)
    .map((f) => f.name);
}

/**
 * What an instance (a lowercase receiver, `this`) can reach: no static members, no `#private`
 * ones, and of a base class nothing `private`.
 */
function onInstance(m: Found, cls: Found): boolean {
  if (m.def.name.startsWith('#') || /^\s*(?:(?:public|protected|private)\s+)?static\b/.test(m.def.line)) return false;
  return m.file === cls.file && m.def.container === cls.def.name ? true : !/^\s*private\b/.test(m.def.line);
}

/** `URLConnection` -> url, connection; `getTimeout` -> get, timeout. */
function nameWords(name: string): string[] {
  return name
    .split(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[_$]+/)
    .filter((w) => w.length > 1)
    .map((w) => w.toLowerCase());
}

/** The words of the names in the file around the cursor (WORD_CHARS either side), the cursor line left out. */
function wordsOf(text: string, lineStart: number): Set<string> {
  const out = new Set<string>();
  const lineEnd = text.indexOf('\n', lineStart);
  const around =
    text.slice(Math.max(0, lineStart - WORD_CHARS), lineStart) +
    (lineEnd === -1 ? '' : text.slice(lineEnd, lineEnd + WORD_CHARS));
  const names = new Set<string>();
  for (const m of around.matchAll(/[A-Za-z_$][\w$]*/g)) names.add(m[0]);
  for (const n of names) for (const w of nameWords(n)) out.add(w);
  return out;
}

/** A class's members, then its bases' (followed in the scope of the class's own file), a few levels up. */
function membersWithBases(cls: Found, resolver: NameResolver, depth = 0): Found[] {
  const own = resolver.members(cls);
  if (depth >= 2) return own;
  const scope = resolver.forFile(cls.file);
  return [
    ...own,
    ...scope
      .basesOf(cls.def.line)
      .flatMap((b) => scope.classNamed(b).flatMap((c) => membersWithBases(c, resolver, depth + 1))),
  ];
}

/** Duck typing: the class defining at least two of the member names used on a receiver, the most of them. */
function likelyClass(names: ReadonlySet<string>, resolver: NameResolver): Found[] {
  if (names.size < 2) return [];
  const votes = new Map<string, { cls: Found; n: number }>();
  for (const name of names) {
    for (const m of resolver.methodByName(name)) {
      const cls = m.file.definitions.find(
        (d) => d.name === m.def.container && !d.container && d.start <= m.def.start && m.def.end <= d.end,
      );
      if (!cls) continue;
      const key = `${m.file.path}\u0000${cls.start}`;
      const v = votes.get(key) ?? { cls: { file: m.file, def: cls }, n: 0 };
      v.n++;
      votes.set(key, v);
    }
  }
  const best = [...votes.values()].sort((a, b) => b.n - a.n)[0];
  return best && best.n >= 2 ? [best.cls] : [];
}

/** Part 1: the names module `alias` offers (public first), or the members of the receiver's class and its bases. */
function membersOf(
  receiver: string,
  resolver: NameResolver,
  typeOf: (receiver: string) => Found[] | undefined,
): Found[] {
  const module = resolver.moduleFile(receiver);
  if (module) {
    const defs = module.definitions.filter((d) => !d.container);
    return [...defs.filter((d) => !d.name.startsWith('_')), ...defs.filter((d) => d.name.startsWith('_'))]
      .slice(0, MAX_MODULE_LINES)
      .map((def) => ({ file: module, def }));
  }
  const out: Found[] = [];
  for (const c of typeOf(receiver) ?? []) out.push(c, ...resolver.members(c).slice(0, MAX_MEMBERS));
  return out;
}

/**
 * The classes a receiver has, memoised per call: `self`/`this` gives the enclosing class's bases
 * (the class itself is in this file), other names their annotated or constructed type.
 */
function receiverTypes(text: string, at: number, resolver: NameResolver): (receiver: string) => Found[] | undefined {
  const memo = new Map<string, Found[] | undefined>();
  return (receiver: string) => {
    if (memo.has(receiver)) return memo.get(receiver);
    let out: Found[] | undefined;
    // A class or namespace itself (`Collections.sort`, `Message.isNotification`, `mod.Message.is`): static members.
    const named = /^(?:[A-Za-z_$][\w$]*\.)*[A-Z][\w$]*$/.test(receiver) ? resolver.classNamed(receiver) : [];
    if (named.length > 0) out = named;
    else if (memo.size < MAX_RECEIVERS) {
      const t = receiverType(text, at, receiver);
      if (t?.kind === 'class-here') out = resolver.basesOf(t.header).flatMap((b) => resolver.classNamed(b));
      else if (t?.kind === 'named') out = resolver.classNamed(t.name);
      const field = /^(?:self|this)\.([A-Za-z_$][\w$]*)$/.exec(receiver);
      if (!t && field) {
        // A field declared in a base class in another file: its declared type, in that file's scope.
        const self = receiverType(text, at, receiver.startsWith('self') ? 'self' : 'this');
        const bases =
          self?.kind === 'class-here' ? resolver.basesOf(self.header).flatMap((b) => resolver.classNamed(b)) : [];
        for (const b of bases) {
          for (const m of resolver.member(b, field[1])) {
            const type = declaredType(m.def.line, field[1]);
            if (type) out = resolver.forFile(m.file).classNamed(type);
          }
          if (out?.length) break;
        }
      }
      if (out && out.length === 0) out = undefined;
    }
    memo.set(receiver, out);
    return out;
  };
}

/**
 * Names used in the NEAR_LINES lines above the cursor line (nearest first) and in the region
 * around it (by distance), each name (with its receiver) once. The cursor line itself is left
 * out: it changes on every keystroke.
 */
function usesAround(text: string, lineStart: number): { near: Use[]; region: Use[] } {
  const lines: { text: string; line: number }[] = [];
  let s = lineStart;
  for (let i = 1; i <= REGION_ABOVE && s > 0; i++) {
    const prev = lineStartAt(text, s - 1);
    lines.push({ text: text.slice(prev, s - 1), line: -i });
    s = prev;
  }
  let e = text.indexOf('\n', lineStart);
  for (let i = 1; i <= REGION_BELOW && e !== -1; i++) {
    const next = text.indexOf('\n', e + 1);
    lines.push({ text: text.slice(e + 1, next === -1 ? text.length : next), line: i });
    e = next;
  }
  lines.sort((a, b) => Math.abs(a.line) - Math.abs(b.line) || a.line - b.line);
  const near: Use[] = [];
  const region: Use[] = [];
  const seen = new Set<string>();
  for (const l of lines) {
    if (near.length + region.length >= MAX_NAMES) break;
    // Prose: only its type-like words count (`{@link Foo}`, "returns a Foo"), the rest are not uses.
    const lineText = l.text.length > MAX_LINE_CHARS ? l.text.slice(0, MAX_LINE_CHARS) : l.text;
    const prose = COMMENT_LINE.test(lineText);
    const found = [...lineText.matchAll(IDENTIFIER)];
    for (let i = found.length - 1; i >= 0; i--) {
      const m = found[i];
      const name = m[0];
      if (isStopWord(name) || (prose && !/^[A-Z][a-z]/.test(name))) continue;
      const before = lineText.slice(Math.max(0, m.index - RECEIVER_CHARS), m.index);
      const receiver = /([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\.\s*$/.exec(before)?.[1];
      const key = `${receiver ?? ''}.${name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (l.line < 0 && -l.line <= NEAR_LINES ? near : region).push({ name, receiver, line: l.line });
    }
  }
  return { near, region };
}

/**
 * Calls already opened on the cursor line before the cursor (`make_widget(`, `obj.save(`): their
 * signatures are what the arguments being typed need. A call counts once its `(` is typed, so the
 * block changes once per call, not on every keystroke of a name.
 */
function callsOnCursorLine(lineBefore: string): Use[] {
  const out: Use[] = [];
  const before = lineBefore.length > MAX_LINE_CHARS ? lineBefore.slice(-MAX_LINE_CHARS) : lineBefore;
  for (const m of before.matchAll(/(?:([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\.\s*)?([A-Za-z_$][\w$]*)\s*\(/g)) {
    if (!isStopWord(m[2])) out.unshift({ name: m[2], receiver: m[1], line: 0 });
  }
  return out;
}

/** Names the current file defines itself (its indexed definitions, or its text when not indexed), minus imported ones. */
function localNames(
  doc: ContextDocument,
  file: string,
  index: WorkspaceDefinitionIndex,
  names: readonly string[],
  resolver: NameResolver,
  near: number,
): Set<string> {
  const entry = index.file(file);
  // Not indexed: read from the text without the cursor line (what is typed there must not matter).
  const lineEnd = doc.text.indexOf('\n', near);
  const outside = { uri: doc.uri, text: doc.text.slice(0, near) + (lineEnd === -1 ? '' : doc.text.slice(lineEnd)) };
  const defined = entry
    ? new Set(entry.definitions.filter((d) => !d.container).map((d) => d.name))
    : definedHereCache.definedHere(outside, [...new Set(names)], near);
  for (const n of [...defined]) if (resolver.isImported(n)) defined.delete(n);
  return defined;
}

let lastInfo: { key: string; modules: JsModuleMap; info: ImportInfo } | undefined;

function cachedImportInfo(
  grammar: string | undefined,
  file: string,
  statements: readonly string[],
  folders: readonly string[],
  modules: JsModuleMap,
): ImportInfo {
  const key = `${grammar}\u0000${file}\u0000${folders.join('\u0000')}\u0000${statements.join('\u0000')}`;
  if (lastInfo?.key !== key || lastInfo.modules !== modules)
    lastInfo = { key, modules, info: importInfo(grammar, file, statements, folders, modules) };
  return lastInfo.info;
}
