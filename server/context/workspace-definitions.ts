import { toFilePath } from '../privacy/guarded-reader';
import { imports } from '../syntax/analysis';
import type { IndexedDefinition, IndexedFile, WorkspaceDefinitionIndex } from '../workspace/definition-index';
import { importInfo } from '../workspace/import-resolution';
import { snippetOverhead } from './context-files';
import { definedHere, namesNearCursor } from './definitions';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import { estimateTokens } from './tokens';
import { displayPath } from './workspace-path';

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
  const info = currentPath ? importInfo(doc.syntax?.grammarName, currentPath, statements, ws.folders) : { candidates: [], names: [] };
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
  if (hits.length === 0) return [];
  const openPaths = new Set(others.map((o) => toFilePath(o.uri)).filter((p) => p !== undefined));
  if (currentPath) openPaths.add(currentPath);
  // Defined in the current file or an open one: that definition is shown (or visible) already.
  const local = definedHere(doc.text, hits.map((w) => w.name));
  const inOpen = new Set<string>();
  for (const o of others) for (const n of definedHere(o.text, hits.map((w) => w.name).filter((n) => !local.has(n)))) inOpen.add(n);

  const out: Snippet[] = [];
  let left = budget;
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
        if (def.name !== want.name) continue;
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
