import { type CompletionItem, CompletionItemKind, InsertTextFormat, type InlineCompletionItem, MarkupKind, type Range } from 'vscode-languageserver';

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
  const shown = head.trim() ? word + head : `${word}⏎ ${suggestion.split(/\r?\n|\r/).find((l) => l.trim())?.trim() ?? ''}`;
  const lines = suggestion.split(/\r?\n|\r/).length;
  const label = shown.length > LABEL_MAX ? `${shown.slice(0, LABEL_MAX - 1)}…` : shown;
  return lines > 1 && head.trim() ? `${label} …` : label;
}

/**
 * One completion item per suggestion: a textEdit on the cursor line from the start of the typed
 * word to the cursor, newText = word + suggestion (may span lines), filterText likewise. No
 * additionalTextEdits (they crashed Helix, helix#9624).
 *
 * `singleLine` (clients whose completion goes through Vim's complete(), which would insert a newline
 * as a NUL): newText is cut to the suggestion's first line and the whole suggestion stays in the
 * documentation; a suggestion whose first line is empty has nothing to insert there and is left out.
 */
export function completionItems(word: string, suggestions: string[], range: Range, languageId: string, singleLine = false): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const suggestion of suggestions) {
    const inserted = singleLine ? firstLine(suggestion) : suggestion;
    if (singleLine && !inserted.trim()) continue;
    const i = items.length;
    items.push({
      label: labelFor(word, suggestion),
      kind: CompletionItemKind.Text,
      detail: 'arbor-ls',
      documentation: { kind: MarkupKind.Markdown, value: `\`\`\`${languageId}\n${word}${suggestion}\n\`\`\`` },
      sortText: `0000${i}`,
      preselect: i === 0,
      filterText: word + inserted,
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range, newText: word + inserted },
    });
  }
  return items;
}

/** Inline completion (LSP 3.18): ghost text inserted at the cursor. */
export function inlineItems(suggestions: string[], range: Range): InlineCompletionItem[] {
  return suggestions.map((insertText) => ({ insertText, range }));
}
