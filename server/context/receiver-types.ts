/**
 * The type of the object a member is used on (`obj.method`), read from the text above the use:
 * `self`/`this` is the enclosing class; otherwise the nearest annotation (`obj: Foo`), constructor
 * call (`obj = Foo(`, `obj = new Foo(`) or Java declaration (`Foo obj =`). Text only, bounded, no
 * tree: it runs on every completion.
 */
import { lineStartAt } from '../text/lines';

export type ReceiverType = { kind: 'class-here'; header: string } | { kind: 'named'; name: string };

/** How far above the use a declaration is looked for. */
const MAX_SCAN_CHARS = 24_000;
const TYPE = '([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*)';
const CLASS_HEADER = /^([ \t]*)(?:export\s+)?(?:default\s+)?(?:(?:public|private|protected|static|final|abstract|sealed)\s+)*class\s+[A-Za-z_$][\w$]*[^\n]*$/gm;

export function receiverType(text: string, at: number, receiver: string): ReceiverType | undefined {
  const from = Math.max(0, at - MAX_SCAN_CHARS);
  const above = text.slice(from, lineStartAt(text, at));
  if (receiver === 'self' || receiver === 'this' || receiver === 'cls') {
    const line = text.slice(lineStartAt(text, at), at);
    const indent = /^[ \t]*/.exec(line)![0].length;
    let header: string | undefined;
    for (const m of above.matchAll(CLASS_HEADER)) if (m[1].length < indent) header = m[0].trim();
    return header ? { kind: 'class-here', header } : undefined;
  }
  if (!/^[A-Za-z_$][\w$]*$/.test(receiver)) return undefined;
  const name = receiver.replace(/\$/g, '\\$');
  const patterns = [
    new RegExp(`\\b${name}\\s*(?::\\s*[^=\\n]*)?=\\s*(?:new\\s+|await\\s+)?${TYPE}\\s*[(<]`, 'g'),
    new RegExp(`\\b${name}\\??\\s*:\\s*(?:Optional\\[)?${TYPE}`, 'g'),
    new RegExp(`\\b${TYPE}(?:<[^<>\\n]*>)?\\s+${name}\\s*[=;,)]`, 'g'),
  ];
  let best: { at: number; type: string } | undefined;
  for (const re of patterns) {
    for (const m of above.matchAll(re)) {
      const type = m[1];
      if (!/^[A-Z]/.test(type.split('.').pop()!) || (best && best.at > m.index)) continue;
      best = { at: m.index, type };
    }
  }
  return best ? { kind: 'named', name: best.type } : undefined;
}
