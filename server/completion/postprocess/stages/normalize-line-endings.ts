import type { Stage } from '../stage';

/** CRLF and lone CR become LF: every later stage works on LF text (the document's ending is restored last). */
export const normalizeLineEndings: Stage = (text) => text.replace(/\r\n?/g, '\n');
