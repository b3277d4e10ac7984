/**
 * Golden fixtures (test/fixtures/actions/targets): `‸` is the cursor, `«…»` a selection, `⟦…⟧` the
 * expected target; the first line says `expect: <kind> <name> [unfinished]` or `expect: none`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findTargets } from '../../server/actions/targets';
import { DocumentTree } from '../../server/syntax/analysis';
import { packageRoot } from '../../server/paths';

const DIR = path.join(packageRoot(), 'test', 'fixtures', 'actions', 'targets');
const LANGUAGE: Record<string, string> = { '.py': 'python', '.js': 'javascript' };

interface Fixture {
  text: string;
  start: number;
  end: number;
  expected?: { start: number; end: number };
  expect: string;
}

function parseFixture(raw: string): Fixture {
  const marks: Record<string, number> = {};
  let text = '';
  for (const ch of raw) {
    if ('‸«»⟦⟧'.includes(ch)) marks[ch] = text.length;
    else text += ch;
  }
  const start = marks['‸'] ?? marks['«'];
  assert.ok(start !== undefined, 'a fixture has a cursor ‸ or a selection «»');
  const expect = /expect: (.*)/.exec(text)![1].trim();
  return {
    text,
    start,
    end: marks['»'] ?? start,
    expected: marks['⟦'] !== undefined ? { start: marks['⟦'], end: marks['⟧'] } : undefined,
    expect,
  };
}

for (const name of fs.readdirSync(DIR).sort()) {
  test(`target: ${name}`, async () => {
    const f = parseFixture(fs.readFileSync(path.join(DIR, name), 'utf8'));
    const doc = await DocumentTree.create(LANGUAGE[path.extname(name)], `file:///${name}`, f.text);
    try {
      const t = findTargets(doc, f.text, f.start, f.end);
      if (f.expect === 'none') {
        assert.equal(t.primary, undefined);
        return;
      }
      assert.ok(t.primary, 'a target is found');
      const got = `${t.primary.kind} ${t.primary.name}${t.unfinished ? ' unfinished' : ''}`;
      assert.equal(got, f.expect);
      assert.equal(f.text.slice(t.primary.start, t.primary.end), f.text.slice(f.expected!.start, f.expected!.end));
    } finally {
      doc.dispose();
    }
  });
}

test('plain text (no grammar): only a real selection is a target', () => {
  const text = 'some notes\nmore notes\n';
  assert.equal(findTargets(undefined, text, 3, 3).primary, undefined);
  const sel = findTargets(undefined, text, 0, 10).primary!;
  assert.deepEqual([sel.kind, text.slice(sel.start, sel.end)], ['lines', 'some notes']);
});
