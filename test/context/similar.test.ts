import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_SIMILARITY, similarSource } from '../../server/context/similar';
import type { ContextDocument } from '../../server/context/snippet';
import { collect, withCursor } from './docs';

const doc = (path: string, text: string): ContextDocument => ({
  uri: `file:///w/${path}`,
  path,
  languageId: 'typescript',
  text,
  eol: '\n',
});

const current = withCursor(
  'export async function loadUser(id: string) {\n  const row = await db.query("select * from users where id = $1", [id]);\n  if (!row) throw new NotFound("user", id);\n  return <|cursor|>\n}\n',
);
const twin = doc(
  'src/orders.ts',
  'import { db } from "./db";\n\n// orders\nexport async function loadOrder(id: string) {\n  const row = await db.query("select * from orders where id = $1", [id]);\n  if (!row) throw new NotFound("order", id);\n  return toOrder(row);\n}\n\nexport const VERSION = 3;\n',
);
const other = doc(
  'src/colors.ts',
  'export const palette = ["red", "green", "blue"];\nexport function mix(a: string, b: string) {\n  return a + b;\n}\n',
);

describe('similarSource', () => {
  const self = doc('src/users.ts', current.text);

  it('finds the window most like the code before the cursor', () => {
    const [best, ...rest] = collect(similarSource, self, current.offset, 1000, { others: [other, twin] });
    assert.equal(rest.length, 0, 'the unrelated file stays out');
    assert.equal(best.path, 'src/orders.ts');
    assert.ok(best.text.includes('const row = await db.query("select * from orders where id = $1", [id]);'));
    assert.ok(best.score >= MIN_SIMILARITY && best.score <= 1);
    assert.equal(twin.text.slice(best.range.start, best.range.end), best.text.replace(/\n$/, ''));
  });

  it('gives the same answer whatever the order of the documents', () => {
    assert.deepEqual(
      collect(similarSource, self, current.offset, 1000, { others: [twin, other] }),
      collect(similarSource, self, current.offset, 1000, { others: [other, twin] }),
    );
  });

  it('trims a window to fit the budget, keeping the lines that share the most', () => {
    const full = collect(similarSource, self, current.offset, 1000, { others: [twin] })[0];
    const [trimmed] = collect(similarSource, self, current.offset, 60, { others: [twin] });
    assert.ok(trimmed.text.length < full.text.length);
    assert.ok(trimmed.text.includes('db.query'));
    assert.deepEqual(collect(similarSource, self, current.offset, 5, { others: [twin] }), []);
  });

  it('needs a few identifiers before the cursor', () => {
    const bare = withCursor('\n\nx<|cursor|>');
    assert.deepEqual(collect(similarSource, doc('a.ts', bare.text), bare.offset, 1000, { others: [twin] }), []);
  });
});
