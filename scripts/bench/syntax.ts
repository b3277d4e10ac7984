/**
 * Syntax layer cost on generated Python and TypeScript files of about 1k, 5k and 20k lines:
 * grammar load (wasm + the five queries, once per process), full parse, incremental re-parse after
 * a one-line edit (p50/p95 over 50 edits), and the analyses a completion runs at a cursor.
 * Target: incremental re-parse p50 < 2 ms on 5k lines.
 * Run: node dist/scripts/bench/syntax.js (or through the bench index).
 */
import { performance } from 'node:perf_hooks';
import {
  addsSyntaxErrors,
  cursorContext,
  definitions,
  imports,
  parseText,
  scopeChain,
} from '../../server/syntax/analysis';
import { DocumentTree } from '../../server/syntax/document-tree';
import { grammarByName, loadLanguage } from '../../server/syntax/registry';
import { getQuery, QUERY_KINDS } from '../../server/syntax/queries';

const SIZES = [1_000, 5_000, 20_000];
const IDENTIFIER_AFTER_ASSIGN = / = (?!(?:new|await|not|lambda|yield|typeof)\b)[A-Za-z_]\w*/;
const EDITS = 50;
const QUERY_RUNS = 20;

interface Language {
  languageId: string;
  grammar: string;
  uri: string;
  module: (lines: number) => string;
  /** Where a cursor goes: after this text, inside a method body. */
  cursorAfter: string;
  /** A completion of the rest of the cursor line, judged with addsSyntaxErrors. */
  completion: string;
}

/** A deterministic, error-free Python module of at least `lines` lines (whole classes): imports, classes with typed methods and docstrings, helpers. */
export function pythonModule(lines: number): string {
  const out = ['import os', 'import json', 'from dataclasses import dataclass', 'from typing import Optional', ''];
  for (let n = 0; out.length < lines; n++) {
    out.push(
      '',
      '@dataclass',
      `class Record${n}:`,
      `    """A stored record of batch ${n}."""`,
      '    key: str',
      '    value: int = 0',
      '',
    );
    out.push(
      `class Service${n}:`,
      `    """Handles batch ${n}."""`,
      '',
      '    def __init__(self, store, limit=10):',
      '        self.store = store',
      '        self.limit = limit',
    );
    for (let m = 0; m < 5; m++) {
      out.push(
        '',
        `    def handle_${m}(self, record: Record${n}, retries: int = ${m}) -> Optional[dict]:`,
        `        """Step ${m}: load, check, merge."""`,
      );
      out.push(
        `        for attempt in range(retries):`,
        `            value = self.store.get(record.key, ${m}) or 0`,
        '            if value > self.limit:',
        `                return {"id": record.key, "total": value, "attempt": attempt}`,
      );
      out.push(
        `        items = [json.dumps(i) for i in self.store.values() if i.value > ${m}]`,
        '        return {"items": items, "path": os.path.join("data", record.key)}',
      );
    }
    out.push(
      '',
      `def helper_${n}(items, factor=${n}):`,
      '    total = 0',
      '    for item in items:',
      '        total += item.value * factor',
      '    return total',
    );
  }
  return `${out.join('\n')}\n`;
}

/** A deterministic, error-free TypeScript module of at least `lines` lines (whole classes): imports, interfaces, classes with async methods, arrow helpers. */
export function typescriptModule(lines: number): string {
  const out = [
    "import { readFile } from 'node:fs/promises';",
    "import * as path from 'node:path';",
    "import type { Logger } from './logger';",
    '',
  ];
  for (let n = 0; out.length < lines; n++) {
    out.push('', `export interface Record${n} {`, '  key: string;', '  value: number;', '  tags?: string[];', '}', '');
    out.push(
      `export class Service${n} {`,
      `  private readonly cache = new Map<string, Record${n}>();`,
      '',
      '  constructor(private readonly logger: Logger, private readonly limit = 10) {}',
    );
    for (let m = 0; m < 5; m++) {
      out.push(
        '',
        `  async handle${m}(record: Record${n}, retries = ${m}): Promise<Record${n} | undefined> {`,
        `    for (let attempt = 0; attempt < retries; attempt++) {`,
      );
      out.push(
        `      const cached = this.cache.get(record.key);`,
        '      if (cached && cached.value > this.limit) {',
        `        this.logger.info(\`hit \${record.key} on attempt \${attempt}\`);`,
        '        return cached;',
        '      }',
        '    }',
      );
      out.push(
        `    const text = await readFile(path.join('data', record.key), 'utf8');`,
        `    return { ...record, value: text.length + ${m} };`,
        '  }',
      );
    }
    out.push(
      '}',
      '',
      `export const helper${n} = (items: Record${n}[], factor = ${n}): number =>`,
      '  items.reduce((total, item) => total + item.value * factor, 0);',
    );
  }
  return `${out.join('\n')}\n`;
}

const LANGUAGES: Language[] = [
  {
    languageId: 'python',
    grammar: 'python',
    uri: 'file:///bench/module.py',
    module: pythonModule,
    cursorAfter: 'value = self.store.get(',
    completion: 'record.key, 0) or 0',
  },
  {
    languageId: 'typescript',
    grammar: 'typescript',
    uri: 'file:///bench/module.ts',
    module: typescriptModule,
    cursorAfter: 'const cached = this.cache.get(',
    completion: 'record.key);',
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(samples: number[]): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    50,
  );
}

function timeIt(fn: () => void, runs = QUERY_RUNS): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

const ms = (n: number): string => n.toFixed(2);

/** Grammar wasm load and query compilation, first use in this process. */
async function loadTimes(): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for (const lang of LANGUAGES) {
    const entry = grammarByName(lang.grammar);
    if (!entry) throw new Error(`no grammar ${lang.grammar}`);
    let t0 = performance.now();
    await loadLanguage(entry);
    const load = performance.now() - t0;
    t0 = performance.now();
    for (const kind of QUERY_KINDS) getQuery(lang.grammar, kind);
    rows.push({ language: lang.grammar, 'wasm load ms': ms(load), '5 queries compile ms': ms(performance.now() - t0) });
  }
  return rows;
}

async function sizeRow(lang: Language, lines: number): Promise<Record<string, string>> {
  let text = lang.module(lines);
  // Full parse: no old tree to reuse.
  const full = timeIt(() => parseText(lang.grammar, text)?.delete(), 5);

  const doc = await DocumentTree.create(lang.languageId, lang.uri, text);
  try {
    doc.tree();
    // One-line edits spread over the file, like typing: a character added to (then removed from)
    // the identifier after " = " on an assignment line (never a keyword: the file stays valid), then parse.
    const lineStarts: number[] = [];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      if (IDENTIFIER_AFTER_ASSIGN.test(text.slice(i + 1, text.indexOf('\n', i + 1)))) lineStarts.push(i + 1);
    const edits: number[] = [];
    const applies: number[] = [];
    let state = 42;
    let at = 0;
    for (let i = 0; i < EDITS; i++) {
      // Even steps type "x" at a new place, odd steps delete it again, so the text never drifts.
      if (i % 2 === 0) {
        state = (state * 1103515245 + 12345) % 2147483648;
        const lineStart = lineStarts[Math.floor((state / 2147483648) * lineStarts.length)];
        const word = IDENTIFIER_AFTER_ASSIGN.exec(text.slice(lineStart, text.indexOf('\n', lineStart)));
        at = lineStart + (word ? word.index + word[0].length : 0);
      }
      const insert = i % 2 === 0 ? 'x' : '';
      const removeTo = i % 2 === 0 ? at : at + 1;
      const next = text.slice(0, at) + insert + text.slice(removeTo);
      let t0 = performance.now();
      doc.applyEdit({ startOffset: at, oldEndOffset: removeTo, newText: insert }, next);
      applies.push(performance.now() - t0);
      text = next;
      t0 = performance.now();
      doc.tree();
      edits.push(performance.now() - t0);
    }
    edits.sort((a, b) => a - b);

    const cursor = text.indexOf(lang.cursorAfter, Math.floor(text.length * 0.8)) + lang.cursorAfter.length;
    // definitions/imports are memoized per tree: time them on a fresh tree each run.
    const firstCall = (fn: () => void): number => {
      const samples: number[] = [];
      for (let i = 0; i < 5; i++) {
        doc.replaceText(`${text} `.slice(0, text.length + (i % 2)));
        doc.tree();
        const t0 = performance.now();
        fn();
        samples.push(performance.now() - t0);
      }
      return median(samples);
    };
    return {
      language: lang.grammar,
      lines: String(lines),
      'full parse ms': ms(full),
      'applyEdit ms': ms(median(applies)),
      'reparse p50 ms': ms(percentile(edits, 50)),
      'reparse p95 ms': ms(percentile(edits, 95)),
      'imports ms': ms(firstCall(() => imports(doc))),
      'definitions ms': ms(firstCall(() => definitions(doc))),
      'scopeChain ms': ms(timeIt(() => scopeChain(doc, cursor))),
      'cursorContext ms': ms(timeIt(() => cursorContext(doc, cursor))),
      'addsSyntaxErrors ms': ms(
        timeIt(() => addsSyntaxErrors(doc, cursor, lang.completion, text.indexOf('\n', cursor))),
      ),
    };
  } finally {
    doc.dispose();
  }
}

export async function runSyntaxBench(): Promise<void> {
  console.log('syntax: grammar load (first use in this process)');
  console.table(await loadTimes());
  const rows: Record<string, string>[] = [];
  for (const lang of LANGUAGES) for (const lines of SIZES) rows.push(await sizeRow(lang, lines));
  console.log(
    `syntax: per document size (reparse over ${EDITS} one-line edits; analyses at a cursor 80% down the file)`,
  );
  console.table(rows);
}

if (require.main === module) {
  runSyntaxBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
