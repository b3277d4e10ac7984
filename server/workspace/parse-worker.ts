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
import { analyseFile } from './definition-index';

/** How the thread reads files itself: real workspace roots, the size cap, and the exclusion settings. */
export interface ThreadReading {
  roots: string[];
  maxBytes: number;
  exclusion: { globs: string[]; folders: string[] };
}

export type ParseRequest = { init: ThreadReading } | { id: number; file: string; text?: string };

export interface ParseReply {
  id: number;
  entry?: Awaited<ReturnType<typeof analyseFile>>;
  error?: string;
}

let reading: (ThreadReading & { isExcluded: (p: string) => boolean }) | undefined;

async function answer(file: string, text: string | undefined): Promise<ParseReply['entry']> {
  if (text === undefined) {
    if (!reading) return undefined;
    const read = await readWorkspaceFile(file, { roots: reading.roots, rootsAreReal: true, maxBytes: reading.maxBytes, isExcluded: reading.isExcluded, binary: 'refuse' });
    if (!read.ok) return undefined;
    text = read.text;
  }
  return analyseFile(file, text);
}

parentPort?.on('message', (req: ParseRequest) => {
  if ('init' in req) {
    reading = { ...req.init, isExcluded: createExclusionMatcher(req.init.exclusion.globs, req.init.exclusion.folders) };
    return;
  }
  answer(req.file, req.text).then(
    (entry) => parentPort!.postMessage({ id: req.id, entry } satisfies ParseReply),
    (error: unknown) => parentPort!.postMessage({ id: req.id, error: String(error) } satisfies ParseReply),
  );
});
