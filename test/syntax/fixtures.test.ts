/**
 * Golden fixtures: test/fixtures/syntax/<grammar>/<case>.<ext> holds code with one cursor marker
 * (█), and <case>.json what the syntax layer must report there. Every key in the JSON is optional;
 * each present key is one check. See test/fixtures/syntax/README.md for the format.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../server/paths';
import { grammarByName } from '../../server/syntax/registry';
import { DocumentTree } from '../../server/syntax/document-tree';
import {
  addsSyntaxErrors,
  cursorContext,
  definitions,
  enclosingBlock,
  imports,
  scopeChain,
  type CursorContext,
} from '../../server/syntax/analysis';

const CURSOR = '█';

interface Expected {
  scopes?: { kind: string; name: string; signature?: string }[];
  context?: Partial<Omit<CursorContext, 'block'>>;
  block?: { kind: string } | null;
  imports?: string[];
  definitions?: { kind: string; name: string; container?: string; signature?: string }[];
  insertions?: { text: string; replaceEnd?: number; addsErrors: boolean }[];
}

interface Fixture {
  grammar: string;
  name: string;
  file: string;
  text: string;
  offset: number;
  expected: Expected;
}

function loadFixtures(): Fixture[] {
  const root = path.join(packageRoot(), 'test', 'fixtures', 'syntax');
  const out: Fixture[] = [];
  for (const grammar of fs.readdirSync(root).sort()) {
    const dir = path.join(root, grammar);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.endsWith('.json')) continue;
      const file = path.join(dir, name);
      const marked = fs.readFileSync(file, 'utf8');
      const offset = marked.indexOf(CURSOR);
      assert.ok(offset >= 0 && marked.indexOf(CURSOR, offset + 1) === -1, `${file}: needs exactly one ${CURSOR}`);
      const json = file.replace(/\.[^.]+$/, '.json');
      assert.ok(fs.existsSync(json), `${file}: missing ${path.basename(json)}`);
      out.push({
        grammar,
        name,
        file,
        text: marked.slice(0, offset) + marked.slice(offset + 1),
        offset,
        expected: JSON.parse(fs.readFileSync(json, 'utf8')) as Expected,
      });
    }
  }
  return out;
}

const fixtures = loadFixtures();

test('every grammar has golden fixtures', () => {
  const covered = new Set(fixtures.map((f) => f.grammar));
  for (const grammar of [
    'python',
    'javascript',
    'typescript',
    'tsx',
    'go',
    'rust',
    'java',
    'c',
    'cpp',
    'csharp',
    'ruby',
    'php',
    'bash',
    'lua',
  ]) {
    assert.ok(covered.has(grammar), `no fixtures for ${grammar}`);
    const checks = new Set(fixtures.filter((f) => f.grammar === grammar).flatMap((f) => Object.keys(f.expected)));
    for (const check of ['scopes', 'context', 'imports', 'definitions', 'insertions'])
      assert.ok(checks.has(check), `${grammar}: no fixture checks ${check}`);
  }
});

for (const fx of fixtures) {
  test(`fixture ${fx.grammar}/${fx.name}`, async () => {
    const entry = grammarByName(fx.grammar);
    assert.ok(entry, `unknown grammar folder ${fx.grammar}`);
    const doc = await DocumentTree.create(entry.languageIds[0], `file:///fixture/${fx.name}`, fx.text);
    try {
      assert.equal(doc.grammarName, fx.grammar);
      const want = fx.expected;
      if (want.scopes) assert.deepEqual(pickEach(scopeChain(doc, fx.offset), want.scopes), want.scopes, 'scope chain');
      if (want.context) {
        const ctx = cursorContext(doc, fx.offset);
        assert.deepEqual(pick(ctx, Object.keys(want.context)), want.context, 'cursor context');
      }
      if (want.block !== undefined) {
        const block = enclosingBlock(doc, fx.offset);
        assert.deepEqual(block ? { kind: block.kind } : null, want.block, 'enclosing block');
        if (block)
          assert.ok(
            block.bodyStart <= fx.offset && block.bodyStart >= block.start && block.bodyEnd <= block.end,
            'block body range',
          );
      }
      if (want.imports)
        assert.deepEqual(
          imports(doc).map((i) => i.text),
          want.imports,
          'imports',
        );
      if (want.definitions)
        assert.deepEqual(pickEach(definitions(doc), want.definitions), want.definitions, 'definitions');
      for (const ins of want.insertions ?? []) {
        const end = ins.replaceEnd === undefined ? fx.offset : fx.offset + ins.replaceEnd;
        assert.equal(
          addsSyntaxErrors(doc, fx.offset, ins.text, end),
          ins.addsErrors,
          `addsSyntaxErrors(${JSON.stringify(ins.text)})`,
        );
        // The plain-text form parses from scratch and must agree.
        assert.equal(
          addsSyntaxErrors({ grammarName: fx.grammar, text: fx.text }, fx.offset, ins.text, end),
          ins.addsErrors,
          `addsSyntaxErrors text form (${JSON.stringify(ins.text)})`,
        );
      }
    } finally {
      doc.dispose();
    }
  });
}

/** Each actual item reduced to the keys its expected counterpart names (kind and name for extras). */
function pickEach(got: object[], want: object[]): Record<string, unknown>[] {
  return got.map((g, i) => pick(g, Object.keys(want[i] ?? { kind: 0, name: 0 })));
}

function pick(value: object, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in value) out[k] = (value as Record<string, unknown>)[k];
  return out;
}
