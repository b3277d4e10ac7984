import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rulesFor } from '../../server/completion/postprocess/languages';
import { scanPrefix, unmatchedClosers } from '../../server/completion/postprocess/lex-cache';
import { initialState, lex } from '../../server/completion/postprocess/lexer';

function fullScan(prefix: string, rules: ReturnType<typeof rulesFor>) {
  const state = initialState();
  const codeLineStarts = [0];
  lex(prefix, rules, state, (ev) => {
    if (ev.type === 'line' && ev.inCode && ev.depth === 0) codeLineStarts.push(ev.index);
  });
  return { openBrackets: state.stack.length, codeLineStarts };
}

test('cached prefix scans equal full scans across random edits (strings, comments, brackets)', () => {
  const rules = rulesFor('python', 'python');
  const pieces = ['def f(a,\n', '    """doc\n(\n"""\n', '    return [1,\n', '    x = {\n', '}\n', ')\n', '# (comment\n', "s = '('\n", 'class A:\n    pass\n'];
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  let text = Array.from({ length: 3000 }, (_, i) => pieces[i % pieces.length]).join('');
  for (let step = 0; step < 60; step++) {
    const at = Math.floor(rnd() * text.length);
    const del = Math.floor(rnd() * 5);
    text = text.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(at + del);
    const cursor = Math.floor(rnd() * text.length);
    const prefix = text.slice(0, cursor);
    const cached = scanPrefix(prefix, rules);
    const full = fullScan(prefix, rules);
    assert.equal(cached.openBrackets, full.openBrackets, `step ${step}`);
    assert.deepEqual(cached.codeLineStarts, full.codeLineStarts, `step ${step}`);
  }
});

function fullClosers(suffix: string, rules: ReturnType<typeof rulesFor>): number {
  let closes = 0;
  lex(suffix, rules, initialState(), (ev) => {
    if (ev.type === 'close' && ev.unmatched) closes++;
  });
  return closes;
}

for (const language of ['python', 'javascript']) {
  test(`cached suffix scans equal full scans across random edits and cursor jumps (${language})`, () => {
    const rules = rulesFor(language, language);
    const pieces =
      language === 'python'
        ? ['def f(a,\n', '    """doc\n)\n"""\n', '    return [1,\n', '    x = {\n', '}\n', ')\n', '# )comment\n', "s = ')'\n", 'class A:\n    pass\n', ']]\n']
        : ['function f(a,\n', '/* ) */\n', 'x = /[)]/g;\n', '`)\n${a}`\n', '}\n', ')\n', '// }\n', "s = '}'\n", 'if (a) {\n', 'y = a / b)\n'];
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let text = Array.from({ length: 4000 }, (_, i) => pieces[(i * 7) % pieces.length]).join('');
    for (let step = 0; step < 120; step++) {
      if (step % 3 === 0) {
        const at = Math.floor(rnd() * text.length);
        text = text.slice(0, at) + pieces[Math.floor(rnd() * pieces.length)] + text.slice(at + Math.floor(rnd() * 5));
      }
      const suffix = text.slice(Math.floor(rnd() * text.length));
      assert.equal(unmatchedClosers(suffix, rules), fullClosers(suffix, rules), `step ${step}`);
    }
  });
}

test('unmatched closers in a suffix are counted once and remembered', () => {
  const rules = rulesFor('java', 'java');
  assert.equal(unmatchedClosers(') {\n  }\n}\n', rules), 2);
  assert.equal(unmatchedClosers(') {\n  }\n}\n', rules), 2);
  assert.equal(unmatchedClosers('"}" )', rules), 1);
});
