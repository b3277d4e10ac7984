import { changeNear } from './text-change';

/**
 * Which of `names` the current file defines, by text: a definition keyword right before the name
 * (`def name`, `class Name`, `function* name`, `const name`), or `name =` / `name: T =` at the
 * start of a line. The syntax layer's definitions() walks the whole tree, too slow to redo on
 * every keystroke in a large file, and only this yes/no is needed.
 */
export function definedHere(text: string, names: readonly string[]): Set<string> {
  return new Set(names.filter((name) => definitionSites(text, name, 0, text.length, 1).length > 0));
}

/**
 * Offsets of the occurrences of `name` starting in [from, to) that read as its definition, up to
 * `max` of them. Whether one does depends only on the text from BEFORE chars before it to AFTER
 * chars after it (see isDefinitionAt), which is what lets DefinedHereCache re-check only the
 * occurrences near an edit.
 */
export function definitionSites(text: string, name: string, from: number, to: number, max = Infinity): number[] {
  if (name === '') return [];
  // Searched in a slice so a name absent near an edit does not send indexOf through the rest of the text.
  const region = from === 0 && to >= text.length ? text : text.slice(from, to - 1 + name.length);
  const out: number[] = [];
  for (let i = region.indexOf(name); i !== -1 && out.length < max; i = region.indexOf(name, i + 1)) {
    if (isDefinitionAt(text, name, from + i)) out.push(from + i);
  }
  return out;
}

const BEFORE = 24;
const AFTER = 80;

function isDefinitionAt(text: string, name: string, at: number): boolean {
  const end = at + name.length;
  if (isWordChar(text.charCodeAt(at - 1)) || isWordChar(text.charCodeAt(end))) return false;
  const before = text.slice(Math.max(0, at - BEFORE), at);
  const after = text.slice(end, end + AFTER);
  // `const X = require('./x')` binds an import (JavaScript): the definition is in the other file.
  if (REQUIRED.test(after)) return false;
  return DEFINITION_KEYWORD.test(before) || (LINE_START.test(before) && ASSIGNED.test(after));
}

const DEFINITION_KEYWORD =
  /\b(?:def|class|function|const|let|var|type|interface|enum|struct|fn|func|trait|module)(?:\s+|\s*\*\s*)$/;
const LINE_START = /(?:^|\n)(?:export\s+)?$/;
const REQUIRED = /^[ \t]*=[ \t]*require[ \t]*\(/;
const ASSIGNED = /^[ \t]*(?::[^=\n]*)?=(?!=)/;

function isWordChar(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    code === 95 ||
    code === 36
  );
}

/** Wider than BEFORE and AFTER: occurrences this far from an edit read the same text as before it. */
const MARGIN = 128;
const MAX_DOCUMENTS = 8;
/** Sites a full scan collects: one answers the question, a few more survive edits that destroy one. */
const MAX_SITES = 4;

/** Definition sites of one name: some of them (in text order), or all when `complete`. */
interface NameSites {
  at: number[];
  complete: boolean;
}

interface DocumentSites {
  text: string;
  /** The names asked for last time. */
  byName: Map<string, NameSites>;
}

/**
 * definedHere for a document being typed in. Scanning the whole text for every name near the
 * cursor costs ~0.4 ms per keystroke on 5k lines; instead sites found are kept and, after an edit
 * near `near` (the cursor), only occurrences within MARGIN of it are re-checked. Kept sites are
 * always real ones, so the answer is definedHere's; when none is left and some were not
 * collected, or the text changed elsewhere, the name is scanned again.
 */
export class DefinedHereCache {
  private readonly docs = new Map<string, DocumentSites>();

  definedHere(doc: { uri: string; text: string }, names: readonly string[], near: number): Set<string> {
    const prev = this.docs.get(doc.uri);
    const carried = prev ? carryOver(prev, doc.text, names, near) : new Map<string, NameSites>();
    const byName = new Map<string, NameSites>();
    for (const name of names) {
      if (name === '' || byName.has(name)) continue;
      const kept = carried.get(name);
      byName.set(name, kept && (kept.complete || kept.at.length > 0) ? kept : scan(doc.text, name));
    }
    this.docs.delete(doc.uri);
    if (this.docs.size >= MAX_DOCUMENTS) this.docs.delete(this.docs.keys().next().value!);
    this.docs.set(doc.uri, { text: doc.text, byName });
    return new Set(names.filter((n) => (byName.get(n)?.at.length ?? 0) > 0));
  }

  clear(): void {
    this.docs.clear();
  }
}

function scan(text: string, name: string): NameSites {
  const at = definitionSites(text, name, 0, text.length, MAX_SITES + 1);
  return at.length > MAX_SITES ? { at: at.slice(0, MAX_SITES), complete: false } : { at, complete: true };
}

/** The sites of `names` in `text`, from those in `prev.text` where the edit allows; others are left out. */
function carryOver(prev: DocumentSites, text: string, names: readonly string[], near: number): Map<string, NameSites> {
  const out = new Map<string, NameSites>();
  if (prev.text === text) {
    for (const name of names) if (prev.byName.has(name)) out.set(name, prev.byName.get(name)!);
    return out;
  }
  const change = changeNear(prev.text, text, near);
  if (!change) return out;
  const shift = change.newEnd - change.oldEnd;
  for (const name of names) {
    const old = prev.byName.get(name);
    if (!old) continue;
    const from = Math.max(0, change.start - MARGIN - name.length);
    const keptAfter = change.oldEnd + MARGIN; // in the old text
    const at = [
      ...old.at.filter((a) => a < from),
      ...definitionSites(text, name, from, keptAfter + shift),
      ...old.at.filter((a) => a >= keptAfter).map((a) => a + shift),
    ];
    out.set(name, { at, complete: old.complete });
  }
  return out;
}
