/**
 * Turning the model's answer into an edit, in internal offsets: replace the target, put a comment
 * above it, or place tests after its top-level construct, in an existing test file or in a new one.
 * The LSP edge turns these into a versioned WorkspaceEdit.
 */
import { commentSyntax } from '../syntax/lexical-rules';
import { wrapProse } from './answer';
import { fitCode, indentStyle, lineIndent, targetCode } from './indentation';
import { documentEol, type Eol, lineStartAt } from '../text/lines';
import { lineEnd } from './targets';

export type PlannedEdit =
  /** In the open document at `version`; an insertion when start === end. */
  | { kind: 'replace'; uri: string; version: number; start: number; end: number; newText: string }
  /** A new file. */
  | { kind: 'create'; uri: string; text: string }
  /** At the end of an existing file (`version` null when the editor does not have it open). */
  | { kind: 'append'; uri: string; version: number | null; fileText: string; newText: string };

export interface Span {
  start: number;
  end: number;
  newText: string;
}

/** The target replaced by the model's code, re-indented to the target's line. */
export function replaceTarget(text: string, target: { start: number; end: number }, code: string): Span {
  const style = indentStyle(targetCode(text, target.start, target.end));
  const newText = fitCode(code, { indent: lineIndent(text, target.start), eol: documentEol(text), style });
  return { start: target.start, end: target.end, newText };
}

/** An explanation as a comment block on the lines above the target's line. */
export function commentAbove(
  text: string,
  target: { start: number },
  prose: readonly string[],
  languageId: string,
  uri: string,
): Span {
  const syntax = commentSyntax(languageId, uri) ?? { open: '//', close: '' };
  const indent = lineIndent(text, target.start);
  const eol = documentEol(text);
  const width = Math.max(40, 100 - indent.length - syntax.open.length - syntax.close.length - 1);
  const lines = wrapProse(
    prose.map((p) => inertInComment(p, syntax)),
    width,
  ).map((l) => (l === '' ? `${indent}${syntax.open}${syntax.close}` : `${indent}${syntax.open} ${l}${syntax.close}`));
  const at = lineStartAt(text, target.start);
  return { start: at, end: at, newText: lines.map((l) => l + eol).join('') };
}

/**
 * Prose that cannot end the comment it is put in: the model's words may contain the closing
 * marker (star-slash, or `-->`)
 * (explaining the very markup), which would turn the rest of the explanation into live code.
 * HTML comments may not contain `--` at all.
 */
export function inertInComment(prose: string, syntax: { open: string; close: string }): string {
  const close = syntax.close.trim();
  if (!close) return prose;
  if (close === '-->') return prose.replace(/--+/g, (m) => m.split('').join(' ')).replace(/--!?>/g, '- ->');
  let out = prose;
  while (out.includes(close)) out = out.split(close).join(`${close[0]} ${close.slice(1)}`);
  return out;
}

/** Tests in the same file: after the line that ends the target's top-level construct. */
export function testsAfter(text: string, target: { outerEnd: number }, code: string): Span {
  const at = lineEnd(text, target.outerEnd);
  const eol = documentEol(text);
  const newText = eol + eol + fitCode(code, { indent: '', eol, style: indentStyle(text.slice(0, 4000)) });
  return { start: at, end: at, newText };
}

/** Tests appended to an existing file's text, separated by a blank line. */
export function testsAppended(fileText: string, code: string, eol: Eol): string {
  const body = fitCode(code, { indent: '', eol, style: indentStyle(fileText.slice(0, 4000)) });
  const gap = fileText === '' ? '' : /(\r?\n){2}$/.test(fileText) ? '' : /\r?\n$/.test(fileText) ? eol : eol + eol;
  return `${gap}${body}${eol}`;
}

/** A new test file's text, in the source document's line ending. */
export function testsFile(code: string, eol: Eol, style: ReturnType<typeof indentStyle>): string {
  return fitCode(code, { indent: '', eol, style }) + eol;
}
