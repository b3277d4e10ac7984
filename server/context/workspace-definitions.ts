import { toFilePath } from '../privacy/guarded-reader';
import { imports } from '../syntax/analysis';
import { lineStartAt } from '../text/lines';
import type { IndexedDefinition, IndexedFile, WorkspaceDefinitionIndex } from '../workspace/definition-index';
import { importInfo } from '../workspace/import-resolution';
import { snippetOverhead } from './context-files';
import { definedHere, namesNearCursor } from './definitions';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import { estimateTokens } from './tokens';
import { displayPath } from '../workspace-path';

/*
 * Definitions from the workspace index (files that are not open) of the names used near the
 * cursor and the names the current file imports, when neither the current file nor an open
 * document defines them. Files the current file imports come first, then any file, by path.
 * Each definition is shown as its header line (classes with their members' header lines): the
 * index keeps no bodies.
 */
export const MAX_WORKSPACE_DEFINITIONS = 8;
const MAX_PER_NAME = 2;
const MAX_MEMBERS = 12;
const MAX_NAMES = 48;
/** Header lines listed for `module.` before the cursor, at most. */
const MAX_MODULE_LINES = 40;
const OUTLINED = new Set(['class', 'interface', 'enum', 'module', 'other']);

export interface WorkspaceContext {
  index: WorkspaceDefinitionIndex;
  folders: readonly string[];
  isExcluded: (uriOrPath: string) => boolean;
}

export function workspaceDefinitionSnippets(doc: ContextDocument, cursor: number, budget: number, others: readonly ContextDocument[], ws: WorkspaceContext): Snippet[] {
  if (budget <= 0 || ws.index.size === 0) return [];
  const currentPath = toFilePath(doc.uri);
  const { names } = namesNearCursor(doc.text, cursor);
  const statements = doc.syntax ? imports(doc.syntax).map((i) => i.text) : [];
  const info = currentPath ? importInfo(doc.syntax?.grammarName, currentPath, statements, ws.folders) : { candidates: [], names: [], modules: new Map<string, string[]>() };
  const importedFiles = new Set(info.candidates.filter((c) => ws.index.file(c) !== undefined));

  // Wanted names, best first: by nearness to the cursor, then the imported ones not used nearby.
  const wanted: { name: string; member: boolean; score: number }[] = [];
  const seen = new Set<string>();
  for (const [rank, n] of names.entries()) {
    if (wanted.length >= MAX_NAMES) break;
    seen.add(n.name);
    wanted.push({ name: n.name, member: n.member, score: 1 / (2 + rank) });
  }
  for (const n of info.names) {
    if (seen.has(n) || wanted.length >= MAX_NAMES) continue;
    seen.add(n);
    wanted.push({ name: n, member: false, score: 1 / (2 + MAX_NAMES) });
  }
  const hits = wanted.filter((w) => ws.index.filesDefining(w.name).length > 0);
  const openPaths = new Set(others.map((o) => toFilePath(o.uri)).filter((p) => p !== undefined));
  if (currentPath) openPaths.add(currentPath);
  // Defined in the current file or an open one: that definition is shown (or visible) already.
  const local = definedHere(doc.text, hits.map((w) => w.name));
  const inOpen = new Set<string>();
  for (const o of others) for (const n of definedHere(o.text, hits.map((w) => w.name).filter((n) => !local.has(n)))) inOpen.add(n);

  const out: Snippet[] = [];
  let left = budget;
  // `alias.` (and a partial member name) right before the cursor, the alias bound to a whole
  // module: that module's top-level headers, matching the partial name, public ones first.
  const listed = new Set<string>();
  const qualified = /([A-Za-z_$][\w$]*)\.([A-Za-z_$][\w$]*)?$/.exec(doc.text.slice(Math.max(0, lineStartAt(doc.text, cursor), cursor - 400), cursor));
  const module = qualified && info.modules.get(qualified[1]);
  const moduleFile = module ? module.map((c) => ws.index.file(c)).find((f) => f && !openPaths.has(f.path) && !ws.isExcluded(f.path)) : undefined;
  if (qualified && moduleFile) {
    const partial = qualified[2] ?? '';
    const hidden = (n: string) => n.startsWith('_') && !partial.startsWith('_');
    const defs = moduleFile.definitions.filter((d) => !d.container && d.name.startsWith(partial));
    const ordered = [...defs.filter((d) => !hidden(d.name)), ...defs.filter((d) => hidden(d.name))];
    const shown = displayPath(moduleFile.path, ws.folders);
    const cap = Math.floor(budget / 2) - snippetOverhead(shown);
    const lines: typeof ordered = [];
    let cost = 0;
    for (const d of ordered) {
      if (lines.length >= MAX_MODULE_LINES) break;
      const c = estimateTokens(`${d.line}\n`);
      if (cost + c > cap) break;
      cost += c;
      lines.push(d);
    }
    if (lines.length > 0) {
      lines.sort((a, b) => a.start - b.start);
      const text = lines.map((d) => `${d.line}\n`).join('');
      left -= estimateTokens(text) + snippetOverhead(shown);
      for (const d of lines) listed.add(`${moduleFile.path}\u0000${d.name}`);
      out.push({ source: 'definition', path: shown, range: { start: lines[0].start, end: lines[lines.length - 1].end }, text, score: 1, priority: PRIORITY.definition });
    }
  }
  for (const want of hits) {
    if (out.length >= MAX_WORKSPACE_DEFINITIONS) break;
    if (local.has(want.name) || inOpen.has(want.name)) continue;
    const files = ws.index
      .filesDefining(want.name)
      .filter((f) => !openPaths.has(f.path) && !ws.isExcluded(f.path))
      .sort((a, b) => Number(importedFiles.has(b.path)) - Number(importedFiles.has(a.path))); // stable: path order within each group
    let perName = 0;
    for (const file of files) {
      // A member (`x.name`) is looked up only in imported files: method names repeat across a workspace.
      if (want.member && !importedFiles.has(file.path)) continue;
      for (const def of file.definitions) {
        if (perName >= MAX_PER_NAME || out.length >= MAX_WORKSPACE_DEFINITIONS) break;
        if (def.name !== want.name || listed.has(`${file.path}\u0000${def.name}`)) continue;
        if (def.container && !(want.member && (def.kind === 'method' || def.kind === 'function'))) continue;
        const shown = displayPath(file.path, ws.folders);
        const text = [render(file, def), `${def.line}\n`].find((t) => estimateTokens(t) + snippetOverhead(shown) <= left);
        if (text === undefined) continue;
        left -= estimateTokens(text) + snippetOverhead(shown);
        perName++;
        out.push({ source: 'definition', path: shown, range: { start: def.start, end: def.end }, text, score: want.score * (importedFiles.has(file.path) ? 1 : 0.5), priority: PRIORITY.definition });
      }
    }
  }
  return out;
}

/** The header line; for classes and the like, their members' header lines too. */
function render(file: IndexedFile, def: IndexedDefinition): string {
  const lines = [def.line];
  if (OUTLINED.has(def.kind)) {
    for (const m of file.definitions) {
      if (lines.length > MAX_MEMBERS) break;
      if (m.container === def.name && m.start > def.start && m.end <= def.end) lines.push(m.line);
    }
  }
  return `${lines.join('\n')}\n`;
}
