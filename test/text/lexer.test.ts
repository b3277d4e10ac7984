import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rulesFor } from '../../server/syntax/lexical-rules';
import { initialState, lex } from '../../server/text/lexer';

/** Brackets the lexer counts as open at the end of `code`, and whether it ends inside a string or comment. */
function scan(languageId: string, code: string): { open: string; inString: boolean; inComment: boolean } {
  const state = initialState();
  lex(code, rulesFor(languageId, languageId), state);
  return {
    open: state.stack.join(''),
    inString: !!state.string,
    inComment: !!state.blockComment || !!state.lineComment,
  };
}

const CASES: Array<[language: string, code: string, open: string, inString?: boolean, inComment?: boolean]> = [
  ['javascript', 'f(a, "(", `${x}{`, /[(]/g.test(s), {', '({'],
  ['javascript', 'x = a / b / (c', '('],
  ['typescript', 'const s = `line\n{ still in the template', '', true],
  ['c', "if (c == '(') { /* ( */ x[1", '{['],
  ['c', 'int x = 1; // {', '', false, true],
  ['cpp', "long n = 1'000'000; f(", '('],
  ['rust', "fn f<'a>(x: &'a str) {", '{'],
  ['python', 'x = """(\n{""" + f(', '('],
  ['python', "s = '''\nstill open [", '', true],
  ['python', 'd = {  # (', '{', false, true],
  ['csharp', 'var p = @"C:\\dir\\"; call(', '('],
  ['kotlin', 'val s = "{"; f(', '('],
];

test('the lexer counts brackets outside strings, comments, char and regex literals', () => {
  for (const [language, code, open, inString = false, inComment = false] of CASES) {
    assert.deepEqual(scan(language, code), { open, inString, inComment }, `${language}: ${JSON.stringify(code)}`);
  }
});

test('line events say whether a line starts in code, and at which depth', () => {
  const events: Array<[boolean, number]> = [];
  lex('f(\n  a,\n)\n"""\ndoc\n"""\n', rulesFor('python', 'python'), initialState(), (ev) => {
    if (ev.type === 'line') events.push([ev.inCode, ev.depth]);
  });
  assert.deepEqual(events, [
    [true, 1],
    [true, 1],
    [true, 0],
    [false, 0],
    [false, 0],
    [true, 0],
  ]);
});
