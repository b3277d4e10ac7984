import * as fs from 'node:fs';
import * as path from 'node:path';
import { Query } from 'web-tree-sitter';
import { grammarsDir, loadedLanguage } from './registry';

/** The query files every grammar folder holds (grammars/<name>/<kind>.scm); see grammars/README.md. */
export const QUERY_KINDS = ['blocks', 'scopes', 'imports', 'definitions', 'comments-strings'] as const;
export type QueryKind = (typeof QUERY_KINDS)[number];

export class QueryLoadError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    super(`arbor-ls: invalid tree-sitter query in ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'QueryLoadError';
  }
}

// Compiled once per (grammar, kind) for the life of the process; null = no such file.
const cache = new Map<string, Query | null>();

export function queryFile(grammarName: string, kind: QueryKind, dir = grammarsDir()): string {
  return path.join(dir, grammarName, `${kind}.scm`);
}

/**
 * The compiled query, cached, or undefined when the grammar is not loaded yet or has no such
 * file. Throws QueryLoadError (naming the file) when the file does not compile against the grammar.
 */
export function getQuery(grammarName: string, kind: QueryKind): Query | undefined {
  const key = `${grammarName}/${kind}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  if (!loadedLanguage(grammarName)) return undefined; // not cached: the grammar may finish loading later
  const query = loadQuery(grammarName, kind);
  cache.set(key, query ?? null);
  return query;
}

/** Reads and compiles one query file from `dir` (uncached); the caller owns the result. */
export function loadQuery(grammarName: string, kind: QueryKind, dir = grammarsDir()): Query | undefined {
  const language = loadedLanguage(grammarName);
  if (!language) return undefined;
  const source = readQuerySource(grammarName, kind, dir, new Set());
  if (source === undefined) return undefined;
  try {
    return new Query(language, source);
  } catch (err) {
    throw new QueryLoadError(queryFile(grammarName, kind, dir), err);
  }
}

/**
 * A query file's text with the files it inherits prepended. A first line `; inherits: typescript`
 * (the nvim-treesitter convention) pulls in grammars/typescript/<same kind>.scm, so tsx only
 * holds what JSX adds.
 */
function readQuerySource(grammarName: string, kind: QueryKind, dir: string, visiting: Set<string>): string | undefined {
  const file = queryFile(grammarName, kind, dir);
  if (visiting.has(grammarName)) throw new QueryLoadError(file, 'inherits cycle');
  visiting.add(grammarName);
  let own: string;
  try {
    own = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const inherits = /^;+\s*inherits\s*:\s*([\w, -]+)/.exec(own);
  if (!inherits) return own;
  const parents = inherits[1]
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const inherited = parents.map((parent) => {
    const text = readQuerySource(parent, kind, dir, new Set(visiting));
    if (text === undefined)
      throw new QueryLoadError(file, `inherits "${parent}" but ${queryFile(parent, kind, dir)} is missing`);
    return text;
  });
  return [...inherited, own].join('\n');
}

/**
 * A query's captures or matches run synchronously and have no time limit of their own; on deeply
 * nested trees (20,000 unclosed `{`) one call took seconds and blocked every other request. Past
 * this budget the query stops and its callers work with what it found so far.
 */
export const QUERY_BUDGET_MS = 100;

/** Query options with a deadline of QUERY_BUDGET_MS from now. */
export function withBudget<T extends object>(options: T): T & { progressCallback: () => void } {
  const deadline = performance.now() + QUERY_BUDGET_MS;
  // The callback's `true` cancels the query (web-tree-sitter's typings say void).
  return { ...options, progressCallback: (() => performance.now() > deadline) as unknown as () => void };
}
