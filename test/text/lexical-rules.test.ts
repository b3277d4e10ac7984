import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rulesFor } from '../../server/syntax/lexical-rules';
import { grammarEntries } from '../../server/syntax/registry';
import { parseLexicalRules, PLAIN_TEXT_RULES } from '../../server/text/languages';

test('every grammar has its lexical facts in grammars/<name>/lexical.json', () => {
  for (const entry of grammarEntries()) {
    const rules = rulesFor(entry.name, '');
    assert.notEqual(rules, PLAIN_TEXT_RULES, `${entry.name} falls back to plain text`);
    assert.ok(rules.blockOpenerAtEnd instanceof RegExp);
  }
});

test("a languageId finds its grammar's facts; an unknown one gets plain-text rules", () => {
  assert.equal(rulesFor(undefined, 'typescriptreact'), rulesFor('tsx', ''));
  assert.equal(rulesFor(undefined, 'zsh'), rulesFor('bash', ''));
  assert.equal(rulesFor(undefined, 'cobol'), PLAIN_TEXT_RULES);
  assert.deepEqual(rulesFor('python', '').lineComments, ['#']);
  assert.ok(rulesFor('python', '').definition?.test('async def f():'));
});

test('a malformed lexical.json is refused with the file and the field named', () => {
  const good = {
    family: 'braces',
    lineComments: ['//'],
    blockComments: [['/*', '*/']],
    strings: [{ open: '"', close: '"', multiline: false, escapes: true }],
    blockOpenerAtEnd: '\\{$',
  };
  assert.equal(parseLexicalRules(good, 'x.json').family, 'braces');
  assert.throws(() => parseLexicalRules({ ...good, family: 'tabs' }, 'x.json'), /x\.json: family/);
  assert.throws(() => parseLexicalRules({ ...good, strings: [{ open: '"' }] }, 'x.json'), /x\.json: strings/);
  assert.throws(
    () => parseLexicalRules({ ...good, blockOpenerAtEnd: undefined }, 'x.json'),
    /blockOpenerAtEnd is required/,
  );
  assert.throws(() => parseLexicalRules([], 'x.json'), /x\.json/);
});
