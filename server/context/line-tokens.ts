import { perDocument } from './document-cache';
import { isStopWord } from './identifiers';

/** A document's identifiers per line, computed once per text (similarity windows, name lookups). */
export interface LineTokens {
  /** Identifier → local id. */
  vocab: Map<string, number>;
  /** The identifiers sorted, for prefix lookups. */
  sorted: string[];
  /** Distinct local ids of every line, flat: line i holds ids[lineIds[i] .. lineIds[i + 1]). */
  ids: Int32Array;
  lineIds: Int32Array;
  /** Offset of each line start, then the text length. */
  lineStarts: number[];
}

export function lineTokens(doc: { uri: string; text: string }): LineTokens {
  return perDocument('line-tokens', doc, () => tokenizeLines(doc.text));
}

// Identifiers (as IDENTIFIER) or a line break: one pass over the whole text, no slicing per line.
const WORD_OR_BREAK = /[A-Za-z_$][A-Za-z0-9_$]*|\n/g;

/**
 * Recomputed for every other open document whose text changed (the first completion after
 * switching files), so it is a single regular-expression pass: 9 -> 3 ms at 5k lines.
 */
export function tokenizeLines(text: string): LineTokens {
  const vocab = new Map<string, number>();
  const ids: number[] = [];
  const lineIds: number[] = [0];
  const lineStarts: number[] = [0];
  // Per id, the last line it was counted on (line numbers start at 1 here; 0 = never).
  let lastLine = new Int32Array(1024);
  let line = 1;
  WORD_OR_BREAK.lastIndex = 0;
  for (let m = WORD_OR_BREAK.exec(text); m !== null; m = WORD_OR_BREAK.exec(text)) {
    const word = m[0];
    if (word === '\n') {
      line++;
      lineStarts.push(m.index + 1);
      lineIds.push(ids.length);
      continue;
    }
    if (isStopWord(word)) continue;
    let id = vocab.get(word);
    if (id === undefined) {
      vocab.set(word, (id = vocab.size));
      if (id >= lastLine.length) {
        const grown = new Int32Array(lastLine.length * 2);
        grown.set(lastLine);
        lastLine = grown;
      }
    }
    if (lastLine[id] !== line) {
      lastLine[id] = line;
      ids.push(id);
    }
  }
  lineStarts.push(text.length);
  lineIds.push(ids.length);
  const sorted = [...vocab.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { vocab, sorted, ids: Int32Array.from(ids), lineIds: Int32Array.from(lineIds), lineStarts };
}

export function lineCount(tokens: LineTokens): number {
  return tokens.lineStarts.length - 1;
}

/** Whether the document uses any word starting with `prefix`. */
export function hasWordWithPrefix(tokens: LineTokens, prefix: string): boolean {
  let lo = 0;
  let hi = tokens.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens.sorted[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < tokens.sorted.length && tokens.sorted[lo].startsWith(prefix);
}
