/**
 * The workspace index's parsing thread: reads a file through the guarded reader (with the same
 * exclusion rules as the main thread, rebuilt here from the same settings) or takes its text, and
 * answers with what the index keeps. Parsing 5,000 files takes seconds of CPU; here it runs beside
 * the completions instead of between them, the files' texts never enter the main thread's heap,
 * and the wasm memory tree-sitter grows for the largest tree goes away with the thread.
 */
import { parentPort } from 'node:worker_threads';
import { createExclusionMatcher } from '../privacy/exclude';
import { readWorkspaceFile } from '../privacy/guarded-reader';
import { analyseFile, type IndexedFile } from './definition-index';
import { cacheRow } from './index-cache';

/** How the thread reads files itself: real workspace roots, the size cap, and the exclusion settings. */
export interface ThreadReading {
  roots: string[];
  maxBytes: number;
  exclusion: { globs: string[]; folders: string[] };
}

/** Set once: `cacheRows` asks for each entry's disk-cache row too (redacted here, off the main thread). */
export interface ThreadInit {
  reading?: ThreadReading;
  cacheRows?: boolean;
}

export type ParseRequest = { init: ThreadInit } | { id: number; file: string; text?: string };

export interface ParseReply {
  id: number;
  /** The entry as JSON: one string to copy between threads, and JSON.parse makes objects as compact as literals. */
  entry?: string;
  /** The entry's redacted disk-cache row (cacheRow in index-cache.ts), when asked for. */
  row?: string;
  error?: string;
}

let reading: (ThreadReading & { isExcluded: (p: string) => boolean }) | undefined;
let cacheRows = false;

async function answer(file: string, text: string | undefined): Promise<IndexedFile | undefined> {
  if (text === undefined) {
    if (!reading) return undefined;
    const read = await readWorkspaceFile(file, {
      roots: reading.roots,
      rootsAreReal: true,
      maxBytes: reading.maxBytes,
      isExcluded: reading.isExcluded,
      binary: 'refuse',
    });
    if (!read.ok) return undefined;
    text = read.text;
  }
  return analyseFile(file, text);
}

parentPort?.on('message', (req: ParseRequest) => {
  if ('init' in req) {
    const r = req.init.reading;
    reading = r ? { ...r, isExcluded: createExclusionMatcher(r.exclusion.globs, r.exclusion.folders) } : undefined;
    cacheRows = req.init.cacheRows === true;
    return;
  }
  answer(req.file, req.text).then(
    (entry) =>
      parentPort!.postMessage({
        id: req.id,
        ...(entry ? { entry: JSON.stringify(entry), ...(cacheRows ? { row: cacheRow(entry) } : {}) } : {}),
      } satisfies ParseReply),
    (error: unknown) => parentPort!.postMessage({ id: req.id, error: String(error) } satisfies ParseReply),
  );
});
