import { type Connection, type DidChangeTextDocumentParams, TextDocumentSyncKind } from 'vscode-languageserver';
import type { Feature } from './feature';
import type { ServerContext } from './context';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** didOpen/didChange/didClose/didSave: incremental sync, positions converted once here. */
export function documentSyncFeature(ctx: ServerContext): Feature {
  return {
    name: 'document-sync',
    capabilities: () => ({
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
    }),
    attach(connection: Connection) {
      connection.onDidOpenTextDocument((params) => {
        const td = params?.textDocument;
        if (!isObject(td) || typeof td.uri !== 'string' || typeof td.text !== 'string') {
          ctx.log().warn({ params }, 'didOpen without textDocument.uri/text; ignored');
          return;
        }
        ctx.documents.open(
          td.uri,
          typeof td.languageId === 'string' ? td.languageId : 'plaintext',
          Number(td.version) || 0,
          td.text,
        );
        ctx.log().debug({ uri: td.uri, languageId: td.languageId, chars: td.text.length }, 'opened');
      });

      connection.onDidChangeTextDocument((params: DidChangeTextDocumentParams) => {
        const uri = params?.textDocument?.uri;
        const entry = typeof uri === 'string' ? ctx.documents.get(uri) : undefined;
        if (!entry) {
          ctx.log().warn({ uri }, 'didChange for a document that is not open; ignored');
          return;
        }
        if (!Array.isArray(params.contentChanges)) return;
        const version = Number.isInteger(params.textDocument.version) ? params.textDocument.version : entry.version + 1;
        // Each change is relative to the text after the previous one, so convert them one at a time.
        for (const change of params.contentChanges) {
          if (!isObject(change) || typeof change.text !== 'string') continue;
          const range =
            'range' in change && change.range ? ctx.positions.toUtf16Range(entry.doc, change.range) : undefined;
          ctx.documents.change(entry, range, change.text, version);
        }
      });

      connection.onDidCloseTextDocument((params) => {
        const uri = params?.textDocument?.uri;
        if (typeof uri === 'string') ctx.documents.close(uri);
      });

      connection.onDidSaveTextDocument((params) => {
        const uri = params?.textDocument?.uri;
        if (typeof uri === 'string') ctx.documents.saved(uri);
      });
    },
  };
}
