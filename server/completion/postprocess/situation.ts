import type { SyntaxDocument } from '../../syntax/document-tree';
import type { ExtentReason } from '../extent';
import type { CompletionMode } from '../outcome';
import type { CompletionSite } from '../site';
import type { LanguageRules } from '../../text/languages';
import { lineCode } from '../../text/lexer';
import { type Eol, indentWidth, isBlankLine, nonBlankLines } from '../../text/lines';
import { lexIndexFor, windowedLexIndex } from '../../text/lex-index';
import { SyntaxProbe } from './syntax';

/** Everything a post-processing stage may know about where the completion goes. Built once per request. */
export interface Situation {
  /** Document text before / after the cursor, exactly as in the document (CRLF kept). */
  readonly prefix: string;
  readonly suffix: string;
  readonly languageId: string;
  readonly rules: LanguageRules;
  readonly mode: CompletionMode;
  /** The document's line ending at the cursor; completions are converted to it by the last stage. */
  readonly eol: Eol;
  /** The cursor line before the cursor, and after it up to the line break (no CR). */
  readonly linePrefix: string;
  readonly lineSuffix: string;
  /** Only white space before the cursor on its line: the completion writes whole lines. */
  readonly atLineStart: boolean;
  /** Leading white space of the cursor line. */
  readonly indentation: string;
  /** The next non-blank lines the completion is inserted before (LF, trimmed at the end), for regeneration checks. */
  readonly followingLines: readonly string[];
  /** Brackets open at the cursor (a lexical count over the prefix). */
  readonly openBrackets: number;
  /**
   * Brackets the completion should leave open: closers in the suffix beyond those open at the
   * cursor (the completion opens them), minus the brackets open at the cursor that the suffix does
   * not close (the completion closes them). Zero in a balanced document.
   */
  readonly bracketTarget: number;
  /** Indentation blocks: the completion must not leave the definition (or top-level statement) indented at this width. */
  readonly unitIndent: number | undefined;
  readonly maxLines: number;
  /**
   * A line completion may widen to a block when its first line opens one: the line was chosen for
   * code before or after the cursor (`mid-expression`, `text-after-cursor`), not for a string or comment.
   */
  readonly mayWiden: boolean;
  /** Questions to the syntax tree; undefined for plain text. */
  readonly syntax: SyntaxProbe | undefined;
}

export interface SituationInput {
  site: CompletionSite;
  mode: CompletionMode;
  /** Why the extent was chosen (extent.ts); line completions widen only for code around the cursor. */
  extentReason?: ExtentReason;
  maxLines: number;
  /** The document's tree (its text must equal the site's); without it plain-text rules apply. */
  doc?: SyntaxDocument;
  /** Lex only the lines around the cursor (windowedLexIndex): the language is still warming up. */
  windowedLexing?: boolean;
}

const FOLLOWING_LINES = 12;

export function buildSituation(input: SituationInput): Situation {
  const { text, offset, prefix, suffix, linePrefix, lineSuffix, rules } = input.site;
  const nl = suffix.indexOf('\n');
  const atLineStart = isBlankLine(linePrefix);
  const rest = nl === -1 ? '' : suffix.slice(nl + 1);
  const lexical = input.windowedLexing ? windowedLexIndex(text, offset, rules) : lexIndexFor(text, rules);
  const scan = lexical.prefixScan(offset);
  const followingLines =
    atLineStart && !isBlankLine(lineSuffix)
      ? [(linePrefix + lineSuffix).trimEnd(), ...nonBlankLines(rest, FOLLOWING_LINES - 1)]
      : nonBlankLines(rest, FOLLOWING_LINES);
  return {
    prefix,
    suffix,
    languageId: input.site.languageId,
    rules,
    mode: input.mode,
    eol: input.site.eol,
    linePrefix,
    lineSuffix,
    atLineStart,
    indentation: /^[ \t]*/.exec(linePrefix + lineSuffix)![0],
    followingLines,
    openBrackets: scan.openBrackets,
    bracketTarget: lexical.unmatchedClosers(offset) - scan.openBrackets,
    unitIndent: rules.family === 'indent' ? enclosingUnitIndent(prefix, rules, scan.codeLineStarts) : undefined,
    maxLines: input.maxLines,
    mayWiden: input.extentReason === 'mid-expression' || input.extentReason === 'text-after-cursor',
    syntax: SyntaxProbe.for(input.doc, offset),
  };
}

/**
 * For indentation languages: the indentation of the outermost function definition around the
 * cursor, or else of the top-level compound statement it is in; undefined at module level.
 * Walks back over the lines that start in code at bracket depth 0 (not in strings or brackets).
 */
export function enclosingUnitIndent(
  prefix: string,
  rules: LanguageRules,
  starts: readonly number[],
): number | undefined {
  let current = Number.POSITIVE_INFINITY;
  let definition: number | undefined;
  let header: number | undefined;
  for (let k = starts.length - 1; k >= 0 && current > 0; k--) {
    // A logical line: this line and its continuation lines (inside brackets), up to the next one.
    const logical = prefix.slice(starts[k], k + 1 < starts.length ? starts[k + 1] : prefix.length).replace(/\r/g, '');
    const line = logical.slice(0, logical.indexOf('\n') === -1 ? undefined : logical.indexOf('\n'));
    const code = line.trim();
    if (code === '' || rules.lineComments.some((c) => code.startsWith(c))) continue;
    const width = indentWidth(line);
    const first = current === Number.POSITIVE_INFINITY;
    if (!first && width >= current) continue;
    current = width;
    const lastLine = logical.trimEnd().split('\n').pop() ?? '';
    const opens = rules.blockOpenerAtEnd.test(lineCode(lastLine.trim(), rules).code);
    if (!opens && first) continue; // the statement just before the cursor: only its enclosing headers count
    header = width;
    if (rules.definition?.test(code)) definition = width;
  }
  return definition ?? header;
}
