import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ListingRequest, listActions, MAX_FIX_LINES, MAX_REWRITE_LINES } from '../../server/actions/listing';
import { DocumentTree } from '../../server/syntax/analysis';

async function request(
  text: string,
  start: number,
  end = start,
  extra: Partial<ListingRequest> = {},
  languageId = 'python',
): Promise<ListingRequest> {
  const syntax = await DocumentTree.create(languageId, 'file:///t', text);
  return {
    uri: 'file:///t',
    version: 1,
    text,
    syntax,
    start,
    end,
    diagnostics: [],
    automatic: false,
    custom: [],
    ...extra,
  };
}

const titles = (req: ListingRequest) => listActions(req).map((o) => o.title);

test('a long function is not offered for rewriting, only explained and tested', async () => {
  const body = Array.from({ length: MAX_REWRITE_LINES + 5 }, (_, i) => `    x${i} = ${i}`).join('\n');
  const text = `def big():\n${body}\n`;
  assert.deepEqual(titles(await request(text, text.indexOf('x3 '))), ['Explain big', 'Write tests for big']);
});

test('a diagnostic in a long function is fixed in its statement; in a short one, in the function', async () => {
  const body = Array.from({ length: MAX_FIX_LINES + 5 }, (_, i) => `    x${i} = ${i}`).join('\n');
  const text = `def big():\n${body}\n\ndef small():\n    y = undefined_name\n`;
  const at = text.indexOf('x7 ');
  const inSmall = text.indexOf('undefined_name');
  const req = await request(text, at, at, {
    diagnostics: [
      { message: 'unused', start: at, end: at + 2 },
      { message: 'undefined', start: inSmall, end: inSmall + 14 },
    ],
  });
  const [a, b] = listActions(req);
  assert.equal(text.slice(a.data.target.start, a.data.target.end), 'x7 = 7');
  assert.equal(a.data.target.kind, 'statement');
  assert.equal(b.data.target.kind, 'function');
  assert.equal(b.data.target.name, 'small');
});

test('plain text: diagnostics are fixed on their lines; a selection can be improved and explained', () => {
  const text = 'alpha beta\ngamma delta\n';
  const req: ListingRequest = {
    uri: 'file:///t.txt',
    version: 1,
    text,
    syntax: undefined,
    start: 0,
    end: 0,
    diagnostics: [{ message: 'typo', start: 13, end: 15 }],
    automatic: false,
    custom: [],
  };
  const [fix] = listActions(req);
  assert.equal(text.slice(fix.data.target.start, fix.data.target.end), 'gamma delta');
  assert.deepEqual(
    listActions(req).map((o) => o.title),
    ['Fix with AI: typo'],
  );
  assert.deepEqual(
    listActions({ ...req, diagnostics: [], start: 0, end: 10 }).map((o) => o.title),
    ['Improve the selection', 'Document the selection', 'Explain the selection'],
  );
});

test('custom actions find their own target kind', async () => {
  const text = 'class Shape:\n    def area(self):\n        return 1\n\nvalue = 2\n';
  const custom: ListingRequest['custom'] = [
    { title: 'Class', prompt: 'p', target: 'class' },
    { title: 'Function', prompt: 'p', target: 'function' },
    { title: 'Statement', prompt: 'p', target: 'statement' },
    { title: 'Selection', prompt: 'p', target: 'selection' },
    { title: 'Any', prompt: 'p', target: 'any' },
  ];
  const only = ['refactor.rewrite.arbor.custom'];
  const inMethod = listActions(await request(text, text.indexOf('return'), undefined, { custom, only }));
  assert.deepEqual(
    inMethod.map((o) => [o.title, o.data.target.name]),
    [
      ['Class', 'Shape'],
      ['Function', 'area'],
      ['Statement', 'this statement'],
      ['Any', 'area'],
    ],
  );
  assert.equal(inMethod[0].data.custom, 'Class');
  const atTop = listActions(await request(text, text.indexOf('value'), undefined, { custom, only }));
  assert.deepEqual(
    atTop.map((o) => [o.title, o.data.target.kind]),
    [
      ['Statement', 'statement'],
      ['Any', 'statement'],
    ],
  );
});

test('diagnostics on the target travel with every action (the {diagnostics} placeholder)', async () => {
  const text = 'def f():\n    return g()\n';
  const at = text.indexOf('g()');
  const offers = listActions(
    await request(text, at, at, { diagnostics: [{ message: 'g is undefined', start: at, end: at + 1 }] }),
  );
  assert.ok(offers.every((o) => o.data.diagnostics?.[0]?.message === 'g is undefined'));
});
