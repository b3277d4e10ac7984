/**
 * Derived data per document (token sets, definitions), recomputed only when the text changes.
 * Keyed by kind + URI and checked against the exact text, so a stale entry is never used; bounded,
 * oldest entry evicted first. Caching only saves time: results never depend on what is cached.
 */
const MAX_ENTRIES = 256;
const entries = new Map<string, { text: string; value: unknown }>();

export function perDocument<T>(kind: string, doc: { uri: string; text: string }, compute: () => T): T {
  const key = `${kind}\u0000${doc.uri}`;
  const hit = entries.get(key);
  if (hit && hit.text === doc.text) return hit.value as T;
  const value = compute();
  entries.delete(key);
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(key, { text: doc.text, value });
  return value;
}

/** For tests and benchmarks that measure cold runs. */
export function clearDocumentCache(): void {
  entries.clear();
  for (const clear of clearHooks) clear();
}

const clearHooks: Array<() => void> = [];

/** Caches kept elsewhere (incremental ones, which this map cannot hold) are emptied with this one. */
export function onClearDocumentCache(clear: () => void): void {
  clearHooks.push(clear);
}
