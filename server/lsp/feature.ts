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

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function merge(a: unknown, b: unknown): unknown {
  if (Array.isArray(a) && Array.isArray(b)) return [...new Set([...a, ...b])];
  if (isPlainObject(a) && isPlainObject(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  // `true` merged with an options object keeps the options (they imply the capability).
  return isPlainObject(a) && b === true ? a : b;
}

/** Deep-merges the features' capabilities: objects key by key, lists (e.g. command names) joined. */
export function mergeCapabilities(parts: ServerCapabilities[]): ServerCapabilities {
  return parts.reduce<ServerCapabilities>((acc, part) => merge(acc, part) as ServerCapabilities, {});
}
