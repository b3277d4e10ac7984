import { lineStartAt } from '../text/lines';
import { snippetOverhead } from './context-files';
import { perDocument } from './document-cache';
import { identifierSet } from './identifiers';
import { lineCount, lineTokens, type LineTokens } from './line-tokens';
import { compare } from './order';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import type { ContextSource } from './source';
import { estimateTokens, tokenUnits, unitsToTokens } from './tokens';

/*
 * Code in other open files that looks like the code just before the cursor (Copilot's
 * "neighbouring tabs"): the last QUERY_LINES lines before the cursor are compared, as sets of
 * identifiers, with every window of as many lines in each other document (step one line), by
 * Jaccard similarity |A∩B| / |A∪B|. The best window of each document competes; the best few
 * above MIN_SIMILARITY become snippets, trimmed to the budget if need be.
 */
export const QUERY_LINES = 10;
export const MIN_SIMILARITY = 0.15;
export const MAX_SIMILAR = 3;
/** Fewer distinct identifiers than this before the cursor give no useful signal. */
const MIN_QUERY_SIZE = 3;

/** The text the others are compared with: up to QUERY_LINES lines ending at the cursor. */
export function similarityQuery(text: string, cursor: number): { text: string; lines: number } {
  let start = lineStartAt(text, cursor);
  let lines = 1;
  while (lines < QUERY_LINES && start > 0) {
    start = lineStartAt(text, start - 1);
    lines++;
  }
  return { text: text.slice(start, cursor), lines };
}

interface Candidate {
  doc: ContextDocument;
  data: LineTokens;
  score: number;
  firstLine: number;
  /** Exclusive. */
  endLine: number;
  /** Query words as this document's ids. */
  queryIds: Set<number>;
}

// Scratch arrays reused across documents and calls (grown to the largest vocabulary seen).
let inQuery = new Uint8Array(1024);
let counts = new Int32Array(1024);

type Best = Pick<Candidate, 'score' | 'firstLine' | 'endLine'>;
const MAX_REMEMBERED = 64;

function bestWindow(doc: ContextDocument, query: Set<string>, windowLines: number): Candidate | undefined {
  const data = lineTokens(doc);
  const queryIds = new Set<number>();
  for (const word of query) {
    const id = data.vocab.get(word);
    if (id !== undefined) queryIds.add(id);
  }
  // No window can beat |shared words| / |query| (it would have to hold exactly those words).
  if (queryIds.size / query.size < MIN_SIMILARITY) return undefined;
  // The scan depends only on which of the document's words are asked for and how many words
  // are: most keystrokes (a word being typed that no other file has yet) change neither.
  const key = `${windowLines} ${query.size} ${[...queryIds].sort((a, b) => a - b).join(' ')}`;
  const remembered = perDocument('similar.best', doc, () => new Map<string, Best | undefined>());
  let best = remembered.get(key);
  if (!remembered.has(key)) {
    best = scanWindows(data, queryIds, query.size, windowLines);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(key, best);
  }
  return best && { doc, data, ...best, queryIds };
}

/** The first window of `windowLines` lines with the highest Jaccard similarity to the query, if over MIN_SIMILARITY. */
function scanWindows(
  data: LineTokens,
  queryIds: Set<number>,
  querySize: number,
  windowLines: number,
): Best | undefined {
  const size = data.vocab.size;
  if (inQuery.length < size) {
    inQuery = new Uint8Array(size * 2);
    counts = new Int32Array(size * 2);
  }
  inQuery.fill(0, 0, size);
  counts.fill(0, 0, size);
  for (const id of queryIds) inQuery[id] = 1;
  const { ids, lineIds } = data;
  const n = lineCount(data);
  const span = Math.min(windowLines, n);
  let distinct = 0;
  let shared = 0;
  let bestScore = -1;
  let bestFirst = 0;
  for (let i = 0; i < n; i++) {
    for (let k = lineIds[i], end = lineIds[i + 1]; k < end; k++) {
      const id = ids[k];
      if (counts[id]++ === 0) {
        distinct++;
        shared += inQuery[id];
      }
    }
    if (i >= span) {
      for (let k = lineIds[i - span], end = lineIds[i - span + 1]; k < end; k++) {
        const id = ids[k];
        if (--counts[id] === 0) {
          distinct--;
          shared -= inQuery[id];
        }
      }
    }
    if (i < span - 1 || shared === 0) continue;
    const score = shared / (querySize + distinct - shared);
    if (score > bestScore) {
      bestScore = score;
      bestFirst = i - span + 1;
    }
  }
  if (bestScore < MIN_SIMILARITY) return undefined;
  return { score: bestScore, firstLine: bestFirst, endLine: bestFirst + span };
}

/** Code in other open documents like the lines before the cursor; at most 10% of the budget. */
export const similarSource: ContextSource = {
  name: 'similar',
  place: 'files',
  share: () => 0.1,
  collect: (req, budget) => ({ snippets: similarSnippets(req.current, req.cursor, budget, req.others) }),
};

/** Similar windows from `others`, best first, within `budget` tokens in total (file overheads included). */
function similarSnippets(
  doc: ContextDocument,
  cursor: number,
  budget: number,
  others: readonly ContextDocument[],
): Snippet[] {
  const q = similarityQuery(doc.text, cursor);
  const query = identifierSet(q.text);
  if (query.size < MIN_QUERY_SIZE) return [];
  const found: Candidate[] = [];
  for (const other of others) {
    const best = bestWindow(other, query, q.lines);
    if (best) found.push(best);
  }
  found.sort((a, b) => b.score - a.score || compare(a.doc.path, b.doc.path) || a.firstLine - b.firstLine);
  const out: Snippet[] = [];
  let left = budget;
  for (const c of found) {
    if (out.length === MAX_SIMILAR) break;
    const overhead = snippetOverhead(c.doc.path);
    const snippet = fitWithin(c, left - overhead, q.lines);
    if (!snippet) continue;
    out.push(snippet);
    left -= estimateTokens(snippet.text) + overhead;
  }
  return out;
}

/**
 * The window as a snippet, without blank lines at its ends; when it is over `budget`, end lines
 * sharing the fewest words with the query are dropped, down to half the window.
 */
function fitWithin(c: Candidate, budget: number, windowLines: number): Snippet | undefined {
  if (budget <= 0) return undefined;
  const { data, doc } = c;
  const text = doc.text;
  const lineText = (i: number): string => text.slice(data.lineStarts[i], data.lineStarts[i + 1]);
  let first = c.firstLine;
  let last = c.endLine - 1;
  while (first <= last && lineText(first).trim() === '') first++;
  while (last >= first && lineText(last).trim() === '') last--;
  if (first > last) return undefined;
  const shared = (i: number): number => {
    let n = 0;
    for (let k = data.lineIds[i]; k < data.lineIds[i + 1]; k++) if (c.queryIds.has(data.ids[k])) n++;
    return n;
  };
  let units = 0;
  for (let i = first; i <= last; i++) units += tokenUnits(lineText(i));
  const minLines = Math.ceil(windowLines / 2);
  while (unitsToTokens(units + tokenUnits('\n')) > budget) {
    if (last - first + 1 <= minLines) return undefined;
    if (shared(first) < shared(last)) units -= tokenUnits(lineText(first++));
    else units -= tokenUnits(lineText(last--));
  }
  const start = data.lineStarts[first];
  const body = text.slice(start, data.lineStarts[last + 1]).replace(/\s+$/, '');
  return {
    source: 'similar',
    path: doc.path,
    range: { start, end: start + body.length },
    text: `${body}\n`,
    score: c.score,
    priority: PRIORITY.similar,
  };
}
