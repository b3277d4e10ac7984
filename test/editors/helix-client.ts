/**
 * A replay of Helix's language-client behaviour (Helix is not packaged in Debian, so it cannot run in
 * CI). Every detail here is taken from Helix's source (25.x): helix-lsp/src/client.rs (initialize
 * capabilities, incremental sync), helix-term/src/handlers/completion/request.rs (when completion is
 * requested and with which triggerKind), helix-term/src/ui/completion.rs + helix-lsp/src/util.rs
 * (how an accepted item is applied), helix-term/src/commands/lsp.rs (code actions), and
 * helix-term/src/application.rs (workspace/configuration, workspace/applyEdit).
 */
import type { LspClient, RpcMessage } from '../support/lsp-client';

/** `ClientCapabilities` as Helix serialises them in `initialize` (snippets enabled, the default). */
export const HELIX_CAPABILITIES = {
  workspace: {
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: false },
    workspaceFolders: true,
    applyEdit: true,
    symbol: { dynamicRegistration: false },
    executeCommand: { dynamicRegistration: false },
    inlayHint: { refreshSupport: false },
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ['create', 'rename', 'delete'],
      failureHandling: 'abort',
      normalizesLineEndings: false,
    },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: false },
    fileOperations: { willRename: true, didRename: true },
  },
  textDocument: {
    completion: {
      completionItem: {
        snippetSupport: true,
        resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
        insertReplaceSupport: true,
        deprecatedSupport: true,
        tagSupport: { valueSet: [1] },
      },
      completionItemKind: {},
    },
    hover: { contentFormat: ['markdown'] },
    signatureHelp: {
      signatureInformation: {
        documentationFormat: ['markdown'],
        parameterInformation: { labelOffsetSupport: true },
        activeParameterSupport: true,
      },
    },
    rename: { dynamicRegistration: false, prepareSupport: true, honorsChangeAnnotations: false },
    formatting: { dynamicRegistration: false },
    codeAction: {
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: [
            '',
            'quickfix',
            'refactor',
            'refactor.extract',
            'refactor.inline',
            'refactor.rewrite',
            'source',
            'source.organizeImports',
          ],
        },
      },
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ['edit', 'command'] },
    },
    publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
    inlayHint: { dynamicRegistration: false },
  },
  window: { workDoneProgress: true },
  general: { positionEncodings: ['utf-8', 'utf-32', 'utf-16'] },
} as const;

/** CompletionTriggerKind values Helix sends. */
export const Invoked = 1;
export const TriggerCharacter = 2;
export const TriggerForIncompleteCompletions = 3;

/** Helix's `char_is_word`: alphanumeric (any script) or '_'. */
const isWordChar = (ch: string) => /^[\p{L}\p{N}_]$/u.test(ch);

/**
 * Answers server→client requests the way Helix does: workspace/configuration walks the `config`
 * table by the dotted section (null when absent); workspace/applyEdit applies and reports applied.
 */
export function helixRequestHandler(config: Record<string, unknown>, docs: () => HelixDocument[]) {
  return (method: string, params: any): unknown => {
    if (method === 'workspace/configuration') {
      return (params?.items ?? []).map((item: { section?: string }) => {
        let value: any = config;
        for (const part of item.section ? item.section.split('.') : [])
          value = value && typeof value === 'object' ? value[part] : undefined;
        return value ?? null;
      });
    }
    if (method === 'workspace/applyEdit') {
      try {
        for (const d of docs()) d.applyWorkspaceEdit(params.edit);
        return { applied: true };
      } catch (err) {
        return { applied: false, failureReason: (err as Error).message };
      }
    }
    if (method === 'window/workDoneProgress/create' || method === 'client/registerCapability') return null;
    return null;
  };
}

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}

/**
 * One open document as Helix holds it: text, version, one cursor (a UTF-16 index into `text`), and
 * the negotiated position encoding used for every position it sends and reads.
 */
export class HelixDocument {
  version = 0;
  /** Savepoint: the text and cursor when the completion request that produced the menu was sent. */
  private savepoint: { text: string; cursor: number } | undefined;
  /** Every request this document sent, so the test can check each got exactly one answer. */
  readonly pending: Array<Promise<RpcMessage> & { id: number; method: string }> = [];

  constructor(
    private readonly client: LspClient,
    readonly uri: string,
    public text: string,
    public cursor: number,
    private readonly encoding: 'utf-8' | 'utf-16' | 'utf-32',
    private readonly languageId: string,
  ) {}

  open(): void {
    this.client.notify('textDocument/didOpen', {
      textDocument: { uri: this.uri, languageId: this.languageId, version: this.version, text: this.text },
    });
  }

  /** LSP position of a UTF-16 index, in the negotiated encoding. */
  position(index: number): Position {
    const before = this.text.slice(0, index);
    const line = before.split('\n').length - 1;
    const head = before.slice(before.lastIndexOf('\n') + 1);
    const character =
      this.encoding === 'utf-8'
        ? Buffer.byteLength(head, 'utf8')
        : this.encoding === 'utf-32'
          ? [...head].length
          : head.length;
    return { line, character };
  }

  /** UTF-16 index of an LSP position in the negotiated encoding (Helix's lsp_pos_to_pos). */
  index(pos: Position): number {
    let start = 0;
    for (let l = 0; l < pos.line; l++) {
      const nl = this.text.indexOf('\n', start);
      if (nl < 0) throw new Error(`position ${JSON.stringify(pos)} is past the last line`);
      start = nl + 1;
    }
    const lineEnd = this.text.indexOf('\n', start) < 0 ? this.text.length : this.text.indexOf('\n', start);
    let units = 0;
    let i = start;
    for (const ch of this.text.slice(start, lineEnd)) {
      if (units >= pos.character) break;
      units += this.encoding === 'utf-8' ? Buffer.byteLength(ch, 'utf8') : this.encoding === 'utf-32' ? 1 : ch.length;
      i += ch.length;
    }
    if (units !== pos.character && !(units < pos.character && i === lineEnd))
      throw new Error(`position ${JSON.stringify(pos)} splits a character`);
    return i;
  }

  /** Replaces [from, to) and sends the incremental didChange Helix sends for that change. */
  change(from: number, to: number, insert: string, cursorAfter?: number): void {
    const range = { start: this.position(from), end: this.position(to) };
    this.text = this.text.slice(0, from) + insert + this.text.slice(to);
    this.cursor = cursorAfter ?? from + insert.length;
    this.client.notify('textDocument/didChange', {
      textDocument: { uri: this.uri, version: ++this.version },
      contentChanges: [{ range, text: insert }],
    });
  }

  /** Typing one character in insert mode. */
  type(ch: string): void {
    this.change(this.cursor, this.cursor, ch);
  }

  private track(method: string, params: unknown) {
    const p = this.client.request(method, params, 20000) as Promise<RpcMessage> & { id: number; method: string };
    p.method = method;
    p.catch(() => {});
    this.pending.push(p);
    return p;
  }

  /** textDocument/completion at the cursor; Helix takes a savepoint at the same moment. */
  requestCompletion(triggerKind: number, triggerCharacter?: string) {
    const savepoint = { text: this.text, cursor: this.cursor };
    const p = this.track('textDocument/completion', {
      textDocument: { uri: this.uri },
      position: this.position(this.cursor),
      context: triggerCharacter ? { triggerKind, triggerCharacter } : { triggerKind },
    });
    return { response: p, savepoint };
  }

  /** Helix shows the items of a response: its savepoint becomes the one restored on accept. */
  show(savepoint: { text: string; cursor: number }): void {
    this.savepoint = savepoint;
  }

  /** The fragment Helix filters the menu with: the word before the cursor. */
  wordBeforeCursor(): string {
    const chars = [...this.text.slice(0, this.cursor)];
    let n = 0;
    while (n < chars.length && isWordChar(chars[chars.length - 1 - n])) n++;
    return chars.slice(chars.length - n).join('');
  }

  /**
   * Accepting an item (PromptEvent::Validate): restore the savepoint, sending the change that removes
   * what was typed since the request, then apply the item's textEdit with offsets relative to the
   * cursor (or, without a textEdit, replace the word before the cursor with insertText/label).
   */
  accept(item: any): void {
    if (this.savepoint && this.savepoint.text !== this.text) {
      const sp = this.savepoint;
      // What was typed after the request sits between the savepoint cursor and the current cursor.
      if (
        this.text.slice(0, sp.cursor) !== sp.text.slice(0, sp.cursor) ||
        this.text.slice(this.cursor) !== sp.text.slice(sp.cursor)
      ) {
        throw new Error('replay only models typing at the cursor after a completion request');
      }
      this.change(sp.cursor, this.cursor, '', sp.cursor);
    }
    const cursorCp = [...this.text.slice(0, this.cursor)].length;
    const toIndex = (cp: number) => [...this.text].slice(0, cp).join('').length;
    let start: number;
    let end: number;
    let newText: string;
    if (item.textEdit) {
      const edit =
        'range' in item.textEdit ? item.textEdit : { range: item.textEdit.insert, newText: item.textEdit.newText };
      const from = this.index(edit.range.start);
      const to = this.index(edit.range.end);
      // Helix keeps the edit as char offsets from the primary cursor, then re-applies them at the cursor.
      const startOffset = [...this.text.slice(0, from)].length - cursorCp;
      const endOffset = [...this.text.slice(0, to)].length - cursorCp;
      start = toIndex(cursorCp + startOffset);
      end = toIndex(cursorCp + endOffset);
      newText = edit.newText;
    } else {
      start = this.cursor - this.wordBeforeCursor().length;
      end = this.cursor;
      newText = item.insertText ?? item.label;
    }
    this.change(start, end, newText);
    this.savepoint = undefined;
  }

  /** `space a`: textDocument/codeAction for the primary selection (one character wide at the cursor). */
  requestCodeActions(extraContext: Record<string, unknown> = {}) {
    const next =
      this.cursor < this.text.length ? this.cursor + ([...this.text.slice(this.cursor)][0]?.length ?? 0) : this.cursor;
    return this.track('textDocument/codeAction', {
      textDocument: { uri: this.uri },
      range: { start: this.position(this.cursor), end: this.position(next) },
      context: { diagnostics: [], triggerKind: Invoked, ...extraContext },
    });
  }

  /** codeAction/resolve, as Helix does before applying an action that lacks an edit or a command. */
  resolveCodeAction(action: unknown) {
    return this.track('codeAction/resolve', action);
  }

  executeCommand(command: { command: string; arguments?: unknown[] }) {
    return this.track('workspace/executeCommand', { command: command.command, arguments: command.arguments });
  }

  /** Applies a WorkspaceEdit's edits for this document (documentChanges or changes), refusing stale versions. */
  applyWorkspaceEdit(edit: any): void {
    const edits: Array<{ range: Range; newText: string }> = [];
    for (const dc of edit?.documentChanges ?? []) {
      if (dc?.textDocument?.uri !== this.uri) continue;
      if (
        dc.textDocument.version !== null &&
        dc.textDocument.version !== undefined &&
        dc.textDocument.version !== this.version
      ) {
        throw new Error(`edit for version ${dc.textDocument.version}, document is at ${this.version}`);
      }
      edits.push(...dc.edits);
    }
    if (!edit?.documentChanges) edits.push(...(edit?.changes?.[this.uri] ?? []));
    // All ranges refer to the text before the edit: apply from the end so earlier ones stay valid.
    const resolved = edits.map((e) => ({
      from: this.index(e.range.start),
      to: this.index(e.range.end),
      newText: e.newText,
    }));
    resolved.sort((a, b) => b.from - a.from || b.to - a.to);
    for (const e of resolved) this.change(e.from, e.to, e.newText, this.cursor);
  }
}
