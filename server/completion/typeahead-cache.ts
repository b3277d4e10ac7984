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
  /** In order of use, the latest last. */
  private byDoc = new Map<string, Entry[]>();

  /**
   * An entry holds a whole version of its document (prefix and suffix are slices of it), so only
   * the documents typed in most recently keep entries: the cache serves the one being typed in.
   */
  constructor(
    private readonly perDocument = 8,
    private readonly documents = 2,
  ) {}

  remember(uri: string, prefix: string, suffix: string, choices: string[]): void {
    if (!choices.length) return;
    const list = this.byDoc.get(uri) ?? [];
    list.unshift({ prefix, suffix, choices });
    if (list.length > this.perDocument) list.length = this.perDocument;
    this.byDoc.delete(uri);
    this.byDoc.set(uri, list);
    if (this.byDoc.size > this.documents) this.byDoc.delete(this.byDoc.keys().next().value!);
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
      const rest = entry.choices
        .filter((c) => c.length > typed.length && c.startsWith(typed))
        .map((c) => c.slice(typed.length));
      if (rest.length && entry.suffix === suffix && prefix.startsWith(entry.prefix)) return rest;
    }
    return undefined;
  }

  forget(uri: string): void {
    this.byDoc.delete(uri);
  }
}
