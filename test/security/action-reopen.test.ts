/**
 * Issue #12 finding 8: an action listed before its document was closed and opened again at the
 * same version number (Helix and eglot restart at 0) was applied at the old offsets over the new text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeActionParams, fencedAnswer, showMessages, startSession } from '../actions/support/session';

const PY = 'def area(w, h):\n    result = w * h\n    return result\n';
const OTHER = 'import os\n\n\ndef totally_different(path):\n    return os.path.exists(path)\n';
const URI = 'file:///proj/area.py';

test('an action listed before a close and re-open at the same version is refused, not applied over the new text', {
  timeout: 60_000,
}, async () => {
  const s = await startSession();
  try {
    s.client.open(URI, PY, 'python', 0);
    const actions = await s.client.call('textDocument/codeAction', codeActionParams(URI, PY, PY.indexOf('result')));
    const action = actions.find((a: { title: string }) => a.title.startsWith('Improve'));
    assert.ok(action);
    s.client.notify('textDocument/didClose', { textDocument: { uri: URI } });
    s.client.open(URI, OTHER, 'python', 0);
    s.model.respond(fencedAnswer('def area(w, h):\n    return w * h'));
    const resolved = await s.client.call('codeAction/resolve', action);
    assert.equal(resolved.edit, undefined, 'no edit over the re-opened text');
    assert.match(showMessages(s.client)[0], /changed since the action was listed/);
    assert.equal(s.model.completions().length, 0, 'the model was not even asked');
  } finally {
    await s.close();
  }
});

test('an explanation cannot close the comment it is written in (HTML, CSS, C-style)', async () => {
  const { commentAbove } = await import('../../server/actions/edits.js');
  const prose = ['This ends with --> <script>alert(1)</script> and */ body { display: none } /* and -- dashes.'];
  for (const [languageId, close] of [
    ['html', '-->'],
    ['css', '*/'],
    ['xml', '-->'],
  ] as const) {
    const text = languageId === 'css' ? 'body {\n  color: red;\n}\n' : '<div>\n  <p>hi</p>\n</div>\n';
    const span = commentAbove(text, { start: 0 }, prose, languageId, `file:///proj/page.${languageId}`);
    for (const line of span.newText.split('\n').filter(Boolean)) {
      const inner = line.slice(0, line.length - close.length);
      assert.ok(line.endsWith(close), line);
      assert.ok(!inner.includes(close), `the comment closes early: ${line}`);
      if (close === '-->') assert.ok(!inner.slice(4).includes('--'), `HTML comments may not hold "--": ${line}`);
    }
  }
});
