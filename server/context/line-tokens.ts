import { perDocument } from './document-cache';
import { IDENTIFIER, isStopWord } from './identifiers';

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
  return perDocument('line-tokens', doc, () => {
    const vocab = new Map<string, number>();
    const ids: number[] = [];
    const lineIds: number[] = [];
    const lineStarts: number[] = [];
    const text = doc.text;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl === -1 ? text.length : nl + 1;
      lineStarts.push(start);
      lineIds.push(ids.length);
      const seen = new Set<number>();
      for (const m of text.slice(start, end).matchAll(IDENTIFIER)) {
        if (isStopWord(m[0])) continue;
        let id = vocab.get(m[0]);
        if (id === undefined) vocab.set(m[0], (id = vocab.size));
        if (!seen.has(id)) {
          seen.add(id);
          ids.push(id);
        }
      }
      if (nl === -1) break;
      start = end;
    }
    lineStarts.push(text.length);
    lineIds.push(ids.length);
    const sorted = [...vocab.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { vocab, sorted, ids: Int32Array.from(ids), lineIds: Int32Array.from(lineIds), lineStarts };
  });
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
