import { lineStartAt } from '../text/lines';

/**
 * A construct's header rendered on its own line with the indentation of the line it starts on,
 * e.g. `    def bar(self, x):`. Brace-bodied headers get their ` {` back so the outline reads like
 * the code it summarises (the syntax layer's signature stops where the body starts), and the
 * spaces left by joining a multi-line parameter list are tidied: `f( a, b, )` → `f(a, b)`.
 */
export function outlineLine(text: string, start: number, signature: string, bodyStart?: number): string {
  const lineStart = lineStartAt(text, start);
  const indent = /^[ \t]*/.exec(text.slice(lineStart, start))![0];
  const opensBrace = bodyStart !== undefined && text[bodyStart] === '{' && !signature.endsWith('{');
  const tidy = signature.replace(/([([]) +/g, '$1').replace(/,? +([)\]])/g, '$1');
  return `${indent}${tidy}${opensBrace ? ' {' : ''}`;
}
