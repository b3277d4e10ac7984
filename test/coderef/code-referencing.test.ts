import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { CodeReferencing } from '../../server/coderef/code-referencing';
import { canonicalLicence, metadataLicence, pyprojectLicence } from '../../server/coderef/licence-ids';
import { LicenceTexts, shippedLicenceTexts } from '../../server/coderef/licence-texts';
import { type Config, defaultConfig } from '../../server/config/schema';
import { GPL_FUNCTION, GPL_PARAGRAPH, MIT_PARAGRAPH, plantWorkspace } from './fixtures';

function service(root: string, over: Partial<Config> = {}) {
  const config = { ...defaultConfig(), ...over };
  return new CodeReferencing({ config: () => config, roots: () => [root], isExcluded: () => false });
}

test('licence ids: common spellings reduce to one id', () => {
  assert.equal(canonicalLicence('MIT License'), 'MIT');
  assert.equal(canonicalLicence('GPL-3.0-or-later'), 'GPL-3.0');
  assert.equal(canonicalLicence('GNU General Public License v3 (GPLv3)'), 'GPL-3.0');
  assert.equal(canonicalLicence('LGPL-2.1-only'), 'LGPL-2.1');
  assert.equal(canonicalLicence('Apache Software License'), 'Apache-2.0');
  assert.equal(canonicalLicence('BSD-3-Clause'), 'BSD-3-Clause');
  assert.equal(canonicalLicence('UNLICENSED'), undefined);
  assert.equal(pyprojectLicence('[project]\nname = "x"\nlicense = { text = "Apache-2.0" }\n'), 'Apache-2.0');
  assert.equal(
    metadataLicence('Name: x\nVersion: 1\nClassifier: License :: OSI Approved :: MIT License\n\nbody'),
    'MIT',
  );
});

test('licence texts: a paragraph of MIT or GPL-3.0 inside comments is recognised; code is not', () => {
  const texts = shippedLicenceTexts();
  assert.ok(texts.licences.length >= 10, 'texts shipped by the build');
  assert.equal(texts.match(MIT_PARAGRAPH)?.licence, 'MIT');
  assert.match(texts.match(GPL_PARAGRAPH)?.licence ?? '', /GPL-3\.0/);
  assert.match(
    texts.match(` * ${GPL_PARAGRAPH.replace(/^# ?/gm, ' * ').toUpperCase()}`)?.licence ?? '',
    /GPL-3\.0/,
    'case and * markers ignored',
  );
  assert.equal(texts.match('// the software is provided\nconst x = 1;'), undefined);
  assert.equal(texts.match(GPL_FUNCTION), undefined);
});

test('dependency index: the planted GPL function is found with its origin; short or changed code is not', async () => {
  const root = plantWorkspace();
  try {
    const refs = service(root);
    await refs.start();
    assert.equal(refs.projectLicence, 'MIT');
    const found = refs.check(`\n${GPL_FUNCTION.replace(/\n {2}/g, '\n\t')}`)?.origin;
    assert.ok(found, 'indentation does not matter');
    assert.deepEqual(
      { ...found, chars: 0 },
      {
        package: 'zebraquill',
        version: '2.4.1',
        file: 'node_modules/zebraquill/lib/ledger.js',
        line: 6,
        licence: 'GPL-3.0',
        chars: 0,
      },
    );
    // The first five lines only: under 150 characters of matching code.
    assert.equal(refs.check(GPL_FUNCTION.split('\n').slice(0, 3).join('\n'))?.origin, undefined);
    const renamed = GPL_FUNCTION.replace(/\b(buckets|prior|entry|drifted|delta|key)\b/g, (w) => `${w}2`);
    assert.equal(refs.check(renamed)?.origin, undefined, 'renamed variables: not a copy');
    assert.equal(refs.check('module.exports = function add(a, b) { return a + b; };')?.origin, undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('review: reference keeps and notes, block withholds a GPL match in an MIT project, off checks nothing', async () => {
  const root = plantWorkspace();
  try {
    const reference = service(root);
    await reference.start();
    const r = reference.review([GPL_FUNCTION, 'x + 1']);
    assert.equal(r.kept.length, 2);
    assert.match(r.kept[0].note ?? '', /zebraquill@2\.4\.1.*GPL-3\.0/s);
    assert.equal(r.kept[1].note, undefined);
    assert.equal(r.log.length, 1);

    const block = service(root, { 'completion.codeReferencing': 'block' });
    await block.start();
    const b = block.review([GPL_FUNCTION, MIT_PARAGRAPH]);
    assert.deepEqual(
      b.kept.map((k) => k.text),
      [MIT_PARAGRAPH],
      'licence texts are noted, not withheld',
    );
    assert.match(b.withheld[0], /zebraquill.*GPL-3\.0.*not shown.*MIT/s);

    const off = service(root, { 'completion.codeReferencing': 'off' });
    assert.deepEqual(off.review([GPL_FUNCTION]).kept, [{ text: GPL_FUNCTION }]);

    const sameLicence = service(plantWorkspace('GPL-3.0-only'), { 'completion.codeReferencing': 'block' });
    await sameLicence.start();
    assert.equal(sameLicence.review([GPL_FUNCTION]).kept.length, 1, 'same licence as the project: shown');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the licence table written at build time reads back to the same matcher; a damaged one is refused', () => {
  const texts = { MIT: MIT_PARAGRAPH, 'GPL-3.0': GPL_PARAGRAPH };
  const built = LicenceTexts.fromTexts(texts);
  const read = LicenceTexts.fromIndex(JSON.parse(JSON.stringify(built.toIndex())));
  assert.deepEqual(read.licences, ['MIT', 'GPL-3.0']);
  assert.deepEqual(read.match(`// ${MIT_PARAGRAPH}`), built.match(`// ${MIT_PARAGRAPH}`));
  assert.equal(read.match(`# ${GPL_PARAGRAPH}`)?.licence, 'GPL-3.0');
  assert.equal(read.match('const total = items.reduce((a, b) => a + b, 0);'), undefined);
  const index = built.toIndex();
  const oneMask = Buffer.from(index.masks, 'base64').subarray(0, 4).toString('base64');
  assert.throws(() => LicenceTexts.fromIndex({ ...index, masks: oneMask }), /differ in length/);
  assert.throws(() => LicenceTexts.fromIndex({ ...index, masks: 'AAA=' }), /masks: not a list of 4-byte numbers/);
  assert.throws(() => LicenceTexts.fromIndex({ ...index, hashes: 42 as unknown as string }), /hashes: expected base64/);
  assert.throws(
    () => LicenceTexts.fromIndex({ ...index, licences: Array.from({ length: 32 }, (_, i) => `L${i}`) }),
    /at most 31/,
  );
});
