import { cursorContext } from '../syntax/analysis';
import type { SyntaxDocument } from '../syntax/document-tree';
import { indentWidth, isBlankLine, lineStartAt, nonBlankLines } from '../text/lines';
import type { CompletionMode } from './outcome';
import type { CompletionSite } from './site';
import type { LanguageRules } from '../text/languages';
import { initialState, lex, lineCode } from '../text/lexer';

export type MultilineSetting = 'auto' | 'always' | 'never';

export type ExtentReason =
  | 'setting-always'
  | 'setting-never'
  | 'in-comment'
  | 'in-string'
  | 'empty-block-body'
  | 'after-block-opener'
  | 'text-after-cursor'
  | 'mid-expression'
  | 'line-start';

export interface Extent {
  mode: CompletionMode;
  reason: ExtentReason;
}

/** Without a lexical scan this far back, the cursor is assumed to be in code (plain text only). */
const PLAIN_SCAN_CHARS = 50_000;

/**
 * How much the model should write at `offset`:
 * - `block` in an empty block body (`{|}`, or a blank line under `if x:` with nothing indented
 *   below), after a block opener (`{` or `:` ending the line), and on a blank line or in the
 *   indentation before a line's code (the model writes whole lines; the stop rules bound them);
 * - `line` inside a string or comment, with code after the cursor on its line, and mid-expression
 *   (code before the cursor on its line that does not end with a block opener).
 * Strings, comments and empty bodies come from the syntax tree (cursorContext); without a tree
 * (no grammar, file too large) from a lexical scan and the indentation of the lines around.
 * `always` / `never` override.
 */
export function decideExtent(site: CompletionSite, doc: SyntaxDocument | undefined, setting: MultilineSetting): Extent {
  if (setting === 'always') return { mode: 'block', reason: 'setting-always' };
  if (setting === 'never') return { mode: 'line', reason: 'setting-never' };
  const { text, offset, prefix, linePrefix, lineSuffix, rules } = site;
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const nl = text.indexOf('\n', offset);

  const tree = doc?.tree() && doc.text === text ? cursorContext(doc, offset) : undefined;
  const where = tree ?? lexicalCursor(text, offset, rules);
  if (where.inComment) return { mode: 'line', reason: 'in-comment' };
  if (where.inString) return { mode: 'line', reason: 'in-string' };

  const after = text.slice(nl === -1 ? text.length : nl + 1);
  if (!isBlankLine(linePrefix)) {
    const empty = tree
      ? tree.emptyBlockBody
      : rules.family === 'braces' && /\{\s*$/.test(linePrefix) && /^\s*\}/.test(lineSuffix);
    if (empty) return { mode: 'block', reason: 'empty-block-body' };
    if (!isBlankLine(lineSuffix)) return { mode: 'line', reason: 'text-after-cursor' };
    if (opensBlock(linePrefix, rules)) {
      return { mode: 'block', reason: emptyBody(linePrefix, after, rules) ? 'empty-block-body' : 'after-block-opener' };
    }
    return { mode: 'line', reason: 'mid-expression' };
  }
  if (tree?.emptyBlockBody) return { mode: 'block', reason: 'empty-block-body' };
  const above = lastNonBlankLine(prefix.slice(0, lineStart));
  if (tree?.afterBlockOpener || (above !== undefined && opensBlock(above, rules))) {
    return {
      mode: 'block',
      reason:
        !tree && above !== undefined && emptyBody(above, `${lineSuffix}\n${after}`, rules)
          ? 'empty-block-body'
          : 'after-block-opener',
    };
  }
  return { mode: 'block', reason: 'line-start' };
}

function lexicalCursor(text: string, offset: number, rules: LanguageRules): { inString: boolean; inComment: boolean } {
  const state = initialState();
  lex(text.slice(Math.max(0, offset - PLAIN_SCAN_CHARS), offset), rules, state);
  return { inString: !!state.string, inComment: !!state.blockComment || !!state.lineComment };
}

/** The line's code (before any comment) ends with a block opener. Indentation languages: not inside brackets (`{'a':`, `x[1:`). */
function opensBlock(line: string, rules: LanguageRules): boolean {
  const { code, state } = lineCode(line, rules);
  if (state.string || state.blockComment) return false;
  if (rules.family === 'indent' && state.stack.length > 0) return false;
  return rules.blockOpenerAtEnd.test(code);
}

/** Nothing is written in the block that `opener` opens: the next code is the closer, or not indented deeper. */
function emptyBody(opener: string, after: string, rules: LanguageRules): boolean {
  const next = nonBlankLines(after, 1)[0];
  if (next === undefined) return true;
  if (rules.family === 'braces') return /^\s*\}/.test(next);
  return indentWidth(next) <= indentWidth(opener);
}

function lastNonBlankLine(text: string): string | undefined {
  let end = text.length;
  while (end > 0) {
    const start = lineStartAt(text, end - 1);
    const line = text.slice(start, end).replace(/\r?\n$/, '');
    if (!isBlankLine(line)) return line;
    if (start === 0) break;
    end = start;
  }
  return undefined;
}
