import type { ClientCapabilities } from 'vscode-languageserver';

/** `clientInfo` from `initialize`, as far as the client sent it. */
export interface ClientInfo {
  name?: string;
  version?: string;
}

/**
 * How a client inserts a completion item.
 * - `text-edit`: it applies the item's `textEdit`, all lines (Helix, eglot, nvim-cmp).
 * - `vim-complete`: the item's word goes through Vim's complete(), which inserts words into one line,
 *   a newline arriving as a NUL (`^@`) that `:w` writes as a NUL byte: Neovim's built-in
 *   `vim.lsp.omnifunc` before 0.11. Those clients get single-line items.
 * - `vim-lsp-completion`: Neovim 0.11+'s built-in `vim.lsp.completion` (menu and omnifunc): a plain
 *   text item inserts only the first line of its newText; a snippet item is expanded by vim.snippet,
 *   all lines, each line after the first indented by the cursor line's indentation.
 */
export type CompletionInsertion = 'text-edit' | 'vim-complete' | 'vim-lsp-completion';

/** `major.minor` of a version string (`0.7.2`, `v0.10.0-dev+g1234`), or undefined. */
function majorMinor(version: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * nvim-cmp: cmp-nvim-lsp's default_capabilities() (which its users pass to the client, merged over
 * Neovim's own) declares insertTextModeSupport and resolveSupport for `detail`; Neovim's own
 * make_client_capabilities() declares neither (0.7–0.10: no resolveSupport, insertReplaceSupport
 * or labelDetailsSupport at all; 0.11+: resolveSupport for additionalTextEdits, command, documentation).
 * Before 0.11 any of those three marks a plugin. nvim-cmp applies the item's textEdit.
 */
function declaresPluginCompletion(client: ClientCapabilities, beforeNeovim011: boolean): boolean {
  const item = client.textDocument?.completion?.completionItem;
  if (typeof item !== 'object' || item === null) return false;
  const resolved = Array.isArray(item.resolveSupport?.properties) ? item.resolveSupport.properties : [];
  if (item.insertTextModeSupport !== undefined || resolved.includes('detail')) return true;
  return (
    beforeNeovim011 &&
    (item.resolveSupport !== undefined || item.insertReplaceSupport === true || item.labelDetailsSupport === true)
  );
}

/** Decided once, at `initialize`, from clientInfo and the declared capabilities. */
export function completionInsertion(info: ClientInfo | undefined, client: ClientCapabilities): CompletionInsertion {
  if (info?.name !== 'Neovim') return 'text-edit';
  const version = majorMinor(info.version);
  let modern: boolean;
  if (version) modern = version[0] > 0 || version[1] >= 11;
  else {
    // No version: 0.11+ declare resolveSupport for `command`, 0.12 inline completion.
    const textDocument = client.textDocument as Record<string, unknown> | undefined;
    const properties = client.textDocument?.completion?.completionItem?.resolveSupport?.properties;
    modern =
      Boolean(textDocument && 'inlineCompletion' in textDocument) ||
      (Array.isArray(properties) && properties.includes('command'));
  }
  if (declaresPluginCompletion(client, !modern)) return 'text-edit';
  // Unknown versions fall on the older, lossy path: a single-line item is safe everywhere, a
  // multi-line one corrupts files through complete().
  return modern ? 'vim-lsp-completion' : 'vim-complete';
}
