import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rulesFor } from '../../server/syntax/lexical-rules';
import { LEX_WINDOW_CHARS, lexIndexFor, windowedLexIndex } from '../../server/text/lex-index';
import { initialState, lex } from '../../server/text/lexer';

type Rules = ReturnType<typeof rulesFor>;

function fullPrefixScan(prefix: string, rules: Rules) {
  const state = initialState();
  const codeLineStarts = [0];
  lex(prefix, rules, state, (ev) => {
    if (ev.type === 'line' && ev.inCode && ev.depth === 0) codeLineStarts.push(ev.index);
  });
  return { openBrackets: state.stack.length, codeLineStarts };
}

function fullClosers(suffix: string, rules: Rules): number {
  let closes = 0;
  lex(suffix, rules, initialState(), (ev) => {
    if (ev.type === 'close' && ev.unmatched) closes++;
  });
  return closes;
}

const PIECES: Record<string, string[]> = {
  python: [
    'def f(a,\n',
    '    """doc\n)\n"""\n',
    '    return [1,\n',
    '    x = {\n',
    '}\n',
    ')\n',
    '# )comment\n',
    "s = ')'\n",
    'class A:\n    pass\n',
    ']]\n',
    '    y = 1\n',
  ],
  javascript: [
    'function f(a,\n',
    '/* ) \n } */\n',
    'x = /[)]/g;\n',
    '`)\n${a}`\n',
    '}\n',
    ')\n',
    '// }\n',
    "s = '}'\n",
    'if (a) {\n',
    'y = a / b)\n',
    '  z = 2;\n',
  ],
};

for (const language of Object.keys(PIECES)) {
  test(`indexed prefix and suffix scans equal full scans across random edits, typing and jumps (${language})`, () => {
    const rules = rulesFor(language, language);
    const pieces = PIECES[language];
    let seed = 11;
    const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let text = Array.from({ length: 3000 }, (_, i) => pieces[(i * 7) % pieces.length]).join('');
    let cursor = Math.floor(text.length / 2);
    for (let step = 0; step < 300; step++) {
      const roll = rnd();
      if (roll < 0.5) {
        // Typing at the cursor.
        const piece =
          rnd() < 0.8 ? 'abc(){}[]"\'/*# \n'[Math.floor(rnd() * 16)] : pieces[Math.floor(rnd() * pieces.length)];
        text = text.slice(0, cursor) + piece + text.slice(cursor);
        cursor += piece.length;
      } else if (roll < 0.7) {
        // An edit somewhere else (a paste, a deletion), the cursor stays.
        const at = Math.floor(rnd() * text.length);
        const del = Math.floor(rnd() * 40);
        const piece = pieces[Math.floor(rnd() * pieces.length)];
        text = text.slice(0, at) + piece + text.slice(at + del);
        if (at < cursor) cursor = Math.max(at, cursor + piece.length - Math.min(del, cursor - at));
      } else cursor = Math.floor(rnd() * text.length); // a jump
      cursor = Math.min(cursor, text.length);
      const index = lexIndexFor(text, rules);
      const full = fullPrefixScan(text.slice(0, cursor), rules);
      const scan = index.prefixScan(cursor);
      assert.equal(scan.openBrackets, full.openBrackets, `open brackets, step ${step}`);
      assert.deepEqual(scan.codeLineStarts, full.codeLineStarts, `code line starts, step ${step}`);
      assert.equal(
        index.unmatchedClosers(cursor),
        fullClosers(text.slice(cursor), rules),
        `unmatched closers, step ${step}`,
      );
    }
  });
}

test('documents completed in turn keep their own indexes', () => {
  const rules = rulesFor('java', 'java');
  const a = 'class A {\n  void f() {\n    int x = (1 + 2);\n  }\n}\n'.repeat(400);
  const b = 'interface B {\n  int g(int y);\n}\n'.repeat(600);
  const first = lexIndexFor(a, rules);
  assert.equal(first.unmatchedClosers(a.indexOf('int x') + 2), 2);
  const other = lexIndexFor(b, rules);
  assert.notEqual(other, first);
  assert.equal(lexIndexFor(a, rules), first);
  assert.equal(first.unmatchedClosers(a.indexOf('}\n}')), 2);
  assert.equal(first.prefixScan(a.indexOf('int x')).openBrackets, 2);
});

test('a windowed scan equals the full scan inside balanced code and counts only the lines around the cursor', () => {
  const rules = rulesFor('python', 'python');
  const body = Array.from({ length: 1500 }, (_, i) => `def f${i}(a, b=[1, 2]):\n    return {"k": (a, b)}  # )\n`).join(
    '',
  );
  const cursor = body.indexOf('def f900');
  const at = cursor + 'def f900('.length;
  const text = `${body.slice(0, at)}${body.slice(at)}`;
  const full = lexIndexFor(text, rules);
  const windowed = windowedLexIndex(text, at, rules);
  const fullScan = full.prefixScan(at);
  const windowScan = windowed.prefixScan(at);
  assert.equal(windowScan.openBrackets, fullScan.openBrackets);
  assert.equal(windowed.unmatchedClosers(at), full.unmatchedClosers(at));
  // Lines near the cursor are found at the same offsets; those far above are not scanned.
  const near = fullScan.codeLineStarts.filter((s) => s >= at - LEX_WINDOW_CHARS / 2);
  assert.deepEqual(
    windowScan.codeLineStarts.filter((s) => s >= at - LEX_WINDOW_CHARS / 2),
    near,
  );
  assert.ok(
    windowScan.codeLineStarts[0] > 0 && windowScan.codeLineStarts[0] >= at - LEX_WINDOW_CHARS - 1,
    'starts at a line start within the window',
  );
  assert.ok(windowScan.codeLineStarts.length < fullScan.codeLineStarts.length / 3);
});
