import { type TextChange, textChange } from '../text/text-diff';

export type { TextChange };

/** How far from the cursor an edit is tracked: typing touches a few characters, a paste more. */
const REACH = 4096;

/**
 * The span where `next` differs from `prev`, when it lies within REACH of `near` (the cursor);
 * undefined otherwise (a paste elsewhere, a reformat: callers then start over).
 */
export function changeNear(prev: string, next: string, near: number): TextChange | undefined {
  const change = textChange(prev, next);
  return change.start >= near - REACH && change.newEnd <= near + REACH ? change : undefined;
}
