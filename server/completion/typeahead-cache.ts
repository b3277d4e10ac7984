/**
 * Answers without a model call when the user types characters that match a suggestion already
 * produced: the document before the cursor grew by exactly the start of that suggestion, and the
 * text after the cursor is unchanged.
 */
interface Entry {
  prefix: string;
  suffix: string;
  choices: string[];
}

export class TypeaheadCache {
  private byDoc = new Map<string, Entry[]>();

  constructor(private readonly perDocument = 8) {}

  remember(uri: string, prefix: string, suffix: string, choices: string[]): void {
    if (!choices.length) return;
    const list = this.byDoc.get(uri) ?? [];
    list.unshift({ prefix, suffix, choices });
    if (list.length > this.perDocument) list.length = this.perDocument;
    this.byDoc.set(uri, list);
  }

  /**
   * The remaining parts of cached suggestions consistent with what was typed since, or undefined.
   * Cheap tests come first: the texts are whole documents, so they are compared in full only for an
   * entry whose suggestion the typed characters match (a hit then saves a model call).
   */
  lookup(uri: string, prefix: string, suffix: string): string[] | undefined {
    for (const entry of this.byDoc.get(uri) ?? []) {
      if (entry.suffix.length !== suffix.length || prefix.length < entry.prefix.length) continue;
      const typed = prefix.slice(entry.prefix.length);
      const rest = entry.choices.filter((c) => c.length > typed.length && c.startsWith(typed)).map((c) => c.slice(typed.length));
      if (rest.length && entry.suffix === suffix && prefix.startsWith(entry.prefix)) return rest;
    }
    return undefined;
  }

  forget(uri: string): void {
    this.byDoc.delete(uri);
  }
}
