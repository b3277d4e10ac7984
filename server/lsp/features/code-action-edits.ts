/**
 * A planned action edit (internal offsets) → a WorkspaceEdit in the client's position encoding:
 * versioned `documentChanges` when the client supports them (an edit for another version is then
 * refused by the editor, not applied in the wrong place), plain `changes` otherwise.
 */
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PlannedEdit } from '../../actions/edits';
import type { ServerContext } from '../context';

export function toWorkspaceEdit(ctx: ServerContext, edit: PlannedEdit): WorkspaceEdit {
  const versioned = ctx.client.workspace?.workspaceEdit?.documentChanges === true;
  const one = (uri: string, version: number | null, edits: TextEdit[]): WorkspaceEdit =>
    versioned ? { documentChanges: [{ textDocument: { uri, version }, edits }] } : { changes: { [uri]: edits } };

  switch (edit.kind) {
    case 'replace': {
      const doc = ctx.requireDocument(edit.uri).doc;
      return one(edit.uri, edit.version, [
        { range: ctx.positions.toRange(doc, edit.start, edit.end), newText: edit.newText },
      ]);
    }
    case 'append': {
      // Positions in a file the editor may not have open: computed from the text we read.
      const doc = TextDocument.create(edit.uri, '', edit.version ?? 0, edit.fileText);
      const end = ctx.positions.toPosition(doc, edit.fileText.length);
      return one(edit.uri, edit.version, [{ range: { start: end, end }, newText: edit.newText }]);
    }
    case 'create': {
      const start = { line: 0, character: 0 };
      return {
        documentChanges: [
          { kind: 'create', uri: edit.uri, options: { overwrite: false, ignoreIfExists: true } },
          {
            textDocument: { uri: edit.uri, version: null },
            edits: [{ range: { start, end: start }, newText: edit.text }],
          },
        ],
      };
    }
  }
}

/** Whether "Write tests" may create its test file: the client applies `create` resource operations. */
export function canCreateFiles(ctx: ServerContext): boolean {
  const we = ctx.client.workspace?.workspaceEdit;
  return we?.documentChanges === true && (we.resourceOperations ?? []).includes('create');
}
