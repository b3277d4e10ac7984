import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { buildFimInput } from '../../server/context/assemble';
import { DefinedHereCache, definedHere } from '../../server/context/defined-here';
import { clearDocumentCache } from '../../server/context/document-cache';
import { importSpans } from '../../server/context/imports';
import { changeNear } from '../../server/context/text-change';
import { prefixWindow, suffixWindow } from '../../server/context/windows';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import type { DocumentTree } from '../../server/syntax/document-tree';
import { CANARY } from '../privacy/canaries';
import { TestDocs } from './docs';

/*
 * The per-document caches of context assembly only save time: after any sequence of edits, each
 * answer must equal the one computed from scratch.
 */

/** Deterministic pseudo-random numbers (LCG), so a failure reproduces. */
function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}

const PIECES = [
  'x',
  ' ',
  '\n',
  'def ',
  'def',
  'd',
  '=',
  'export ',
  '\t',
  'class ',
  'total',
  ' = ',
  '(',
  ')',
  ':',
  'export const ',
  'record',
  '\n    ',
  'é',
  '\r\n',
  'value_1',
  '"',
  '#',
];

function sourceText(lines: number): string {
  const out = ['import os', 'from app.models import Record, load_record', ''];
  for (let n = 0; out.length < lines; n++) {
    out.push('', `class Service${n}:`, '    def __init__(self, store):', '        self.store = store', '');
    out.push(
      `    def handle(self, record: Record) -> dict:`,
      `        total = self.store.get(record.key, ${n}) or load_record(record.id)`,
      '        return {"total": total}',
    );
    out.push('', `def helper_${n}(items):`, '    return [load_record(i) for i in items]', `total = helper_${n}([])`);
  }
  return `${out.join('\n')}\n`;
}

/** One random edit near `cursor` (sometimes far from it): the new text and cursor. */
function edit(text: string, cursor: number, pick: (n: number) => number): { text: string; cursor: number } {
  const far = pick(10) === 0;
  const at = far ? pick(text.length + 1) : Math.max(0, Math.min(text.length, cursor + pick(41) - 20));
  const removed = pick(4) === 0 ? pick(12) : 0;
  const inserted = pick(5) === 0 ? '' : PIECES[pick(PIECES.length)];
  const next = text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
  return { text: next, cursor: Math.min(next.length, at + inserted.length) };
}

describe('changeNear', () => {
  it('finds exactly the changed span, or gives up', () => {
    const pick = random(7);
    let text = sourceText(300);
    let cursor = text.length >> 1;
    for (let i = 0; i < 500; i++) {
      const next = edit(text, cursor, pick);
      const c = changeNear(text, next.text, next.cursor);
      if (c) {
        assert.equal(text.slice(0, c.start), next.text.slice(0, c.start));
        assert.equal(text.slice(c.oldEnd), next.text.slice(c.newEnd));
        assert.equal(text.slice(0, c.start) + next.text.slice(c.start, c.newEnd) + text.slice(c.oldEnd), next.text);
      }
      ({ text, cursor } = next);
    }
    assert.deepEqual(changeNear('abc', 'abc', 1), { start: 3, oldEnd: 3, newEnd: 3 });
    assert.equal(changeNear(`x${'a'.repeat(10_000)}`, `y${'a'.repeat(10_000)}`, 9_000), undefined);
  });
});

describe('DefinedHereCache', () => {
  it('answers as definedHere does across random edits', () => {
    const pick = random(11);
    const cache = new DefinedHereCache();
    // Names with no, one or a few definitions, so edits near them create and destroy the only one.
    const names = ['Service3', 'helper_5', 'handle', 'value_1', 'x', 'total', 'load_record', 'defx'];
    let text = sourceText(400);
    let cursor = text.indexOf('class Service3');
    for (let i = 0; i < 1500; i++) {
      if (pick(15) === 0) {
        // Jump to an occurrence of some name: edits then land just before or after it.
        const at = text.indexOf(names[pick(names.length)], pick(text.length));
        if (at !== -1) cursor = at + pick(12) - 6;
      }
      ({ text, cursor } = edit(text, Math.max(0, Math.min(text.length, cursor)), pick));
      const asked = names.filter(() => pick(3) > 0);
      assert.deepEqual(
        [...cache.definedHere({ uri: 'file:///a.py', text }, asked, cursor)].sort(),
        [...definedHere(text, asked)].sort(),
        `edit ${i}`,
      );
    }
  });
});

describe('DefinedHereCache, sites not kept', () => {
  it('are found again once the kept ones are gone', () => {
    const cache = new DefinedHereCache();
    // Six definitions, far enough apart that re-checking around one edit does not reach the next.
    let text = `${`zz = 1\n${'# filler line to keep definitions apart\n'.repeat(6)}`.repeat(6)}${'y = zz\n'.repeat(50)}`;
    assert.ok(cache.definedHere({ uri: 'file:///z.py', text }, ['zz'], 0).has('zz'));
    for (let i = 0; i < 6; i++) {
      // Comment out one definition after another ('#zz = 1' defines nothing).
      const at = text.startsWith('zz') ? 0 : text.indexOf('\nzz = 1') + 1;
      text = `${text.slice(0, at)}#${text.slice(at)}`;
      const found = cache.definedHere({ uri: 'file:///z.py', text }, ['zz'], at + 1).has('zz');
      assert.equal(found, i < 5, `after ${i + 1} commented out`);
      assert.equal(found, definedHere(text, ['zz']).has('zz'));
    }
  });
});

describe('widened windows', () => {
  it('equal windows computed from scratch', () => {
    const pick = random(5);
    const text = `${sourceText(200)}é = "ü"\n`.replace(/\n/g, (m) => (pick(7) === 0 ? '\r\n' : m));
    for (let i = 0; i < 200; i++) {
      const cursor = pick(text.length + 1);
      let p = prefixWindow(text, cursor, pick(30));
      let s = suffixWindow(text, cursor, pick(30));
      for (let round = 0; round < 4; round++) {
        const pb = p.tokens + pick(400) - 20;
        const sb = s.tokens + pick(400) - 20;
        p = prefixWindow(text, cursor, pb, p);
        s = suffixWindow(text, cursor, sb, s);
        assert.deepEqual(p, prefixWindow(text, cursor, pb));
        assert.deepEqual(s, suffixWindow(text, cursor, sb));
      }
    }
  });
  it('are not carried over to another text', () => {
    // Same span, but no longer starting (ending) at a line boundary in the new text.
    const p = prefixWindow('aaaaaaaaaa\nbb\ncc', 16, 2);
    assert.deepEqual(prefixWindow('aaaaaaaaaa bb\ncc', 16, 3, p), prefixWindow('aaaaaaaaaa bb\ncc', 16, 3));
    const s = suffixWindow('aa\nbb', 0, 10);
    assert.deepEqual(suffixWindow('aa\nbbcc\ndd', 0, 2, s), suffixWindow('aa\nbbcc\ndd', 0, 2));
    // A different span of text.
    const q = prefixWindow('a\nbb\ncc', 7, 2);
    assert.deepEqual(prefixWindow('a\nbx\ncc', 7, 100, q), prefixWindow('a\nbx\ncc', 7, 100));
  });
});

describe('buildFimInput with warm caches', () => {
  const docs = new TestDocs();
  after(() => docs.dispose());

  it('builds what a cold build does, keystroke after keystroke', async () => {
    const WS = 'file:///proj';
    const others = [
      await docs.open('python', `${WS}/app/models.py`, sourceText(300).replace(/Service/g, 'Model')),
      await docs.open('python', `${WS}/app/util.py`, `${sourceText(120)}\nAPI_KEY = "${CANARY.openai}"\n`),
      await docs.open(
        'typescript',
        `${WS}/web/client.ts`,
        'export function total(record: Rec): number {\n  return record.value;\n}\n',
      ),
    ];
    let text = `${sourceText(1200)}\npassword = "${CANARY.password}"\n`;
    const current = await docs.open('python', `${WS}/app/service.py`, text);
    const doc = current.doc as DocumentTree;
    const pick = random(3);
    let cursor = text.indexOf('        return {"total": total}', text.length >> 1);
    const isExcluded = createExclusionMatcher([], [WS]);
    for (let i = 0; i < 120; i++) {
      const next = edit(text, cursor, pick);
      doc.replaceText(next.text);
      ({ text, cursor } = next);
      const args = {
        uri: current.uri,
        languageId: 'python',
        text,
        doc,
        offset: cursor,
        openDocuments: others,
        budgetTokens: 1024 + pick(2048),
        workspaceFolders: [WS],
        isExcluded,
      };
      const warm = buildFimInput(args);
      clearDocumentCache();
      assert.deepEqual(warm, buildFimInput(args), `keystroke ${i}`);
    }
  });
});

describe('import statements above the window', () => {
  it('are looked up once for places further down, also after working near the top in between', async () => {
    const docs = new TestDocs();
    after(() => docs.dispose());
    const text = sourceText(3000);
    const { doc } = await docs.open('python', 'file:///w/head.py', text);
    const current = {
      uri: 'file:///w/head.py',
      path: 'head.py',
      languageId: 'python',
      text,
      eol: '\n' as const,
      syntax: doc,
    };
    const far = importSpans(current, text.length >> 1);
    const nearTop = importSpans(current, text.indexOf('class Service0'));
    assert.deepEqual(
      nearTop.map((s) => s.text),
      ['import os', 'from app.models import Record, load_record'],
    );
    assert.equal(importSpans(current, text.length >> 1), far, 'the same answer, not a new query');
    assert.equal(importSpans(current, text.indexOf('class Service0')), nearTop);
  });
});
