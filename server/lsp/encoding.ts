import type { ClientCapabilities, Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * Position encodings: clients count columns in UTF-8 bytes, UTF-16 code units or code points.
 * Inside the server every position is a JavaScript string offset (UTF-16); this module is the only
 * place that converts, once, at the protocol edge.
 */
export type PositionEncoding = 'utf-8' | 'utf-16' | 'utf-32';
const SUPPORTED: readonly PositionEncoding[] = ['utf-8', 'utf-16', 'utf-32'];

/** The client's first preference we support; UTF-16 when the client says nothing (the LSP default). */
export function negotiateEncoding(caps: ClientCapabilities): PositionEncoding {
  const offered: unknown[] = Array.isArray(caps?.general?.positionEncodings) ? caps.general!.positionEncodings! : [];
  return (
    (offered.find((e) => (SUPPORTED as readonly unknown[]).includes(e)) as PositionEncoding | undefined) ?? 'utf-16'
  );
}

function unitsOf(codePoint: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-32') return 1;
  if (encoding === 'utf-16') return codePoint > 0xffff ? 2 : 1;
  return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/** Client column → UTF-16 column in `line`. Past the end clamps to the end; mid-character rounds down. */
export function toUtf16Column(line: string, column: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return Math.min(Math.max(column, 0), line.length);
  let units = 0;
  let i = 0;
  while (i < line.length) {
    const cp = line.codePointAt(i)!;
    const next = units + unitsOf(cp, encoding);
    if (next > column) break;
    units = next;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** UTF-16 column in `line` → client column. */
export function fromUtf16Column(line: string, column: number, encoding: PositionEncoding): number {
  if (encoding === 'utf-16') return column;
  let units = 0;
  let i = 0;
  const end = Math.min(column, line.length);
  while (i < end) {
    const cp = line.codePointAt(i)!;
    units += unitsOf(cp, encoding);
    i += cp > 0xffff ? 2 : 1;
  }
  return units;
}

/** The text of line `line` without its terminator. */
export function lineText(doc: TextDocument, line: number): string {
  const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return text.replace(/\r?\n$|\r$/, '');
}

/** Converts between client positions and internal UTF-16 positions/offsets for one negotiated encoding. */
export class PositionConverter {
  constructor(readonly encoding: PositionEncoding) {}

  /** Client position → UTF-16 position (same line). */
  toUtf16(doc: TextDocument, pos: Position): Position {
    if (this.encoding === 'utf-16' || pos.line >= doc.lineCount) return pos;
    return { line: pos.line, character: toUtf16Column(lineText(doc, pos.line), pos.character, this.encoding) };
  }

  toUtf16Range(doc: TextDocument, range: Range): Range {
    return { start: this.toUtf16(doc, range.start), end: this.toUtf16(doc, range.end) };
  }

  /** Client position → string offset. Throws RangeError for a line past the end of the document. */
  toOffset(doc: TextDocument, pos: Position): number {
    if (!Number.isInteger(pos.line) || !Number.isInteger(pos.character) || pos.line < 0 || pos.character < 0) {
      throw new RangeError(`invalid position ${JSON.stringify(pos)}`);
    }
    if (pos.line >= doc.lineCount)
      throw new RangeError(`line ${pos.line} is past the end of the document (${doc.lineCount} lines)`);
    return doc.offsetAt(this.toUtf16(doc, pos));
  }

  /** String offset → client position. */
  toPosition(doc: TextDocument, offset: number): Position {
    const p = doc.positionAt(offset);
    if (this.encoding === 'utf-16') return p;
    return { line: p.line, character: fromUtf16Column(lineText(doc, p.line), p.character, this.encoding) };
  }

  toRange(doc: TextDocument, start: number, end: number): Range {
    return { start: this.toPosition(doc, start), end: this.toPosition(doc, end) };
  }
}
