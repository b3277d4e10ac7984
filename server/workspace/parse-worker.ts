/**
 * The workspace index's parsing thread: receives a file's path and text (already read by the main
 * thread through the guarded reader; this thread opens no file) and answers with what the index
 * keeps. Parsing 5,000 files takes seconds of CPU; here it runs beside the completions instead of
 * between them, and the wasm memory tree-sitter grows for the largest tree goes away with the thread.
 */
import { parentPort } from 'node:worker_threads';
import { analyseFile } from './definition-index';

export interface ParseRequest {
  id: number;
  file: string;
  text: string;
}

export interface ParseReply {
  id: number;
  entry?: Awaited<ReturnType<typeof analyseFile>>;
  error?: string;
}

parentPort?.on('message', (req: ParseRequest) => {
  analyseFile(req.file, req.text).then(
    (entry) => parentPort!.postMessage({ id: req.id, entry } satisfies ParseReply),
    (error: unknown) => parentPort!.postMessage({ id: req.id, error: String(error) } satisfies ParseReply),
  );
});
