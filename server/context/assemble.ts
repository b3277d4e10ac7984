import type { FimInput } from '../model/input';
import { redactSecrets } from '../privacy/redact';
import type { SyntaxDocument } from '../syntax/document-tree';
import { documentEol, lineStartAt } from '../text/lines';
import { ContextFileSet, contextFileTokens, renderContextFiles } from './context-files';
import { prepareDefinitionIndex } from './definitions';
import { lineTokens } from './line-tokens';
import { compare } from './order';
import { PRIORITY, type ContextDocument, type Snippet } from './snippet';
import type { Collected, ContextRequest, ContextSource } from './source';
import { CONTEXT_SOURCES } from './sources';
import { estimateTokens } from './tokens';
import { lineEndAfter, prefixWindow, suffixWindow, type Window } from './windows';
import { displayPath, repositoryName } from '../workspace-path';
import type { WorkspaceContext } from './workspace-definitions';

export interface OpenDocumentInput {
  uri: string;
  languageId: string;
  text: string;
  /** Its syntax tree (a DocumentTree); used only when its text is exactly `text`. */
  doc?: SyntaxDocument;
}

export interface BuildFimArgs extends OpenDocumentInput {
  /** Cursor, as a JS string offset into `text`. */
  offset: number;
  /** Every open document (the current one may be among them; it is skipped). */
  openDocuments: Iterable<OpenDocumentInput>;
  /** completion.contextTokens: the most the returned input may cost, by estimateTokens (tokens.ts). */
  budgetTokens: number;
  workspaceFolders: readonly string[];
  /** The privacy matcher (createExclusionMatcher): excluded documents never contribute. */
  isExcluded: (uriOrPath: string) => boolean;
  /**
   * The `// Path: …` comment at the top of the prefix when no context file is sent (default true;
   * with context files the FIM template names the current file itself).
   */
  header?: boolean;
  /** The workspace definitions index: definitions of names from files that are not open. */
  workspace?: WorkspaceContext;
}

export type { FimInput };

export interface FimBuild {
  input: FimInput;
  /** What was used, in budget priority order, texts as sent (redacted). */
  snippets: Snippet[];
  /** estimateTokens of prefix + suffix + context files (paths, texts, FILE_OVERHEAD_TOKENS each); <= budgetTokens. */
  tokens: number;
}

/**
 * Shares of the budget for the lines right around the cursor, spent first; then the context
 * sources (sources.ts), each within its own share; whatever is left widens the prefix (3/4) and
 * the suffix (1/4).
 */
const PREFIX_NEAR_SHARE = 0.35;
const SUFFIX_NEAR_SHARE = 0.1;
const FAR_PREFIX_SHARE = 0.75;

/**
 * What the model sees for a fill-in-the-middle completion at `offset`. Deterministic: the same
 * arguments give the same input byte for byte (others are ordered by path, ties broken by
 * offsets and text, never by iteration or cache order). Secrets are masked (redactSecrets).
 */
export function buildFimInput(args: BuildFimArgs): FimBuild {
  const budget = Number.isFinite(args.budgetTokens) ? Math.max(0, Math.floor(args.budgetTokens)) : 0;
  const current = contextDocument(args, args.workspaceFolders);
  const empty: FimBuild = {
    input: { kind: 'fim', prefix: '', suffix: '', filePath: current.path, languageId: args.languageId, context: [] },
    snippets: [],
    tokens: 0,
  };
  if (args.isExcluded(args.uri)) return empty; // callers should not ask; never leak if they do
  const text = current.text;
  const cursor = Number.isFinite(args.offset)
    ? Math.min(Math.max(0, Math.floor(args.offset)), text.length)
    : text.length;
  const others = otherDocuments(args);

  // 1. The lines around the cursor. The cursor line's own text is never cut while the budget can hold it.
  const cursorLineBefore = estimateTokens(text.slice(lineStartAt(text, cursor), cursor));
  let prefix = prefixWindow(
    text,
    cursor,
    Math.min(budget, Math.max(Math.floor(budget * PREFIX_NEAR_SHARE), cursorLineBefore)),
  );
  const cursorLineAfter = estimateTokens(text.slice(cursor, lineEndAfter(text, cursor)));
  let suffix = suffixWindow(
    text,
    cursor,
    Math.min(budget - prefix.tokens, Math.max(Math.floor(budget * SUFFIX_NEAR_SHARE), cursorLineAfter)),
  );
  let left = budget - prefix.tokens - suffix.tokens;

  // 2. The context sources, in list order, each within what is left and its share.
  const request: ContextRequest = {
    current,
    cursor,
    windowStart: prefix.start,
    others,
    workspace: args.workspace,
    header: args.header !== false,
  };
  const files = new ContextFileSet();
  // What goes above the prefix window, with the means to render it again for a wider window.
  const above: { source: ContextSource; snippets: Snippet[]; rerender: Collected['rerender'] }[] = [];
  const poolSpent = new Map<string, number>();
  for (const source of CONTEXT_SOURCES) {
    if (source.enabled && !source.enabled(request)) continue;
    const pool = source.pool ?? source.name;
    const share = source.share?.(request);
    const cap = share === undefined ? left : Math.min(left, Math.floor(budget * share) - (poolSpent.get(pool) ?? 0));
    const found = source.collect(request, cap);
    const took = source.place === 'files' ? files.take(found.snippets, cap) : tokensOf(found.snippets);
    left -= took;
    poolSpent.set(pool, (poolSpent.get(pool) ?? 0) + took);
    if (source.place === 'above') above.push({ source, snippets: found.snippets, rerender: found.rerender });
  }
  // The FIM templates name the current file themselves whenever they lay out context files
  // (prompt/fim-templates.ts): the header is kept only without them, so the path appears once.
  for (const a of above) if (a.source.onlyWithoutFiles && files.snippets.length > 0) a.snippets = [];

  // 3. The rest widens the windows. A wider prefix may swallow imports and signatures shown
  // separately: they are dropped and the tokens freed go round again.
  const spent = (): number =>
    prefix.tokens + suffix.tokens + above.reduce((sum, a) => sum + tokensOf(a.snippets), 0) + files.tokens;
  for (let round = 0; round < 4; round++) {
    const before = spent();
    if (budget - before <= 0) break;
    prefix = prefixWindow(text, cursor, prefix.tokens + Math.ceil((budget - before) * FAR_PREFIX_SHARE), prefix);
    suffix = suffixWindow(text, cursor, suffix.tokens + (budget - spent()), suffix);
    for (const a of above) if (a.rerender) a.snippets = a.rerender(tokensOf(a.snippets), prefix.start);
    if (spent() === before) break;
  }

  above.sort((a, b) => (a.source.aboveOrder ?? 0) - (b.source.aboveOrder ?? 0));
  const built = render(
    current,
    cursor,
    prefix,
    suffix,
    above.flatMap((a) => a.snippets),
    files,
  );
  const repoName = repositoryName(args.uri, args.workspaceFolders);
  if (repoName) built.input.repoName = repoName;
  return built;
}

function render(
  current: ContextDocument,
  cursor: number,
  prefix: Window,
  suffix: Window,
  above: Snippet[],
  files: ContextFileSet,
): FimBuild {
  const hint = { path: current.path, languageId: current.languageId };
  // The two windows are redacted as one text so a secret spanning the cursor is still recognised.
  const around = redactSecrets(prefix.text + suffix.text, hint).text;
  const windowSnippets: Snippet[] = [
    {
      source: 'prefix',
      path: current.path,
      range: { start: prefix.start, end: cursor },
      text: around.slice(0, prefix.text.length),
      score: 1,
      priority: PRIORITY.prefixNear,
    },
    {
      source: 'suffix',
      path: current.path,
      range: { start: cursor, end: suffix.end },
      text: around.slice(prefix.text.length),
      score: 1,
      priority: PRIORITY.suffixNear,
    },
  ];
  const aboveRedacted = above.map((s) => ({ ...s, text: redactSecrets(s.text, hint).text }));
  const otherRedacted = files.snippets.map((s) => ({ ...s, text: redactSecrets(s.text, { path: s.path }).text }));
  const context = renderContextFiles(otherRedacted);

  const input: FimInput = {
    kind: 'fim',
    prefix: aboveRedacted.map((s) => s.text).join('') + windowSnippets[0].text,
    suffix: windowSnippets[1].text,
    filePath: current.path,
    languageId: current.languageId,
    context,
  };
  const snippets = [...windowSnippets, ...aboveRedacted, ...otherRedacted].sort(
    (a, b) =>
      a.priority - b.priority || compare(a.path, b.path) || a.range.start - b.range.start || compare(a.text, b.text),
  );
  return {
    input,
    snippets,
    tokens: estimateTokens(input.prefix) + estimateTokens(input.suffix) + contextFileTokens(context),
  };
}

/**
 * Computes, ahead of need, what completions in other documents read from this one: its words per
 * line (similar snippets, name lookups) and its definition index. Both are kept per exact text, so
 * the first completion after switching files finds them ready (each costs ~10 ms at 5k lines).
 * Returns the steps, to be run one per event-loop turn.
 */
export function preparationSteps(d: OpenDocumentInput, folders: readonly string[]): Array<() => void> {
  const doc = contextDocument(d, folders);
  return [() => lineTokens(doc), () => prepareDefinitionIndex(doc)];
}

function contextDocument(d: OpenDocumentInput, folders: readonly string[]): ContextDocument {
  return {
    uri: d.uri,
    path: displayPath(d.uri, folders),
    languageId: d.languageId,
    text: d.text,
    eol: documentEol(d.text),
    syntax: d.doc && d.doc.text === d.text ? d.doc : undefined,
  };
}

/** Open documents other than the current one, not excluded, once each, ordered by path then URI. */
function otherDocuments(args: BuildFimArgs): ContextDocument[] {
  const out: ContextDocument[] = [];
  for (const d of args.openDocuments) {
    if (d.uri === args.uri || d.text === '' || args.isExcluded(d.uri)) continue;
    out.push(contextDocument(d, args.workspaceFolders));
  }
  out.sort((a, b) => compare(a.path, b.path) || compare(a.uri, b.uri));
  return out.filter((d, i) => i === 0 || d.uri !== out[i - 1].uri);
}

function tokensOf(snippets: readonly Snippet[]): number {
  return snippets.reduce((sum, s) => sum + estimateTokens(s.text), 0);
}
