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
const CLASS_HEADER =
  /^([ \t]*)(?:export\s+)?(?:default\s+)?(?:(?:public|private|protected|static|final|abstract|sealed)\s+)*class\s+[A-Za-z_$][\w$]*[^\n]*$/gm;

function lastNonBlankLine(text: string): string | undefined {
  let end = text.length;
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    end = start - 1;
  }
  return undefined;
}

/** Where a name starts: not after a word character or `$` (`\b` never matches before `$http`). */
const NAME_START = '(?<![\\w$])';

/** A Rust or C++ path (`net::Client`), before a `::function(` call on it. */
const PATH = '([A-Za-z_]\\w*(?:::[A-Za-z_]\\w*)*)';

/**
 * `name: Type` (`name?: Type`, `Optional[Type]`, Rust `name: &mut Type`) or Go's `name *Type` /
 * `name Type` (parameters, fields, `var`) in one pattern (one scan of the text per receiver), and
 * `Type name` followed by `=;,)`; `name` is regex-escaped.
 */
function declarationPatterns(name: string, flags: string): [RegExp, RegExp] {
  return [
    new RegExp(
      `${NAME_START}${name}(?:\\??\\s*:\\s*(?:Optional\\[|&(?:mut\\s+)?)?${TYPE}|[ \\t]+\\*?${TYPE}[ \\t]*(?:[,)=\\n]|$))`,
      flags,
    ),
    new RegExp(`\\b${TYPE}(?:<[^<>\\n]*>)?\\s+${name}\\s*[=;,)]`, flags),
  ];
}

/** The type a field's declaration line gives it (`x: Foo`, `x?: Foo`, `private final Foo x;`). */
export function declaredType(line: string, field: string): string | undefined {
  const [annotated, typed] = declarationPatterns(field.replace(/\$/g, '\\$'), '');
  const m = annotated.exec(line) ?? typed.exec(line);
  const type = m ? capturedType(m) : undefined;
  return type && /^[A-Z]/.test(type.split('.').pop()!) ? type : undefined;
}

export function receiverType(text: string, at: number, receiver: string): ReceiverType | undefined {
  const from = Math.max(0, at - MAX_SCAN_CHARS);
  const above = text.slice(from, lineStartAt(text, at));
  if (receiver === 'self' || receiver === 'this' || receiver === 'cls') {
    // The cursor line's indentation, or (nothing typed on it yet) the last non-blank line's above.
    const line = text.slice(lineStartAt(text, at), at);
    const lastAbove = lastNonBlankLine(above);
    const indent =
      line.trim() === '' && lastAbove !== undefined
        ? Math.max(line.length, /^[ \t]*/.exec(lastAbove)![0].length + 1)
        : /^[ \t]*/.exec(line)![0].length;
    let header: string | undefined;
    for (const m of above.matchAll(CLASS_HEADER)) if (m[1].length < indent) header = m[0].trim();
    return header ? { kind: 'class-here', header } : undefined;
  }
  // `self.x` / `this.x`: assigned as `self.x = Foo(`, or declared as a field `x: Foo` / `Foo x;`.
  const field = /^(?:self|this)\.([A-Za-z_$][\w$]*)$/.exec(receiver);
  if (!field && !/^[A-Za-z_$][\w$]*$/.test(receiver)) return undefined;
  const name = (field ? `(?:${receiver.replace('.', '\\.')}|${field[1]})` : receiver).replace(/\$/g, '\\$');
  // `x = new Foo(`, `x = new Foo;` (no arguments), `x = Foo(`, `x = await Foo.create(`; Go `x := &Foo{`,
  // `x := pkg.Foo{`; Rust and C++ `let x = Foo::new(`, `auto x = ns::Foo::make(`.
  const assigned = new RegExp(
    `${NAME_START}${name}\\s*(?::\\s*[^=\\n]*)?=\\s*(?:new\\s+${TYPE}(?![\\w$.])|(?:await\\s+)?${TYPE}\\s*[(<]|&?${TYPE}\\s*\\{|${PATH}::[a-z_]\\w*\\s*[(<])`,
    'g',
  );
  const patterns = [assigned, ...declarationPatterns(name, 'g')];
  let best: { at: number; type: string } | undefined;
  for (const re of patterns) {
    for (const m of above.matchAll(re)) {
      const type = capturedType(m);
      if (!/^[A-Z]/.test(type.split('.').pop()!) || (best && best.at > m.index)) continue;
      best = { at: m.index, type };
    }
  }
  if (!best && field) {
    // A field first assigned further down the class (lazily, in a later method).
    const lineEnd = text.indexOf('\n', at);
    const below = lineEnd === -1 ? '' : text.slice(lineEnd, lineEnd + MAX_SCAN_CHARS);
    for (const m of below.matchAll(assigned)) {
      const type = capturedType(m);
      if (/^[A-Z]/.test(type.split('.').pop()!)) return { kind: 'named', name: type };
    }
  }
  return best ? { kind: 'named', name: best.type } : undefined;
}

/** The type a pattern above captured (whichever alternative matched), `::` read as `.`. */
function capturedType(m: RegExpMatchArray): string {
  return (m[1] ?? m[2] ?? m[3] ?? m[4]).replace(/::/g, '.');
}
