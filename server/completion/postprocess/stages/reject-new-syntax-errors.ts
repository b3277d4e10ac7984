import type { Stage } from '../stage';
import type { Situation } from '../situation';
import { fitEndToLine } from './fit-end-to-line';

/** Parses tried per completion when cutting back; past this the completion is refused. */
const MAX_PARSES = 8;

/**
 * A completion must not add syntax errors the document did not have. One that does is cut back to
 * the longest line prefix that adds none, else refused. Without a syntax tree the completion is kept.
 */
export const rejectNewSyntaxErrors: Stage = (text, sit) => {
  const probe = sit.syntax;
  if (!probe?.addsErrors(toEol(text, sit))) return text;
  let parses = 1;
  const tried = new Set<string>([text]);
  for (
    let k = text.lastIndexOf('\n', text.length - 2);
    k > 0 && parses < MAX_PARSES;
    k = text.lastIndexOf('\n', k - 1)
  ) {
    const candidate = fitEndToLine(text.slice(0, k + 1), sit);
    if (candidate === null || candidate.trim() === '') break;
    if (tried.has(candidate)) continue;
    tried.add(candidate);
    parses++;
    if (!probe.addsErrors(toEol(candidate, sit))) return candidate;
  }
  return null;
};

function toEol(text: string, sit: Situation): string {
  return sit.eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text;
}
