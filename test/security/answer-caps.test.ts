/**
 * Issue #12 finding 7 (answers): model answers had no size cap; a 100 MB action answer became a
 * 105 MB edit and ~1 GB RSS, a 5 MB line a 5 MB completion item. Real server, loopback model.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeActionParams, fencedAnswer, showMessages, startSession } from '../actions/support/session';
import { rssMb, stillServes } from '../hostile/helpers';
import { session } from '../support/session';

test('a 5 MB one-line completion answer becomes no item, and the server goes on', { timeout: 60_000 }, async () => {
  const s = await session();
  try {
    s.srv.respond({ text: Array.from({ length: 50 }, () => 'x'.repeat(100_000)) });
    const uri = 'file:///hostile/huge.py';
    s.client.open(uri, 'def add(a, b):\n    return ', 'python', 1);
    const list = await s.client.call(
      'textDocument/completion',
      { textDocument: { uri }, position: { line: 1, character: 11 } },
      15_000,
    );
    const biggest = Math.max(
      0,
      ...(list?.items ?? []).map((i: { textEdit?: { newText: string } }) => i.textEdit?.newText.length ?? 0),
    );
    assert.ok(biggest < 10_000, `an item of ${biggest} characters`);
    s.srv.respond('a + b');
    await stillServes(s);
  } finally {
    await s.close();
  }
});

test('a 20 MB action answer is refused with a message, not turned into an edit', { timeout: 90_000 }, async () => {
  const s = await startSession();
  try {
    const PY = 'def area(w, h):\n    result = w * h\n    return result\n';
    const URI = 'file:///proj/area.py';
    s.client.open(URI, PY, 'python', 1);
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, PY.indexOf('result')));
    const action = actions.find((a: { title: string }) => a.title.startsWith('Improve'));
    const body = `def area(w, h):\n${'    x = 1\n'.repeat(2_000_000)}    return w * h`;
    const answer = fencedAnswer(body);
    const piece = Math.ceil(answer.length / 40);
    s.model.respond({ text: Array.from({ length: 40 }, (_, i) => answer.slice(i * piece, (i + 1) * piece)) });
    const resolved = await s.client.call('codeAction/resolve', action, 60_000);
    assert.equal(resolved.edit, undefined);
    assert.match(showMessages(s.client).join('\n'), /passed [\d,]+ characters and was not used/);
    assert.ok(rssMb(s.client.proc.pid!) < 400, `RSS ${rssMb(s.client.proc.pid!)} MB`);
  } finally {
    await s.close();
  }
});
