import type { Stage } from '../stage';

/** LF becomes the document's line ending; no CR is left anywhere else. */
export const restoreLineEndings: Stage = (text, sit) => {
  const lf = text.replace(/\r/g, '');
  return sit.eol === '\r\n' ? lf.replace(/\n/g, '\r\n') : lf;
};
