import type { ClientCapabilities, Connection, MessageType } from 'vscode-languageserver';
import type { ConfigStore } from '../config/store';
import type { DocumentStore, OpenDocument } from '../documents/store';
import type { Logger } from '../log/logger';
import type { PositionConverter } from './encoding';

/** What every feature module gets: the shared state of one server instance. */
export interface ServerContext {
  readonly connection: Connection;
  readonly config: ConfigStore;
  readonly documents: DocumentStore;
  log(): Logger;
  /** Set while answering `initialize`. */
  client: ClientCapabilities;
  /** `clientInfo` from `initialize` (name and version strings, when the client sent them). */
  clientInfo: { name?: string; version?: string };
  positions: PositionConverter;
  workspaceFolders: string[];
  /** window/showMessage with the `arbor-ls: ` prefix; held until `initialized` when sent earlier. */
  show(type: MessageType, message: string): void;
  /** window/showMessage, at most once per distinct text (no message storms per keystroke). */
  notifyOnce(type: 'error' | 'warning' | 'info', message: string): void;
  /** workspace/executeCommand commands other features add (code actions own the handler and dispatch). */
  commands: Map<string, (args: unknown[]) => unknown>;
  /** The open document, or a ClientError naming the URI. */
  requireDocument(uri: string): OpenDocument;
}
