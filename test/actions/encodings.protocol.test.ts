import assert from 'node:assert/strict';
import { test } from 'node:test';
import { position } from './support/positions';
import { applied, editsFor, fencedAnswer, resolvingClient, startSession } from './support/session';

// The target starts after an emoji and CJK on its line and ends before more on its last line, so
// every column the server sends depends on the encoding; the file uses CRLF throughout.
const JS = [
  '// 漢字 😀 header',
  'const s = "😀漢字"; function greet(name) {',
  '  const g = "héllo " + name; // é',
  '  return g;',
  '} /* 終 😀 */',
  '',
].join('\r\n');
const URI = 'file:///proj/greet.js';

const PY = ['class Café:', '    def naïve(self):', '        return "😀"  # 漢字', ''].join('\r\n');
const PY_URI = 'file:///proj/cafe.py';

for (const enc of ['utf-8', 'utf-16', 'utf-32'] as const) {
  test(`CRLF and non-ASCII: listing, resolve and the edit agree in ${enc}`, { timeout: 60000 }, async () => {
    const s = await startSession({ capabilities: resolvingClient(enc) });
    try {
      assert.equal(s.init.capabilities.positionEncoding, enc);
      s.client.open(URI, JS, 'javascript');
      const cursor = JS.indexOf('name)'); // after the emoji and CJK on line 1
      const range = { start: position(JS, cursor, enc), end: position(JS, cursor, enc) };
      const actions = await s.client.call('textDocument/codeAction', {
        textDocument: { uri: URI },
        range,
        context: { diagnostics: [] },
      });
      const improve = actions.find((a: { title: string }) => a.title === 'Improve greet');
      assert.ok(improve, `Improve greet is offered (got ${actions.map((a: { title: string }) => a.title)})`);

      s.model.respond(
        fencedAnswer('function greet(name) {\n  // 😀 shorter\n  return `héllo ${name}`;\n}', 'javascript'),
      );
      const resolved = await s.client.call('codeAction/resolve', improve);
      const { edits } = editsFor(resolved.edit, URI);
      assert.deepEqual(edits[0].range.start, position(JS, JS.indexOf('function greet'), enc));
      assert.deepEqual(edits[0].range.end, position(JS, JS.indexOf(' /* 終'), enc));
      assert.ok(!/(^|[^\r])\n/.test(edits[0].newText), 'every inserted line break is CRLF');
      assert.equal(
        applied(JS, resolved.edit, URI, enc),
        JS.replace(
          'function greet(name) {\r\n  const g = "héllo " + name; // é\r\n  return g;\r\n}',
          'function greet(name) {\r\n  // 😀 shorter\r\n  return `héllo ${name}`;\r\n}',
        ),
      );

      // Explain: a comment above the line, CRLF, in a Python method indented under a non-ASCII class.
      s.client.open(PY_URI, PY, 'python');
      const at = PY.indexOf('return');
      const list = await s.client.call('textDocument/codeAction', {
        textDocument: { uri: PY_URI },
        range: { start: position(PY, at, enc), end: position(PY, PY.indexOf('  # 漢字'), enc) },
        context: {},
      });
      const explain = list.find((a: { title: string }) => a.title === 'Explain the selection');
      assert.ok(explain, `Explain the selection is offered (got ${list.map((a: { title: string }) => a.title)})`);
      s.model.respond('Returns an emoji 😀.');
      const explained = await s.client.call('codeAction/resolve', explain);
      assert.equal(
        applied(PY, explained.edit, PY_URI, enc),
        PY.replace('        return', '        # Returns an emoji 😀.\r\n        return'),
      );
    } finally {
      await s.close();
    }
  });
}
