/**
 * Code as a sequence of interned tokens for the offline engine: words, numbers, single punctuation
 * characters and line breaks. Indentation and spaces are not tokens, so the same code indented
 * differently matches; consecutive line breaks count as one.
 */

/** Separates documents in a token stream; never appears in a query, so no match crosses it. */
export const SEP = 0;
export const NL = 1;

function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** ASCII letters, digits, `_`, `$`, and every non-ASCII character that is not a space (identifiers in any script). */
function isWordChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 95 ||
    c === 36 ||
    (c >= 0x80 && !isSpace(c))
  );
}

/** Token text ↔ id. Shared by every document of one index. */
export class Vocab {
  /** SEP has no text, so no token of any document can turn into it. */
  private readonly ids = new Map<string, number>([['\n', NL]]);
  readonly strings: string[] = ['', '\n'];

  /** Ids of single ASCII characters, the most frequent tokens, without building a string. */
  private readonly asciiIds = new Int32Array(128).fill(-1);

  /** The id of the one-character token `code` (< 128); -1 when unknown and `intern` is false. */
  char(code: number, intern: boolean): number {
    let id = this.asciiIds[code];
    if (id < 0) {
      const token = String.fromCharCode(code);
      id = intern ? this.intern(token) : this.lookup(token);
      if (id >= 0) this.asciiIds[code] = id;
    }
    return id;
  }

  intern(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(token, id);
      this.strings.push(token);
    }
    return id;
  }

  /** The id, or -1 for a token no document contains (it can match nothing). */
  lookup(token: string): number {
    return this.ids.get(token) ?? -1;
  }
}

export interface Scan {
  /** Token ids; with `intern` false, -1 for tokens the vocabulary does not know. */
  ids: Int32Array;
  /** Offset of each token's first and past-last character. */
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

/**
 * Tokenises `text` straight into ids. A hand-written scanner: its speed bounds indexing, and the
 * re-indexing of the document being edited before each query.
 */
export function scan(text: string, vocab: Vocab, intern: boolean): Scan {
  const length = text.length;
  const ids = new Int32Array(length);
  const starts = new Int32Array(length);
  const ends = new Int32Array(length);
  let count = 0;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      if (count > 0 && ids[count - 1] !== NL) {
        ids[count] = NL;
        starts[count] = i;
        ends[count++] = i + 1;
      }
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    const start = i++;
    if (c >= 48 && c <= 57) {
      // Numbers keep their dots and suffixes: 1.5e3, 0xff, 10n.
      while (i < length && (isWordChar(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) i++;
    } else if (isWordChar(c)) {
      while (i < length && isWordChar(text.charCodeAt(i))) i++;
    }
    if (i === start + 1 && c < 128) ids[count] = vocab.char(c, intern);
    else {
      const token = text.slice(start, i);
      ids[count] = intern ? vocab.intern(token) : vocab.lookup(token);
    }
    starts[count] = start;
    ends[count++] = i;
  }
  return { ids, starts, ends, count };
}

/** True when `text` ends inside a word (the cursor is after a partly typed identifier). */
export function endsInWord(text: string): boolean {
  return text.length > 0 && isWordChar(text.charCodeAt(text.length - 1));
}
