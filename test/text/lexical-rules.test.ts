import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentSyntax, hasIndentBlocks, rulesFor } from '../../server/syntax/lexical-rules';
import { grammarEntries } from '../../server/syntax/registry';
import { commentLine, parseLexicalRules, parseOtherLanguages, PLAIN_TEXT_RULES } from '../../server/text/languages';

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

test('a comment line is written the way the language data says, grammar or not', () => {
  const line = (id: string, path = '') => {
    const s = commentSyntax(id, path);
    return s ? commentLine(s, 'x') : undefined;
  };
  // From a grammar's lexical.json (its first line comment) ...
  assert.equal(line('php'), '// x');
  assert.equal(line('zsh'), '# x');
  assert.equal(line('lua'), '-- x');
  // ... from grammars/languages.json for the others, line or block comments.
  assert.equal(line('clojure'), '; x');
  assert.equal(line('css'), '/* x */');
  assert.equal(line('svelte'), '<!-- x -->');
  // An unknown languageId: the language guessed from the path's extension, when languages.json lists it.
  assert.equal(line('', 'conf/app.YML'), '# x');
  assert.equal(line('plaintext', 'src/main.rs'), '// x');
  assert.equal(line('plaintext', 'notes.txt'), undefined);
});

test('every languageId of a grammar writes comments with its lexical.json comment', () => {
  for (const entry of grammarEntries()) {
    const rules = rulesFor(entry.name, '');
    for (const id of entry.languageIds)
      assert.deepEqual(commentSyntax(id), { open: rules.lineComments[0], close: '' }, `${id} (${entry.name})`);
  }
});

test('indentation blocks: Python by its grammar, YAML and others by languages.json', () => {
  assert.equal(hasIndentBlocks('python'), true);
  assert.equal(hasIndentBlocks('yaml'), true);
  assert.equal(hasIndentBlocks('javascript'), false);
  assert.equal(hasIndentBlocks('toml'), false);
  assert.equal(hasIndentBlocks('cobol'), false);
});

test('a malformed languages.json is refused with the file and the field named', () => {
  const good = {
    languages: { yaml: { lineComments: ['#'], indentBlocks: true } },
    languageByExtension: { '.yml': 'yaml' },
  };
  assert.deepEqual(parseOtherLanguages(good, 'l.json').languages.get('yaml'), {
    lineComments: ['#'],
    blockComments: [],
    indentBlocks: true,
  });
  assert.throws(() => parseOtherLanguages([], 'l.json'), /l\.json: not a JSON object/);
  assert.throws(
    () => parseOtherLanguages({ ...good, languages: { yaml: { lineComments: '#' } } }, 'l.json'),
    /l\.json: languages\.yaml\.lineComments/,
  );
  assert.throws(
    () => parseOtherLanguages({ ...good, languages: { css: { blockComments: [['/*']] } } }, 'l.json'),
    /l\.json: languages\.css\.blockComments/,
  );
  assert.throws(
    () => parseOtherLanguages({ ...good, languages: { yaml: { indentBlocks: 'yes' } } }, 'l.json'),
    /languages\.yaml\.indentBlocks/,
  );
  assert.throws(
    () => parseOtherLanguages({ ...good, languages: { yaml: { lineComment: ['#'] } } }, 'l.json'),
    /languages\.yaml: unknown field lineComment/,
  );
  assert.throws(
    () => parseOtherLanguages({ ...good, languageByExtension: { yml: 'yaml' } }, 'l.json'),
    /l\.json: languageByExtension: yml/,
  );
  assert.throws(
    () => parseOtherLanguages({ ...good, languageByExtension: { '.yml': 1 } }, 'l.json'),
    /languageByExtension\.\.yml must be a languageId/,
  );
});
