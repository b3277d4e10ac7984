import type { Node } from 'web-tree-sitter';
import type { SyntaxDocument } from './document-tree';
import { enclosingBlock, isBlockOpener, tokenBefore, type BlockInfo } from './blocks';
import { indentOf, lineAt, nextNonBlankLine, previousNonBlankLine, type LineSpan } from '../text/lines';
import { literalAt, scanLinePrefix } from './literals';
import { startOf } from './node-path';

/** What the cursor sits in; decides how much a completion should write (one line or a block). */
export interface CursorContext {
  inString: boolean;
  inComment: boolean;
  /** On a blank line (or right after the opener) of a block body holding no statements yet. */
  emptyBlockBody: boolean;
  /** The previous non-blank line ends with a block opener (":" in Python, "{", "do", "then"…). */
  afterBlockOpener: boolean;
  /** Inside an unfinished expression on this line: an open "(" or "[", or right after an operator. */
  midExpression: boolean;
  lineHasTextAfterCursor: boolean;
  /** The innermost block whose body holds the cursor. */
  block?: BlockInfo;
}

const WORD_OPERATORS = new Set(['and', 'or', 'not', 'in', 'is', 'instanceof', 'typeof', 'await', 'new', 'as']);
const NOT_OPERATORS = new Set([')', ']', '}', ';', '"', "'", '`', '>"']);
const CLOSING_REST = /^\s*(?:[}\])]|end\b|fi\b|done\b|esac\b|$)/;

export function cursorContext(doc: SyntaxDocument, offset: number): CursorContext {
  const text = doc.text;
  const line = lineAt(text, offset);
  const before = text.slice(line.start, offset);
  const after = text.slice(offset, line.end);
  const context: CursorContext = {
    inString: false,
    inComment: false,
    emptyBlockBody: false,
    afterBlockOpener: false,
    midExpression: false,
    lineHasTextAfterCursor: after.trim() !== '',
  };
  const tree = doc.tree();
  if (!tree) return context;
  const root = tree.rootNode;
  const literal = literalAt(doc, offset);
  context.inString = literal === 'string';
  context.inComment = literal === 'comment';
  context.block = enclosingBlock(doc, offset);

  const above = previousNonBlankLine(text, offset);
  context.afterBlockOpener = !!above && lastTokenOpens(doc, root, above);
  if (literal) return context;

  const tokenOnLine = lastTokenOn(root, line, offset);
  const atBodyStart = before.trim() === '' || (!!tokenOnLine && isBlockOpener(doc, tokenOnLine));
  if (atBodyStart && CLOSING_REST.test(after)) {
    context.emptyBlockBody =
      !!context.block?.empty ||
      (before.trim() === '' && context.afterBlockOpener && !!above && nothingDeeperBelow(text, offset, above));
  }
  context.midExpression =
    before.trim() !== '' && (hasOpenBracket(before) || (!!tokenOnLine && isOperator(doc, tokenOnLine)));
  return context;
}

function lastTokenOn(root: Node, line: LineSpan, offset: number): Node | undefined {
  const token = tokenBefore(root, offset);
  return token && startOf(token) >= line.start ? token : undefined;
}

function lastTokenOpens(doc: SyntaxDocument, root: Node, line: LineSpan): boolean {
  const token = lastTokenOn(root, line, line.end);
  return !!token && isBlockOpener(doc, token);
}

// Error recovery often drops the empty body, so also read the layout: the opener's body is
// empty when the next non-blank line is no deeper than the opener line (a closer, a dedent, EOF).
function nothingDeeperBelow(text: string, offset: number, opener: LineSpan): boolean {
  const below = nextNonBlankLine(text, offset);
  return !below || indentOf(text, below) <= indentOf(text, opener);
}

function isOperator(doc: SyntaxDocument, token: Node): boolean {
  if (token.isNamed || NOT_OPERATORS.has(token.type) || isBlockOpener(doc, token)) return false;
  return WORD_OPERATORS.has(token.type) || /^[^\w\s]+$/.test(token.type);
}

// Brackets opened earlier on this line and not closed, ignoring quoted text.
function hasOpenBracket(linePrefix: string): boolean {
  return scanLinePrefix(linePrefix).openBrackets > 0;
}
