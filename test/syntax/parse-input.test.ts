import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureLanguage, parseText, reparse, splicedInput } from '../../server/syntax/parser';
import { treeEdit } from '../../server/syntax/tree-edit';
import { prng, safeOffset, treeShape } from './helpers';

// Long enough that chunks (4 KB) start inside the text, the insertion and after it.
const LINE = 'def f(x):  # ünïcødé 🎉\r\n    return [x, "y", {1: 2}]\n';
const INSERTS = ['z', '(', '"', '\n    pass\n', ']]', '🎉 é', 'x = [1,\n  2]\r\n'.repeat(700)];

test('a spliced parse input gives the same tree as the edited text, wherever the edit falls', async () => {
  await ensureLanguage('python', 'file:///a.py');
  const text = LINE.repeat(400);
  const base = parseText('python', text)!;
  const rnd = prng(5);
  try {
    for (let step = 0; step < 40; step++) {
      const start = safeOffset(text, step < 4 ? [0, 4096, 4095, text.length][step] : rnd(text.length));
      const end = safeOffset(text, Math.min(text.length, start + rnd(3) * rnd(30)));
      const insert = INSERTS[rnd(INSERTS.length)];
      const edited = base.copy();
      edited.edit(treeEdit(text, start, Math.max(start, end), insert));
      const viaText = reparse('python', text.slice(0, start) + insert + text.slice(Math.max(start, end)), edited);
      const viaPieces = reparse('python', splicedInput(text, start, Math.max(start, end), insert), edited);
      try {
        assert.deepEqual(treeShape(viaPieces!), treeShape(viaText!), `step ${step}: edit at ${start}`);
      } finally {
        viaText?.delete();
        viaPieces?.delete();
        edited.delete();
      }
    }
  } finally {
    base.delete();
  }
});
