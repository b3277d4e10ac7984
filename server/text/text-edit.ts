/** One text change in JS string offsets (UTF-16 code units, as vscode-languageserver-textdocument counts): what the syntax layer and the document events share. */
export interface TextEdit {
  startOffset: number;
  oldEndOffset: number;
  newText: string;
}
