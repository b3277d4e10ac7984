import { Parser, type Tree } from 'web-tree-sitter';
import { grammarFor, loadLanguage, loadedLanguage, type GrammarEntry } from './registry';

export type DebugLog = (msg: string) => void;

// Parsing is synchronous, so one parser per language is enough for the whole process.
const parsers = new Map<string, Parser>();

/** A cached parser for an already loaded grammar. Owned by this module: never delete it. */
export function parserFor(grammarName: string): Parser | undefined {
  let parser = parsers.get(grammarName);
  if (parser) return parser;
  const language = loadedLanguage(grammarName);
  if (!language) return undefined;
  parser = new Parser();
  parser.setLanguage(language);
  parsers.set(grammarName, parser);
  return parser;
}

/**
 * A second parser per language for background parses cut into slices (DocumentTree.parseStep): a
 * parse cancelled by its progress callback resumes where it stopped on the next call with the
 * same input, as long as nothing else uses the parser meanwhile, so it cannot be the shared one.
 */
const slicers = new Map<string, { parser: Parser; owner: object | undefined }>();

export function slicingParserFor(grammarName: string): { parser: Parser; owner: object | undefined } | undefined {
  let slicer = slicers.get(grammarName);
  if (slicer) return slicer;
  const language = loadedLanguage(grammarName);
  if (!language) return undefined;
  const parser = new Parser();
  parser.setLanguage(language);
  slicer = { parser, owner: undefined };
  slicers.set(grammarName, slicer);
  return slicer;
}

/**
 * The grammar for a document, loaded (lazily, once per process). Undefined when the language has
 * no grammar or its wasm failed to load — the document is then plain text.
 */
export async function ensureLanguage(
  languageId: string,
  uri: string,
  debug?: DebugLog,
): Promise<GrammarEntry | undefined> {
  const entry = grammarFor(languageId, uri);
  if (!entry) {
    debug?.(`syntax: no grammar for languageId "${languageId}" (${uri}); plain text`);
    return undefined;
  }
  try {
    await loadLanguage(entry);
    return entry;
  } catch (err) {
    debug?.(`syntax: grammar "${entry.name}" failed to load (${String(err)}); plain text`);
    return undefined;
  }
}

/**
 * Tree-sitter's error recovery is superlinear on some garbage (100 KB of it took over 20 s), and a
 * parse blocks the event loop, so no request deadline could fire. A parse that runs longer than
 * this is cancelled and the text is treated as plain text.
 */
export const PARSE_BUDGET_MS = 2000;

/** What a parse reads: the text, or a function serving it in chunks from a JS string index (empty at the end). */
export type ParseInput = string | ((index: number) => string);

/**
 * Parse input for `text` with [start, end) replaced by `insert`, served from the pieces. Building
 * the edited text would copy the whole document for every probe (about 0.3 ms at 200 KB), while an
 * incremental parse reads only a few chunks around the edit.
 */
export function splicedInput(text: string, start: number, end: number, insert: string): ParseInput {
  const CHUNK = 4096;
  const shift = insert.length - (end - start);
  return (index) => {
    if (index < start) return text.slice(index, Math.min(start, index + CHUNK));
    if (index < start + insert.length) return insert.slice(index - start, index - start + CHUNK);
    return text.slice(index - shift, index - shift + CHUNK);
  };
}

/** Parses within PARSE_BUDGET_MS; undefined when cancelled (the parser is reset for the next use). */
export function boundedParse(parser: Parser, text: ParseInput, oldTree: Tree | null = null): Tree | undefined {
  const deadline = performance.now() + PARSE_BUDGET_MS;
  // The callback's `true` cancels the parse (web-tree-sitter's typings say void).
  const progressCallback = (() => performance.now() > deadline) as unknown as () => void;
  const tree = parser.parse(text, oldTree, { progressCallback });
  if (tree) return tree;
  parser.reset();
  return undefined;
}

/** Sync full parse with an already loaded grammar; the caller frees the tree. */
export function parseText(grammarName: string, text: string): Tree | undefined {
  const parser = parserFor(grammarName);
  return parser ? boundedParse(parser, text) : undefined;
}

/** Incremental parse: `oldTree` must already carry the edits that turned its text into `text`. */
export function reparse(grammarName: string, text: ParseInput, oldTree: Tree | undefined): Tree | undefined {
  const parser = parserFor(grammarName);
  return parser ? boundedParse(parser, text, oldTree ?? null) : undefined;
}
