import type { ClientCapabilities, Connection, ServerCapabilities } from 'vscode-languageserver';

/**
 * An LSP feature (completion, inline completion, code actions, ...) declares the capabilities it
 * needs from the client's, and wires its handlers. The server merges the capabilities of all features.
 */
export interface Feature {
  readonly name: string;
  capabilities(client: ClientCapabilities): ServerCapabilities;
  /** Registers request/notification handlers. Called once, before `initialize` is answered. */
  attach(connection: Connection): void;
  /** After `initialized`: dynamic registrations, background work. */
  initialized?(): void;
  dispose?(): void;
}

/** Shallow-merges capability objects; later features add keys, never silently replace one. */
export function mergeCapabilities(parts: ServerCapabilities[]): ServerCapabilities {
  const out: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key in out && typeof out[key] === 'object' && typeof value === 'object') out[key] = { ...(out[key] as object), ...(value as object) };
      else out[key] = value;
    }
  }
  return out as ServerCapabilities;
}
