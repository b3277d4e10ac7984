/**
 * Resolving an action: check the document is still the listed version, ask the model, fit its
 * answer to the target, check the result with tree-sitter, and return the edit — or a typed
 * refusal with a message for the user. Knows nothing of JSON-RPC (the LSP edge does that).
 */
import * as path from 'node:path';
import { onlyDocumentationChanged } from './code-unchanged';
import { type Backend, BackendError } from '../backends/types';
import type { Config } from '../config/schema';
import { displayPath } from '../workspace-path';
import type { DocumentStore } from '../documents/store';
import type { Logger } from '../log/logger';
import {
  checkEditTarget,
  describeRefusal,
  readWorkspaceFile,
  type ReadResult,
  toFilePath,
} from '../privacy/guarded-reader';
import { addsSyntaxErrors, countErrors, parseText, scopeChain, type DocumentTree } from '../syntax/analysis';
import { codeFromAnswer, proseFromAnswer } from './answer';
import type { ActionData } from './data';
import {
  commentAbove,
  type PlannedEdit,
  replaceTarget,
  type Span,
  testsAfter,
  testsAppended,
  testsFile,
} from './edits';
import { indentStyle } from './indentation';
import { documentEol } from '../text/lines';
import { buildActionPrompt, type PromptInput } from './prompts';
import { maskedSpans, redactStable, restoreSecrets } from './secrets';
import { testFileUri } from './test-files';

export interface ResolverDeps {
  documents: DocumentStore;
  trees: { get(uri: string): Promise<DocumentTree | undefined> };
  backend: () => Backend | undefined;
  config: () => Config;
  isExcluded: (uri: string) => boolean;
  workspaceFolders: () => string[];
  log: () => Logger;
  /**
   * Reads a file the editor does not have open (an existing test file); undefined when there is
   * none. Default: the guarded reader (privacy/guarded-reader.ts) over the workspace folders.
   */
  readFile?: (uri: string, roots: readonly string[]) => Promise<ReadResult | undefined> | ReadResult | undefined;
}

/** The largest existing test file "Write tests" reads and appends to. */
export const MAX_TEST_FILE_BYTES = 1_000_000;

export interface ResolveOptions {
  signal: AbortSignal;
  /** The client can create files (`workspace.workspaceEdit.resourceOperations` has "create"). */
  canCreateFiles: boolean;
  /** Whole-answer limit; the backend's own idle timeout applies too. */
  timeoutMs: number;
}

export type RefusalReason =
  | 'closed'
  | 'stale'
  | 'disabled'
  | 'excluded'
  | 'unsafe-file'
  | 'unknown-custom'
  | 'no-backend'
  | 'backend'
  | 'timeout'
  | 'empty'
  | 'unchanged'
  | 'secrets'
  | 'syntax'
  | 'changed-code';

export type ResolveOutcome =
  | { kind: 'ok'; label: string; edit: PlannedEdit }
  | { kind: 'refused'; label: string; reason: RefusalReason; message: string }
  | { kind: 'cancelled'; label: string };

/** How the action is named in messages and in the editor's undo history. */
export function actionLabel(data: ActionData): string {
  const name = data.target.name;
  switch (data.action) {
    case 'fix':
      return 'Fix with AI';
    case 'implement':
      return `Implement ${name}`;
    case 'improve':
      return `Improve ${name}`;
    case 'document':
      return `Document ${name}`;
    case 'explain':
      return `Explain ${name}`;
    case 'tests':
      return `Write tests for ${name}`;
    case 'custom':
      return data.custom ?? 'Custom action';
  }
}

type Placement =
  | { kind: 'inline' }
  | { kind: 'create'; uri: string }
  | { kind: 'append'; uri: string; version: number | null; fileText: string };

export class ActionResolver {
  constructor(private readonly deps: ResolverDeps) {}

  async resolve(data: ActionData, opts: ResolveOptions): Promise<ResolveOutcome> {
    const started = performance.now();
    const outcome = await this.run(data, opts);
    this.deps.log().debug(
      {
        action: data.action,
        uri: data.uri,
        outcome: outcome.kind,
        reason: 'reason' in outcome ? outcome.reason : undefined,
        ms: +(performance.now() - started).toFixed(1),
      },
      'code action resolved',
    );
    return outcome;
  }

  private async run(data: ActionData, opts: ResolveOptions): Promise<ResolveOutcome> {
    const label = actionLabel(data);
    const refuse = (reason: RefusalReason, message: string): ResolveOutcome => ({
      kind: 'refused',
      label,
      reason,
      message: `"${label}" was not applied: ${message}`,
    });
    const config = this.deps.config();
    const entry = this.deps.documents.get(data.uri);
    const file = displayPath(data.uri, this.deps.workspaceFolders());
    if (this.deps.isExcluded(data.uri))
      return refuse('excluded', `${file} is excluded from model requests (exclude setting).`);
    if (!entry) return refuse('closed', `${file} is not open any more.`);
    const sameText = (e: { version: number; opened: string }) =>
      e.version === data.version && (data.opened === undefined || e.opened === data.opened);
    if (!sameText(entry))
      return refuse('stale', `${file} changed since the action was listed. Ask for code actions again.`);
    if (!config['actions.enabled']) return refuse('disabled', 'AI code actions are turned off (actions.enabled).');
    const text = entry.doc.getText();
    if (data.target.end > text.length || data.target.outerEnd > text.length)
      return refuse('stale', `${file} changed since the action was listed.`);
    const custom =
      data.custom !== undefined ? config['actions.custom'].find((c) => c.title === data.custom) : undefined;
    if (data.action === 'custom' && !custom)
      return refuse('unknown-custom', 'this custom action is no longer configured (actions.custom).');
    const backend = this.deps.backend();
    if (!backend)
      return refuse('no-backend', 'no model backend is ready. Check the backend.* settings (arbor-ls doctor).');

    const tree = await this.deps.trees.get(data.uri);
    const syntax = tree && tree.text === text ? tree : undefined;
    let placement: Placement = { kind: 'inline' };
    if (data.action === 'tests') {
      const placed = await this.placeTests(data.uri, syntax?.grammarName, opts.canCreateFiles);
      if (placed.kind === 'refused') return refuse(placed.reason, placed.message);
      placement = placed;
    }
    if (opts.signal.aborted) return { kind: 'cancelled', label };
    const prompt = buildActionPrompt(
      this.promptInput(data, text, entry.languageId, syntax, file, placement, custom),
      config['backend.maxTokens'],
    );
    const redactHint = { path: data.uri, languageId: entry.languageId };
    const redacted = redactStable(prompt.messages, redactHint);
    const input = { kind: 'chat' as const, messages: redacted, redactHint };
    const spans = maskedSpans(prompt.messages, redacted);

    const limit = new AbortController();
    const timer = setTimeout(() => limit.abort(new Error('action time limit')), opts.timeoutMs);
    let answer = '';
    try {
      const request = { input, stop: [], maxTokens: prompt.maxTokens, temperature: config['backend.temperature'] };
      for await (const piece of backend.complete(request, AbortSignal.any([opts.signal, limit.signal]))) {
        if (piece.choice === 0) answer += piece.text;
      }
    } catch (err) {
      if (opts.signal.aborted) return { kind: 'cancelled', label };
      if (limit.signal.aborted)
        return refuse('timeout', `the model did not finish within ${Math.round(opts.timeoutMs / 1000)} s.`);
      if (err instanceof BackendError) return refuse('backend', err.message);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    if (opts.signal.aborted) return { kind: 'cancelled', label };

    // The model took a while: the user may have typed meanwhile, and the offsets would be wrong.
    const now = this.deps.documents.get(data.uri);
    if (!now || !sameText(now))
      return refuse('stale', `${file} changed while the model was working. Run the action again.`);

    const extracted = data.action === 'explain' ? proseFromAnswer(answer).join('\n') : codeFromAnswer(answer);
    const restored = restoreSecrets(extracted, spans, text);
    if (restored.leaked)
      return refuse('secrets', 'the answer changed a masked secret, and writing it would overwrite the real value.');
    if (restored.code.trim() === '') return refuse('empty', 'the model returned no code.');
    return this.finish(data, text, entry.languageId, syntax, placement, restored.code, label, refuse);
  }

  private finish(
    data: ActionData,
    text: string,
    languageId: string,
    syntax: DocumentTree | undefined,
    placement: Placement,
    code: string,
    label: string,
    refuse: (reason: RefusalReason, message: string) => ResolveOutcome,
  ): ResolveOutcome {
    const grammar = syntax?.grammarName;
    const broken = (): ResolveOutcome =>
      refuse(
        'syntax',
        'the result would add syntax errors, so nothing was edited. Try again, or pick a smaller target.',
      );
    const inDocument = (span: Span): ResolveOutcome => {
      if (span.start !== span.end && text.slice(span.start, span.end) === span.newText)
        return refuse('unchanged', 'the model suggested no change.');
      if (syntax && addsSyntaxErrors(syntax, span.start, span.newText, span.end)) return broken();
      return { kind: 'ok', label, edit: { kind: 'replace', uri: data.uri, version: data.version, ...span } };
    };
    if (data.action === 'explain')
      return inDocument(commentAbove(text, data.target, code.split('\n'), languageId, data.uri));
    if (data.action === 'document') {
      const span = replaceTarget(text, data.target, code);
      if (!onlyDocumentationChanged(grammar, text.slice(span.start, span.end), span.newText)) {
        return refuse(
          'changed-code',
          'the answer changed the code itself, not only its documentation, so nothing was edited. Try again.',
        );
      }
      return inDocument(span);
    }
    if (data.action !== 'tests') return inDocument(replaceTarget(text, data.target, code));

    const eol = documentEol(text);
    if (placement.kind === 'inline') return inDocument(testsAfter(text, data.target, code));
    if (placement.kind === 'append') {
      const newText = testsAppended(placement.fileText, code, documentEol(placement.fileText || text));
      if (
        grammar &&
        addsSyntaxErrors({ grammarName: grammar, text: placement.fileText }, placement.fileText.length, newText)
      )
        return broken();
      return {
        kind: 'ok',
        label,
        edit: { kind: 'append', uri: placement.uri, version: placement.version, fileText: placement.fileText, newText },
      };
    }
    const fileText = testsFile(code, eol, indentStyle(text.slice(0, 4000)));
    if (grammar && hasErrors(grammar, fileText)) return broken();
    return { kind: 'ok', label, edit: { kind: 'create', uri: placement.uri, text: fileText } };
  }

  /**
   * Tests go into the language's test file when it exists or can be created, else after the code.
   * The test file is read and edited only when its real path is inside a workspace folder (the
   * source file's folder when there is none), it is a regular file and not a symbolic link, and it
   * is not excluded: a committed link to ~/.aws/credentials is neither sent to the model nor appended to.
   */
  private async placeTests(
    uri: string,
    grammar: string | undefined,
    canCreate: boolean,
  ): Promise<Placement | { kind: 'refused'; reason: RefusalReason; message: string }> {
    const testUri = testFileUri(uri, grammar);
    if (!testUri) return { kind: 'inline' };
    const folders = this.deps.workspaceFolders();
    const sourcePath = toFilePath(uri);
    const roots = folders.length > 0 ? folders : sourcePath !== undefined ? [path.dirname(sourcePath)] : [];
    const shown = displayPath(testUri, folders);
    const unsafe = (why: string) => ({
      kind: 'refused' as const,
      reason: 'unsafe-file' as const,
      message: `the test file ${shown} was not read or edited: ${why}.`,
    });
    // Whether open in the editor or not, the edit lands on this path: it must not lead out of the workspace.
    const target = await checkEditTarget(testUri, { roots, isExcluded: this.deps.isExcluded });
    if (!target.ok)
      return target.reason === 'excluded'
        ? {
            kind: 'refused',
            reason: 'excluded',
            message: `the test file ${shown} is excluded from model requests (exclude setting).`,
          }
        : unsafe(describeRefusal(target.reason));
    const open = this.deps.documents.get(testUri);
    if (open) return { kind: 'append', uri: testUri, version: open.version, fileText: open.doc.getText() };
    if (!target.exists && !this.deps.readFile) return canCreate ? { kind: 'create', uri: testUri } : { kind: 'inline' };
    const read = this.deps.readFile
      ? await this.deps.readFile(testUri, roots)
      : await readWorkspaceFile(testUri, {
          roots,
          maxBytes: MAX_TEST_FILE_BYTES,
          isExcluded: this.deps.isExcluded,
          binary: 'refuse',
        });
    if (read === undefined || (!read.ok && read.reason === 'missing'))
      return canCreate ? { kind: 'create', uri: testUri } : { kind: 'inline' };
    if (!read.ok)
      return read.reason === 'excluded'
        ? {
            kind: 'refused',
            reason: 'excluded',
            message: `the test file ${shown} is excluded from model requests (exclude setting).`,
          }
        : unsafe(describeRefusal(read.reason));
    return { kind: 'append', uri: testUri, version: null, fileText: read.text };
  }

  private promptInput(
    data: ActionData,
    text: string,
    languageId: string,
    syntax: DocumentTree | undefined,
    file: string,
    placement: Placement,
    custom: Config['actions.custom'][number] | undefined,
  ): PromptInput {
    const { start, end } = data.target;
    // The scopes around the target, not the target itself.
    const scopes = syntax
      ? scopeChain(syntax, start + 1).filter(
          (s) => s.start <= start && s.end >= end && (s.start !== start || s.end !== end),
        )
      : [];
    let tests: PromptInput['tests'];
    if (data.action === 'tests') {
      const folders = this.deps.workspaceFolders();
      if (placement.kind === 'inline') tests = { inline: true };
      else if (placement.kind === 'create') tests = { path: displayPath(placement.uri, folders) };
      // An excluded test file is appended to, but its text is not shown to the model.
      else
        tests = {
          path: displayPath(placement.uri, folders),
          existing: this.deps.isExcluded(placement.uri) ? '' : placement.fileText.slice(0, 3000),
        };
    }
    return {
      action: data.action,
      languageId,
      grammarName: syntax?.grammarName,
      filePath: file,
      text,
      target: data.target,
      scopes: scopes.map((s) => s.signature),
      diagnostics: data.diagnostics ?? [],
      selection: data.selection,
      custom,
      tests,
    };
  }
}

function hasErrors(grammarName: string, text: string): boolean {
  const tree = parseText(grammarName, text);
  if (!tree) return false;
  try {
    return countErrors(tree) > 0;
  } finally {
    tree.delete();
  }
}
