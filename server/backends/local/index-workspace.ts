/**
 * The offline engine's corpus from the workspace folders: every file the hardened walker lists, read
 * through the guarded reader, one file per event-loop turn, with progress.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ProgressReporter } from '../../log/progress';
import { realRoots } from '../../privacy/guarded-reader';
import { readTextFile, walkWorkspace, type WalkOptions } from '../../workspace/walker';
import type { CorpusIndex } from './corpus-index';

export interface WalkResult {
  indexed: number;
  /** Listed but not indexed: too large, binary, or unreadable. */
  skipped: number;
  /** Workspace folders not walked, each with the reason and how to change it. */
  refused?: string[];
  /** The walk stopped at the entry bound before seeing the whole tree. */
  truncated?: boolean;
}

export async function indexWorkspace(
  index: CorpusIndex,
  folders: readonly string[],
  opts: WalkOptions & { progress?: ProgressReporter },
): Promise<WalkResult> {
  const result: WalkResult = { indexed: 0, skipped: 0 };
  if (opts.maxFiles <= 0 || folders.length === 0) return result;
  opts.progress?.begin('Indexing workspace for offline completion');
  try {
    const listing = await walkWorkspace(folders, opts);
    const { files } = listing;
    if (listing.refused.length > 0) result.refused = listing.refused;
    if (listing.truncated) result.truncated = true;
    const roots = await realRoots(folders);
    let reported = 0;
    for (let i = 0; i < files.length && !opts.signal?.aborted; i++) {
      const text = await readTextFile(files[i], opts.maxFileBytes, roots, opts.isExcluded);
      if (text === undefined) result.skipped++;
      else {
        index.addWorkspaceFile(files[i], text);
        result.indexed++;
      }
      const percent = Math.floor(((i + 1) * 100) / files.length);
      if (percent >= reported + 5) {
        reported = percent;
        opts.progress?.report(percent, `${i + 1}/${files.length} files`);
      }
      await nextTurn(); // indexing one file is synchronous: let requests in between files
    }
  } finally {
    opts.progress?.end();
  }
  return result;
}
