import type { Connection } from 'vscode-languageserver';
import { maskSecrets } from '../config/store';
import type { ServerContext } from './context';
import type { Feature } from './feature';
import { answer, ClientError } from './requests';

/**
 * Read-only views of the server's state, for troubleshooting and tests (documented in PROTOCOL.md):
 * `arbor/documentState` (what the server holds for a document) and `arbor/config` (resolved settings, secrets masked).
 */
export function inspectFeature(ctx: ServerContext): Feature {
  return {
    name: 'inspect',
    capabilities: () => ({}),
    attach(connection: Connection) {
      connection.onRequest(
        'arbor/documentState',
        answer(ctx.log, { method: 'arbor/documentState', empty: null }, (params: { uri?: unknown }) => {
          if (typeof params?.uri !== 'string') throw new ClientError('params.uri must be a string');
          const entry = ctx.requireDocument(params.uri);
          return { uri: entry.uri, languageId: entry.languageId, version: entry.version, text: entry.doc.getText() };
        }),
      );
      connection.onRequest(
        'arbor/config',
        answer(ctx.log, { method: 'arbor/config', empty: null }, () => maskSecrets(ctx.config.current)),
      );
    },
  };
}
