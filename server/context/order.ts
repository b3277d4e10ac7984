/** Code-unit string order: locale-independent, so prompts are identical on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
