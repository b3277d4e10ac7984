import { grammarFor } from '../syntax/registry';
import { type Eol, eolAt } from '../text/lines';
import { wordBeforeCursor } from './gate';
import { rulesFor } from '../syntax/lexical-rules';
import type { LanguageRules } from '../text/languages';

/**
 * Where a completion goes, computed once per request by the engine and passed down to the extent
 * decision, the request, the stop rules and post-processing (none of them re-derives it).
 */
export interface CompletionSite {
  readonly uri: string;
  readonly languageId: string;
  /** The whole document as the request found it, and the cursor in it (JS string offset). */
  readonly text: string;
  readonly offset: number;
  /** Document text before / after the cursor, exactly as in the document (CRLF kept). */
  readonly prefix: string;
  readonly suffix: string;
  /** The cursor line before the cursor, and after it up to the line break (no CR). */
  readonly linePrefix: string;
  readonly lineSuffix: string;
  /** The identifier-like word ending at the cursor (what the user is typing). */
  readonly typedWord: string;
  /** Where a menu item's replacement starts: the start of the typed word. */
  readonly replaceStart: number;
  /** The line ending at the cursor; completions are converted to it. */
  readonly eol: Eol;
  /** The language's lexical rules (plain-text rules when arbor-ls has none for it). */
  readonly rules: LanguageRules;
}

export function completionSite(uri: string, languageId: string, text: string, cursor: number): CompletionSite {
  const offset = Math.max(0, Math.min(cursor, text.length));
  const prefix = text.slice(0, offset);
  const suffix = text.slice(offset);
  const linePrefix = prefix.slice(prefix.lastIndexOf('\n') + 1).replace(/\r$/, '');
  const nl = suffix.indexOf('\n');
  const lineSuffix = (nl === -1 ? suffix : suffix.slice(0, nl)).replace(/\r$/, '');
  const typedWord = wordBeforeCursor(linePrefix);
  return {
    uri,
    languageId,
    text,
    offset,
    prefix,
    suffix,
    linePrefix,
    lineSuffix,
    typedWord,
    replaceStart: offset - typedWord.length,
    eol: eolAt(text, offset),
    rules: rulesFor(grammarFor(languageId, uri)?.name, languageId),
  };
}
