import type { Stage } from '../stage';

/** Keeps at most completion.maxLines lines. */
export const limitLines: Stage = (text, sit) => {
  let at = -1;
  for (let n = 0; n < sit.maxLines; n++) {
    at = text.indexOf('\n', at + 1);
    if (at === -1) return text;
  }
  return text.slice(0, at);
};
