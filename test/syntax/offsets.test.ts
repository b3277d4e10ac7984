/**
 * What units web-tree-sitter 0.27 reports, measured: index and column are UTF-16 code units, the
 * same as JS string offsets, for every kind of text that makes units differ (astral emoji,
 * CJK, combining marks, CRLF). server/syntax/positions.ts relies on this.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { grammarByName, loadLanguage } from '../../server/syntax/registry';
import { parseText } from '../../server/syntax/parser';
import { getQuery } from '../../server/syntax/queries';
import { nodePathAt } from '../../server/syntax/node-path';
import { pointAt } from '../../server/syntax/positions';

const SAMPLES: Record<string, string> = {
  python: 'label = "😀 café 日本語 e\u0301"\r\ndef f(x):\r\n    return {"🎉": x, "中": "👩‍👩‍👧"}  # 注释 🙂\r\n',
  javascript: 'const s = `😀 ${"日本"} e\u0301`;\n// 🎉 comment\nfunction f() { return "中文"; }\n',
  rust: 'fn main() {\r\n    let s = "😀中e\u0301";\r\n    println!("{}", s); // 🙂\r\n}\r\n',
};

async function load(name: string): Promise<void> {
  await loadLanguage(grammarByName(name)!);
}

function walk(node: Node, visit: (n: Node) => void): void {
  visit(node);
  for (const child of node.children) walk(child, visit);
}

for (const [grammar, text] of Object.entries(SAMPLES)) {
  test(`${grammar}: node indices are JS string offsets and columns are UTF-16 code units`, async () => {
    await load(grammar);
    const tree = parseText(grammar, text);
    assert.ok(tree);
    try {
      assert.equal(
        tree.rootNode.endIndex,
        text.length,
        'the root spans text.length code units (UTF-8 bytes would be more)',
      );
      let leaves = 0;
      walk(tree.rootNode, (n) => {
        assert.equal(text.slice(n.startIndex, n.endIndex), n.text, `${n.type} sliced by its indices`);
        assert.deepEqual(n.startPosition, pointAt(text, n.startIndex), `${n.type} start point`);
        assert.deepEqual(n.endPosition, pointAt(text, n.endIndex), `${n.type} end point`);
        if (n.childCount === 0) leaves++;
      });
      assert.ok(leaves > 10);
    } finally {
      tree.delete();
    }
  });
}

test('descendantForIndex and query index ranges take JS string offsets', async () => {
  await load('python');
  const text = SAMPLES.python;
  const tree = parseText('python', text);
  assert.ok(tree);
  try {
    const at = text.indexOf('return');
    const path = nodePathAt(tree, at + 1);
    assert.equal(path[path.length - 1].type, 'return');
    assert.equal(path[0].type, 'module');
    const query = getQuery('python', 'comments-strings');
    assert.ok(query);
    const comment = text.indexOf('# 注释');
    const hits = query.captures(tree.rootNode, { startIndex: comment + 2, endIndex: comment + 3 });
    // tree-sitter-python's comment token is `#.*`, so in a CRLF file it takes the \r along.
    assert.deepEqual(
      hits.map((c) => [c.name, c.node.text]),
      [['comment', '# 注释 🙂\r']],
    );
  } finally {
    tree.delete();
  }
});

test('pointAt counts rows by \\n only and columns in code units', () => {
  const text = 'a😀\r\nb中\rc';
  assert.deepEqual(pointAt(text, 0), { row: 0, column: 0 });
  assert.deepEqual(pointAt(text, 3), { row: 0, column: 3 }, 'after the emoji (2 units)');
  assert.deepEqual(pointAt(text, 5), { row: 1, column: 0 }, 'after \\r\\n');
  assert.deepEqual(pointAt(text, 8), { row: 1, column: 3 }, 'a lone \\r is not a line break');
});
