import {
  type CompletionList,
  type CompletionParams,
  type Connection,
  type InlineCompletionList,
  type InlineCompletionParams,
  InlineCompletionTriggerKind,
  type Position,
  type Range,
} from 'vscode-languageserver';
import type { CodeReferencing, Review } from '../../coderef/code-referencing';
import type { CompletionEngine } from '../../completion/engine';
import type { ServerContext } from '../context';
import { fromUtf16Column, lineText } from '../encoding';
import type { Feature } from '../feature';
import { answer, requireDocumentPosition } from '../requests';
import { MessageType } from 'vscode-languageserver';
import { type CompletionInsertion, completionInsertion } from './completion-clients';
import { completionItems, inlineItems } from './completion-items';

const EMPTY_LIST: CompletionList = { isIncomplete: true, items: [] };
const EMPTY_INLINE: InlineCompletionList = { items: [] };

/**
 * Resolves the request's document and cursor once, at the edge. The cursor is kept in client units
 * as the request found the text: the answer's ranges are computed from it, because the document
 * object is updated in place by edits that arrive while the model runs.
 */
function locate(ctx: ServerContext, params: unknown) {
  const { uri, line, character } = requireDocumentPosition(params);
  const entry = ctx.requireDocument(uri);
  const offset = ctx.positions.toOffset(entry.doc, { line, character });
  const at = entry.doc.positionAt(offset);
  const lineBefore = lineText(entry.doc, at.line).slice(0, at.character);
  const cursor = { line: at.line, character: fromUtf16Column(lineBefore, lineBefore.length, ctx.positions.encoding) };
  return { uri, entry, offset, lineBefore, cursor };
}

/** The range from `chars` UTF-16 units before the cursor (on its line) to the cursor, in client units. */
function rangeBefore(ctx: ServerContext, lineBefore: string, cursor: Position, chars: number): Range {
  const start = fromUtf16Column(lineBefore, lineBefore.length - chars, ctx.positions.encoding);
  return { start: { line: cursor.line, character: start }, end: cursor };
}

/** Longest snippet text in an arbor/contextReport answer (the rest is cut with an ellipsis). */
const REPORT_TEXT_MAX = 4000;

/** Most distinct code-reference log lines remembered (each is logged once). */
const LOGGED_MAX = 256;

/**
 * Code referencing on an engine answer (server/coderef): the suggestions kept, with their notes; a
 * window/logMessage per distinct reference, a window/showMessage per distinct withheld origin.
 */
export function referenced(
  ctx: ServerContext,
  refs: CodeReferencing | undefined,
  choices: string[],
  logged: Set<string>,
): Review {
  const review: Review = refs
    ? refs.review(choices)
    : { kept: choices.map((text) => ({ text })), log: [], withheld: [] };
  for (const line of review.log) {
    if (logged.has(line)) continue;
    if (logged.size >= LOGGED_MAX) logged.clear();
    logged.add(line);
    ctx.log().info(line);
    void ctx.connection.sendNotification('window/logMessage', { type: MessageType.Info, message: `arbor-ls: ${line}` });
  }
  for (const message of review.withheld) ctx.notifyOnce('info', message);
  return review;
}

/** textDocument/completion: the menu path (Helix, eglot, nvim-cmp, Neovim's omnifunc). */
export function completionFeature(ctx: ServerContext, engine: () => CompletionEngine, refs?: CodeReferencing): Feature {
  const logged = new Set<string>();
  // How this client inserts items (completion-clients.ts): Neovim's omnifunc before 0.11 gets
  // single-line items, Neovim 0.11+'s vim.lsp.completion multi-line ones as snippets.
  let insertion: CompletionInsertion = 'text-edit';
  return {
    name: 'completion',
    capabilities: (client) => {
      insertion = completionInsertion(ctx.clientInfo, client);
      if (insertion !== 'text-edit')
        ctx
          .log()
          .info({ client: ctx.clientInfo, insertion }, 'completion items shaped for how this client inserts them');
      return {
        completionProvider: { resolveProvider: false, triggerCharacters: ['.', '(', '[', '{', ',', ':', '=', ' '] },
      };
    },
    attach(connection: Connection) {
      // arbor/contextReport (PROTOCOL.md): why the model did or did not know a symbol.
      connection.onRequest(
        'arbor/contextReport',
        answer(ctx.log, { method: 'arbor/contextReport', empty: null }, async (params: CompletionParams) => {
          const { uri, offset } = locate(ctx, params);
          const build = await engine().contextReport(uri, offset);
          if (!build)
            return {
              budgetTokens: ctx.config.current['completion.contextTokens'],
              tokens: 0,
              snippets: [],
              note: 'no prompt is built for this document (excluded, or binary)',
            };
          return {
            budgetTokens: ctx.config.current['completion.contextTokens'],
            tokens: build.tokens,
            snippets: build.snippets.map((sn) => ({
              source: sn.source,
              path: sn.path,
              range: sn.range,
              priority: sn.priority,
              score: Number(sn.score.toFixed(3)),
              text: sn.text.length > REPORT_TEXT_MAX ? `${sn.text.slice(0, REPORT_TEXT_MAX)}…` : sn.text,
            })),
          };
        }),
      );
      connection.onCompletion(
        answer(
          ctx.log,
          { method: 'textDocument/completion', empty: EMPTY_LIST },
          async (params: CompletionParams, _token, signal) => {
            const { uri, entry, offset, lineBefore, cursor } = locate(ctx, params);
            const result = await engine().complete({ uri, offset, choices: 1, signal });
            if (result.kind !== 'ok') return EMPTY_LIST;
            // The engine's replace start is in the text this handler located the cursor in (same turn).
            const word = lineBefore.slice(lineBefore.length - (offset - result.replaceStart));
            const range = rangeBefore(ctx, lineBefore, cursor, word.length);
            const { kept } = referenced(ctx, refs, result.choices, logged);
            const shape = { insertion, indent: /^[ \t]*/.exec(lineBefore)![0] };
            // isIncomplete: the client asks again as the user types; the typeahead cache answers those.
            return {
              isIncomplete: true,
              items: completionItems(
                word,
                kept.map((k) => k.text),
                range,
                entry.languageId,
                shape,
                kept.map((k) => k.note),
              ),
            };
          },
        ),
      );
    },
  };
}

/** textDocument/inlineCompletion (LSP 3.18): ghost text; registered only when the client declares it. */
export function inlineCompletionFeature(
  ctx: ServerContext,
  engine: () => CompletionEngine,
  refs?: CodeReferencing,
): Feature {
  const logged = new Set<string>();
  return {
    name: 'inline-completion',
    capabilities: (client) =>
      client.textDocument && 'inlineCompletion' in client.textDocument ? { inlineCompletionProvider: true } : {},
    attach(connection: Connection) {
      connection.languages.inlineCompletion.on(
        answer(
          ctx.log,
          { method: 'textDocument/inlineCompletion', empty: EMPTY_INLINE },
          async (params: InlineCompletionParams, _token, signal) => {
            const { uri, offset, lineBefore, cursor } = locate(ctx, params);
            const invoked = params.context?.triggerKind === InlineCompletionTriggerKind.Invoked;
            const choices = invoked ? ctx.config.current['completion.choices'] : 1;
            const result = await engine().complete({ uri, offset, choices, signal });
            if (result.kind !== 'ok') return EMPTY_INLINE;
            // Ghost text has no documentation: the origin is in the log (window/logMessage).
            const { kept } = referenced(ctx, refs, result.choices, logged);
            return {
              items: inlineItems(
                kept.map((k) => k.text),
                rangeBefore(ctx, lineBefore, cursor, 0),
              ),
            };
          },
        ),
      );
    },
  };
}
