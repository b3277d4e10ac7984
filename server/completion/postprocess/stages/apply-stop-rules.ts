import type { Stage } from '../stage';
import { StreamStop } from '../stop/stream-stop';

/** The streaming stop rules over the whole text: first line in line mode, end of the block in block mode, start of repeated suffix lines. */
export const applyStopRules: Stage = (text, sit) => {
  const stop = new StreamStop(sit);
  stop.push(text);
  stop.finish();
  return stop.result;
};
