import { whenNoRequest } from '../documents/foreground';
import { definitions, getQuery, imports, QUERY_KINDS } from '../syntax/analysis';
import type { DocumentTree } from '../syntax/document-tree';
import { rulesFor } from '../syntax/lexical-rules';
import { lexIndexFor } from '../text/lex-index';

const compiled = new Set<string>();

/**
 * The cursor-independent work a first completion in a document would otherwise do (about 200-300
 * ms at 5k lines): compiling its grammar's queries (once per grammar; 60-200 ms), lexing it for
 * brackets, listing its definitions and imports. Runs in the background once a document is parsed,
 * a step per event-loop turn so that requests arriving meanwhile are not held up for long.
 */
export function prepareDocument(doc: DocumentTree): void {
  // Too large or too slow to parse: lexing it whole would hold up requests for a file that may
  // never be completed in (a log, generated code); a completion there lexes what it needs.
  const reason = doc.plainTextReason;
  if (reason === 'too-large' || reason === 'too-slow') return;
  const steps: Array<() => void> = [];
  const grammar = doc.grammarName;
  if (grammar && !compiled.has(grammar)) {
    compiled.add(grammar);
    for (const kind of QUERY_KINDS) steps.push(() => getQuery(grammar, kind));
  }
  const text = doc.text;
  steps.push(() => {
    if (doc.text !== text) return; // edited meanwhile: the next request lexes what it needs
    const index = lexIndexFor(text, rulesFor(grammar, doc.languageId));
    index.prefixScan(text.length);
    index.unmatchedClosers(0);
  });
  steps.push(() => definitions(doc));
  steps.push(() => imports(doc));
  runInTurns(steps);
}

/** Runs `steps` one per event-loop turn while no request is in flight, so that a request arriving meanwhile waits for one step at most. */
export function runInTurns(steps: Array<() => void>): void {
  const next = (): void => {
    const step = steps.shift();
    if (!step) return;
    step();
    whenNoRequest(next);
  };
  whenNoRequest(next);
}

/**
 * Calls `prepare(uri)` once a document has been left alone for `idleMs` after an edit: the moment
 * to get ready for completions in other documents (the user may be about to switch), without
 * holding up typing.
 */
export class WhenIdle {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly prepare: (uri: string) => void,
    private readonly idleMs = 1000,
  ) {}

  edited(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) timer.refresh();
    else {
      const fire = () => {
        this.timers.delete(uri);
        this.prepare(uri);
      };
      this.timers.set(uri, setTimeout(fire, this.idleMs).unref());
    }
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }
}
