/**
 * The offline engine's memory: open documents and workspace files, tokenised and indexed, and the
 * completion query over them. Feed it with `setDocument` (open documents, on every change: it only
 * stores the text, indexing waits for the next query), `closeDocument`, `removeDocument` (a file that
 * became excluded) and `addWorkspaceFile` (the background walk). An open document hides its workspace copy.
 * Excluded files (secrets) are refused, whoever feeds them.
 */
import { hasIndentBlocks } from '../../syntax/lexical-rules';
import { toSlashPath } from '../../workspace-path';
import { continuation, type Extent } from './continuation';
import { findMatches, type Match, MAX_CONTEXT, type QueryContext } from './matcher';
import { type DocRecord, Segment } from './segment';
import { endsInWord, NL, scan, Vocab } from './tokenizer';

export interface CompletionQuery {
  prefix: string;
  suffix: string;
  languageId: string;
  /** Longest proposal, in characters. */
  maxChars: number;
  /** How many different proposals to return, best first. */
  choices: number;
}

export interface CorpusIndexOptions {
  /** Files that must never be indexed (privacy). Tested with the URI or path as given. */
  isExcluded?: (uriOrPath: string) => boolean;
}

/** Prefix characters read for the query: far more than the context needs. */
const QUERY_TAIL = 2000;
/** The longest matches vote on the proposal (measured by scripts/bench/local-engine.ts). */
const RANKED = 16;

interface OpenDoc {
  text: string;
  /** Built on the first query after a change: typing does not pay for indexing. */
  segment?: Segment;
}

export class CorpusIndex {
  private readonly vocab = new Vocab();
  private readonly workspace = new Segment(this.vocab);
  private readonly workspaceDocs = new Map<string, DocRecord>();
  private readonly open = new Map<string, OpenDoc>();
  private readonly isExcluded: (uriOrPath: string) => boolean;

  constructor(options: CorpusIndexOptions = {}) {
    this.isExcluded = options.isExcluded ?? (() => false);
  }

  setDocument(uri: string, text: string): void {
    if (this.isExcluded(uri)) {
      this.removeDocument(uri);
      return;
    }
    const key = toSlashPath(uri);
    this.dropWorkspaceCopy(key);
    this.open.set(key, { text });
  }

  /** The editor closed the document: its last text stays indexed, like a workspace file. */
  closeDocument(uri: string): void {
    const key = toSlashPath(uri);
    const doc = this.open.get(key);
    if (!doc) return;
    this.open.delete(key);
    this.addWorkspaceFile(uri, doc.text);
  }

  /** The file is gone (deleted, or now excluded): forget every copy. */
  removeDocument(uri: string): void {
    const key = toSlashPath(uri);
    this.open.delete(key);
    this.dropWorkspaceCopy(key);
  }

  /** A file found by the workspace walk; ignored when the document is open (the editor's text is newer). */
  addWorkspaceFile(path: string, text: string): void {
    const key = toSlashPath(path);
    if (this.isExcluded(path) || this.open.has(key)) return;
    this.dropWorkspaceCopy(key);
    this.workspaceDocs.set(key, this.workspace.add(key, text));
  }

  has(uriOrPath: string): boolean {
    const key = toSlashPath(uriOrPath);
    return this.open.has(key) || this.workspaceDocs.has(key);
  }

  stats(): { documents: number; tokens: number } {
    let tokens = this.workspace.tokenCount;
    for (const doc of this.open.values()) tokens += doc.segment?.tokenCount ?? 0;
    return { documents: this.open.size + this.workspaceDocs.size, tokens };
  }

  /** Proposals for the text at the cursor, best first; empty when the corpus has nothing alike. */
  suggest(q: CompletionQuery): string[] {
    const ctx = this.queryContext(q.prefix);
    if (ctx.ids.length === 0) return [];
    const extent = extentAt(q);
    const block = extent !== 'line';
    // Lines are re-indented relative to the block opener's line, or else to the cursor line.
    const anchorLine = block ? q.prefix.trimEnd() : q.prefix;
    const indent = /^[ \t]*/.exec(anchorLine.slice(anchorLine.lastIndexOf('\n') + 1))![0];
    const afterSpace = q.prefix === '' || /\s$/.test(q.prefix);
    const contextEnd = (m: Match): number =>
      m.segment.starts[m.pos - 1] + this.vocab.strings[m.segment.tokens[m.pos - 1]].length;
    const from = (m: Match): number => {
      if (ctx.partial) return m.segment.starts[m.pos] + ctx.partial.length;
      // After a space, start at the next token; otherwise keep the source's spacing after the last token.
      return afterSpace ? m.segment.starts[m.pos] : contextEnd(m);
    };
    const isCursor = cursorTest(q, q.prefix.length - ctx.contextEnd, contextEnd);
    const matches = findMatches(this.segments(), ctx, this.vocab, (m) => !isCursor(m));
    matches.sort((a, b) => b.length - a.length);

    const votes = new Map<string, number>();
    for (const m of matches.slice(0, RANKED)) {
      const start = from(m);
      const text = continuation(m.doc.text, start, {
        extent,
        indent,
        anchorAt: block ? openerOffset(m) : start,
        maxChars: q.maxChars,
      });
      if (text === '') continue;
      // Longer agreement is stronger evidence, yet agreement between many matches beats one long
      // match (the bench measured this); open documents are what the user works on now.
      const weight = m.length ** 3 * (m.segment === this.workspace ? 1 : 2);
      votes.set(text, (votes.get(text) ?? 0) + weight);
    }
    return [...votes.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, q.choices)
      .map(([text]) => text);
  }

  private dropWorkspaceCopy(key: string): void {
    const doc = this.workspaceDocs.get(key);
    if (!doc) return;
    this.workspace.remove(doc);
    this.workspaceDocs.delete(key);
  }

  /** Open documents first (indexed now if they changed), then the workspace. */
  private segments(): Segment[] {
    const out: Segment[] = [];
    for (const [key, doc] of this.open) {
      if (!doc.segment) {
        doc.segment = new Segment(this.vocab);
        doc.segment.add(key, doc.text);
      }
      out.push(doc.segment);
    }
    out.push(this.workspace);
    return out;
  }

  private queryContext(prefix: string): QueryContext {
    const offset = Math.max(0, prefix.length - QUERY_TAIL);
    const tail = prefix.slice(offset);
    const { ids, starts, ends, count } = scan(tail, this.vocab, false);
    const first = offset > 0 ? 1 : 0; // the first token may be the end of a longer one
    let last = count;
    let partial = '';
    if (endsInWord(prefix) && last > first) {
      last--;
      partial = tail.slice(starts[last], ends[last]);
    }
    return {
      ids: ids.slice(Math.max(first, last - MAX_CONTEXT), last),
      partial,
      contextEnd: last > first ? offset + ends[last - 1] : 0,
    };
  }
}

/** A whole block after a block opener at the end of the cursor line, else the rest of the line. */
function extentAt(q: CompletionQuery): Extent {
  const nl = q.suffix.indexOf('\n');
  const restOfLine = nl < 0 ? q.suffix : q.suffix.slice(0, nl);
  if (!/^[\s)\]};,]*$/.test(restOfLine)) return 'line';
  const last = q.prefix.trimEnd().slice(-1);
  if (last === '{' || last === '(' || last === '[') return 'brace-block';
  if (last === ':' && hasIndentBlocks(q.languageId)) return 'indent-block';
  return 'line';
}

/** Compared around a match to recognise the cursor's own position. */
const CURSOR_WINDOW = 64;

/**
 * The cursor's own document holds the cursor's context too, and what follows it there is the text
 * already after the cursor. A match is that spot (or a copy of it) when the text around it equals the
 * prefix's end and the suffix's start. `shift`: characters between the context's last token and the cursor.
 */
function cursorTest(q: CompletionQuery, shift: number, contextEnd: (m: Match) => number): (m: Match) => boolean {
  const before = q.prefix.slice(-CURSOR_WINDOW);
  const after = q.suffix.slice(0, CURSOR_WINDOW);
  return (m) => {
    const text = m.doc.text;
    const at = contextEnd(m) + shift;
    if (!text.startsWith(before, at - before.length) || !text.startsWith(after, at)) return false;
    // A short prefix or suffix must reach the document's start or end.
    return (
      (before.length === CURSOR_WINDOW || at === before.length) &&
      (after.length === CURSOR_WINDOW || text.length === at + after.length)
    );
  };
}

/** Offset of the last token before the match position that is not a line break (the block opener). */
function openerOffset(m: Match): number {
  let p = m.pos - 1;
  while (p > m.doc.first && m.segment.tokens[p] === NL) p--;
  return m.segment.starts[p];
}
