import type { CompletionInsertion } from './completion-clients';
import {
  type CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  type InlineCompletionItem,
  MarkupKind,
  type Range,
} from 'vscode-languageserver';

const LABEL_MAX = 80;

function firstLine(text: string): string {
  return text.split(/\r?\n|\r/, 1)[0];
}

/**
 * A short label that starts with the typed word, so clients that filter on the label keep it.
 * A suggestion that starts on the next line is labelled with its first non-empty line.
 */
export function labelFor(word: string, suggestion: string): string {
  const head = firstLine(suggestion);
  const shown = head.trim()
    ? word + head
    : `${word}⏎ ${
        suggestion
          .split(/\r?\n|\r/)
          .find((l) => l.trim())
          ?.trim() ?? ''
      }`;
  const lines = suggestion.split(/\r?\n|\r/).length;
  const label = shown.length > LABEL_MAX ? `${shown.slice(0, LABEL_MAX - 1)}…` : shown;
  return lines > 1 && head.trim() ? `${label} …` : label;
}

/** How the client inserts items (completion-clients.ts) and the cursor line's indentation. */
export interface ItemShape {
  insertion: CompletionInsertion;
  /** Leading whitespace of the cursor line: vim.snippet indents every line after the first by it. */
  indent: string;
}

const TEXT_EDIT: ItemShape = { insertion: 'text-edit', indent: '' };

/** `\`, `$` and `}` escaped: the text as a snippet without tabstops. */
function snippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

/**
 * A multi-line newText as Neovim 0.11+'s vim.snippet.expand inserts it exactly: line breaks as `\n`
 * and the cursor line's indentation taken off the lines after the first (vim.snippet adds it back).
 * Undefined when a non-blank later line is indented less than the cursor line (vim.snippet could
 * not reproduce it).
 */
function forVimSnippet(text: string, indent: string): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].startsWith(indent)) lines[i] = lines[i].slice(indent.length);
    else if (!lines[i].trim()) lines[i] = '';
    else return undefined;
  }
  return snippetText(lines.join('\n'));
}

/**
 * One completion item per suggestion: a textEdit on the cursor line from the start of the typed
 * word to the cursor, newText = word + suggestion (may span lines), filterText likewise. No
 * additionalTextEdits (they crashed Helix, helix#9624). By how the client inserts (`shape`):
 * - `vim-complete` (Vim's complete() would insert a line break as a NUL): newText is the
 *   suggestion's first line; a suggestion whose first line is empty has nothing to insert there and
 *   is left out.
 * - `vim-lsp-completion` (Neovim 0.11+ inserts only the first line of a plain-text newText): a
 *   multi-line suggestion is a snippet without tabstops (forVimSnippet), or its first line when the
 *   snippet could not reproduce it.
 * The documentation always shows the whole suggestion, then `notes[n]` (markdown) when given:
 * code referencing's origin and licence of suggestion n.
 */
export function completionItems(
  word: string,
  suggestions: string[],
  range: Range,
  languageId: string,
  shape: ItemShape = TEXT_EDIT,
  notes: readonly (string | undefined)[] = [],
): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [n, suggestion] of suggestions.entries()) {
    const multiLine = /[\r\n]/.test(suggestion);
    const snippet =
      multiLine && shape.insertion === 'vim-lsp-completion'
        ? forVimSnippet(word + suggestion, shape.indent)
        : undefined;
    const singleLine = multiLine && shape.insertion !== 'text-edit' && snippet === undefined;
    const inserted = singleLine ? firstLine(suggestion) : suggestion;
    if (singleLine && !inserted.trim()) continue;
    const i = items.length;
    items.push({
      label: labelFor(word, suggestion),
      kind: CompletionItemKind.Text,
      detail: 'arbor-ls',
      documentation: {
        kind: MarkupKind.Markdown,
        value: `\`\`\`${languageId}\n${word}${suggestion}\n\`\`\`${notes[n] ? `\n\n---\n${notes[n]}` : ''}`,
      },
      sortText: `0000${i}`,
      preselect: i === 0,
      filterText: word + inserted,
      insertTextFormat: snippet === undefined ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
      textEdit: { range, newText: snippet ?? word + inserted },
    });
  }
  return items;
}

/** Inline completion (LSP 3.18): ghost text inserted at the cursor. */
export function inlineItems(suggestions: string[], range: Range): InlineCompletionItem[] {
  return suggestions.map((insertText) => ({ insertText, range }));
}
