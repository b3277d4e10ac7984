import type { ClientCapabilities } from 'vscode-languageserver';

/** `clientInfo` from `initialize`, as far as the client sent it. */
export interface ClientInfo {
  name?: string;
  version?: string;
}

/**
 * How a client inserts a completion item. `text-edit`: it applies the item's `textEdit`, all lines
 * (Helix, eglot, nvim-cmp, Neovim 0.11+). `vim-complete`: the item's word goes through Vim's
 * complete(), which inserts words into one line, a newline arriving as a NUL (`^@`) that `:w` writes
 * as a NUL byte: Neovim's built-in `vim.lsp.omnifunc` before 0.11. Those clients get single-line items.
 */
export type CompletionInsertion = 'text-edit' | 'vim-complete';

/** `major.minor` of a version string (`0.7.2`, `v0.10.0-dev+g1234`), or undefined. */
function majorMinor(version: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Completion capabilities only a completion plugin declares, never Neovim's own
 * make_client_capabilities() before 0.11 (0.7–0.10 send snippetSupport, documentationFormat and the
 * like, but no resolveSupport, insertReplaceSupport or labelDetailsSupport). cmp-nvim-lsp's
 * default_capabilities() declares all three; nvim-cmp applies the item's textEdit.
 */
function declaresPluginCompletion(client: ClientCapabilities): boolean {
  const item = client.textDocument?.completion?.completionItem;
  if (typeof item !== 'object' || item === null) return false;
  return item.resolveSupport !== undefined || item.insertReplaceSupport === true || item.labelDetailsSupport === true;
}

/** Decided once, at `initialize`, from clientInfo and the declared capabilities. */
export function completionInsertion(info: ClientInfo | undefined, client: ClientCapabilities): CompletionInsertion {
  if (info?.name !== 'Neovim') return 'text-edit';
  if (declaresPluginCompletion(client)) return 'text-edit';
  const version = majorMinor(info.version);
  if (version) return version[0] > 0 || version[1] >= 11 ? 'text-edit' : 'vim-complete';
  // No version: 0.12 declares inline completion; otherwise assume the older, lossy path (a
  // single-line item is safe everywhere, a multi-line one corrupts files through complete()).
  const textDocument = client.textDocument as Record<string, unknown> | undefined;
  return textDocument && 'inlineCompletion' in textDocument ? 'text-edit' : 'vim-complete';
}
