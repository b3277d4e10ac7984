import type { ContextDocument, Snippet } from './snippet';
import type { WorkspaceContext } from './workspace-definitions';

/** What every context source is given for one completion. */
export interface ContextRequest {
  /** The document being completed. */
  current: ContextDocument;
  /** Cursor offset in `current.text`. */
  cursor: number;
  /** Where the prefix window first starts: text above it is not in the window. */
  windowStart: number;
  /** Other open documents, not excluded, ordered by path. */
  others: readonly ContextDocument[];
  /** The workspace definitions index, when there is one. */
  workspace?: WorkspaceContext;
  /** The caller wants the `// Path: …` header line (BuildFimArgs.header). */
  header: boolean;
}

/** What a source found, within the budget it was given. */
export interface Collected {
  snippets: Snippet[];
  /**
   * For text above the prefix window: the same findings rendered again for a window that now
   * starts at `windowStart`, within `budget` (the tokens they took so far). What the wider window
   * shows itself is dropped, and the tokens freed widen the windows further (assemble.ts, step 4).
   */
  rerender?(budget: number, windowStart: number): Snippet[];
}

/**
 * One kind of context. The budget is spent on sources in the order of CONTEXT_SOURCES
 * (sources.ts), each within min(what is left, its share of the whole budget).
 */
export interface ContextSource {
  readonly name: string;
  /**
   * `above`: text of the current file put above the prefix window, top down by `aboveOrder`.
   * `files`: pieces of other files, sent as context files (ContextFileSet: each piece also pays
   * its separator and its file's path).
   */
  readonly place: 'above' | 'files';
  /** For `above`: position top down (the path comment first, then imports, then signatures). */
  readonly aboveOrder?: number;
  /** Whether it runs at all for this request (default: always). */
  enabled?(req: ContextRequest): boolean;
  /** Its share of the whole budget; without one it may take all that is left. */
  share?(req: ContextRequest): number;
  /** Sources naming the same pool spend one share between them, in list order. */
  readonly pool?: string;
  /** Dropped when any context file is sent (the FIM templates name the current file themselves then). */
  readonly onlyWithoutFiles?: boolean;
  collect(req: ContextRequest, budget: number): Collected;
}

/**
 * collect() for text above the prefix window: `lookUp` runs once per completion, `render` for the
 * first window and again (rerender) each time the window widens.
 */
export function lookUpOnceRenderAbove<T>(
  lookUp: (req: ContextRequest) => T,
  render: (doc: ContextDocument, found: T, budget: number, windowStart: number) => Snippet[],
): ContextSource['collect'] {
  return (req, budget) => {
    const found = lookUp(req);
    return {
      snippets: render(req.current, found, budget, req.windowStart),
      rerender: (tokens, windowStart) => render(req.current, found, tokens, windowStart),
    };
  };
}
