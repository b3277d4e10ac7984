/**
 * Context assembly cost: buildFimInput on 1k/5k/20k-line Python files with 20 other open
 * documents (real tree-sitter trees, parsed before timing). Each run is a keystroke: the word
 * `total` typed one character at a time at each of 20 fixed pseudo-random cursors, the tree
 * re-parsed (not timed), then the assembly timed. "cold" is the first call, with every
 * per-document cache empty.
 * Run: node dist/scripts/bench/context.js (or through the bench index).
 */
import { performance } from 'node:perf_hooks';
import { buildFimInput, type OpenDocumentInput } from '../../server/context/assemble';
import { clearDocumentCache } from '../../server/context/document-cache';
import { estimateTokens } from '../../server/context/tokens';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { DocumentTree } from '../../server/syntax/document-tree';
import { analyseFile, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';

const WS = 'file:///bench';
const OPEN_DOCUMENTS = 20;
const OTHER_LINES = 600;
const RUNS = 100;
/** Untimed keystrokes first, so the JIT has settled before p50/p99 are taken. */
const WARMUP = 20;
const BUDGET = 2048;

/** A deterministic Python module of about `lines` lines: classes with methods, helpers, imports. */
export function pythonModule(seed: number, lines: number): string {
  const out = ['import os', 'import json', `from app.models_${seed % 5} import Record, load_record`, ''];
  let n = 0;
  while (out.length < lines) {
    out.push(
      '',
      `class Service${seed}_${n}:`,
      `    """Handles batch ${n}."""`,
      '',
      '    def __init__(self, store, limit=10):',
      '        self.store = store',
      '        self.limit = limit',
    );
    for (let m = 0; m < 6 && out.length < lines; m++) {
      out.push('', `    def handle_${m}(self, record: Record, retries: int = ${m}) -> dict:`);
      for (let k = 0; k < 8; k++)
        out.push(`        value_${k} = self.store.get(record.key_${k}, ${seed + k}) or load_record(record.id)`);
      out.push(`        return {"id": record.id, "total": value_0 + value_7, "limit": self.limit}`);
    }
    out.push(
      '',
      `def helper_${seed}_${n}(items, factor=${n}):`,
      '    return [json.dumps(i) for i in items if i.factor > factor]',
    );
    n++;
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runContextBench(): Promise<void> {
  const trees: DocumentTree[] = [];
  try {
    const others: OpenDocumentInput[] = [];
    for (let i = 0; i < OPEN_DOCUMENTS; i++) {
      const uri = `${WS}/app/module_${String(i).padStart(2, '0')}.py`;
      const text = pythonModule(i + 100, OTHER_LINES);
      const doc = await DocumentTree.create('python', uri, text);
      doc.tree();
      trees.push(doc);
      others.push({ uri, languageId: 'python', text, doc });
    }
    const isExcluded = createExclusionMatcher([], [WS]);
    // CPU time beside wall time: on a busy machine wall time mostly measures the wait for a core.
    const rows: string[][] = [
      ['lines', 'cold ms', 'p50 ms', 'p99 ms', 'cpu p50 ms', 'cpu p99 ms', 'tokens', 'snippets'],
    ];
    for (const lines of [1_000, 5_000, 20_000]) {
      const uri = `${WS}/app/current.py`;
      const text = pythonModule(lines, lines);
      const doc = await DocumentTree.create('python', uri, text);
      doc.tree();
      trees.push(doc);
      const cursors = fixedCursors(text);
      const args = (t: string, offset: number) => ({
        uri,
        languageId: 'python',
        text: t,
        doc,
        offset,
        openDocuments: [...others, { uri, languageId: 'python', text: t, doc }],
        budgetTokens: BUDGET,
        workspaceFolders: [WS],
        isExcluded,
      });
      clearDocumentCache();
      const t0 = performance.now();
      const first = buildFimInput(args(text, cursors[0]));
      const cold = performance.now() - t0;
      const { times, cpu } = timeTyping(text, doc, cursors, (typed, offset) => buildFimInput(args(typed, offset)));
      rows.push([
        String(lines),
        cold.toFixed(1),
        percentile(times, 50).toFixed(2),
        percentile(times, 99).toFixed(2),
        percentile(cpu, 50).toFixed(2),
        percentile(cpu, 99).toFixed(2),
        String(first.tokens),
        String(first.snippets.length),
      ]);
    }
    printTable(
      `buildFimInput, ${OPEN_DOCUMENTS} open documents of ${OTHER_LINES} lines, budget ${BUDGET} tokens, ${RUNS} keystrokes`,
      rows,
    );

    // Only the edited file open, without and with the workspace index holding the other modules
    // (and the models they import): the cost of the cross-file context per keystroke.
    const index = new WorkspaceDefinitionIndex();
    for (const o of others) index.set((await analyseFile(new URL(o.uri).pathname, o.text))!);
    for (let m = 0; m < 5; m++)
      index.set(
        (await analyseFile(
          `/bench/app/models_${m}.py`,
          `class Record:\n    def save(self, *, force=False):\n        pass\n\n\ndef load_record(record_id, *, strict=True):\n    return Record()\n`,
        ))!,
      );
    const wsRows: string[][] = [
      ['lines', 'workspace index', 'p50 ms', 'p99 ms', 'cpu p50 ms', 'cpu p99 ms', 'tokens', "other files' tokens"],
    ];
    for (const withIndex of [false, true]) {
      const lines = 5_000;
      const uri = `${WS}/app/current.py`;
      const text = pythonModule(lines, lines);
      const doc = await DocumentTree.create('python', uri, text);
      doc.tree();
      trees.push(doc);
      const cursors = fixedCursors(text);
      const workspace = withIndex ? { index, folders: ['/bench'], isExcluded } : undefined;
      const args = (t: string, offset: number) => ({
        uri,
        languageId: 'python',
        text: t,
        doc,
        offset,
        openDocuments: [{ uri, languageId: 'python', text: t, doc }],
        budgetTokens: BUDGET,
        workspaceFolders: [WS],
        isExcluded,
        workspace,
      });
      clearDocumentCache();
      const first = buildFimInput(args(text, cursors[0]));
      const { times, cpu } = timeTyping(text, doc, cursors, (typed, offset) => buildFimInput(args(typed, offset)));
      const otherTokens = first.snippets
        .filter((sn) => sn.path !== 'app/current.py')
        .reduce((sum, sn) => sum + estimateTokens(sn.text), 0);
      wsRows.push([
        String(lines),
        withIndex ? 'yes' : 'no (baseline)',
        percentile(times, 50).toFixed(2),
        percentile(times, 99).toFixed(2),
        percentile(cpu, 50).toFixed(2),
        percentile(cpu, 99).toFixed(2),
        String(first.tokens),
        String(otherTokens),
      ]);
    }
    printTable(
      `buildFimInput, only the edited file open, workspace index of ${OPEN_DOCUMENTS + 5} other files, budget ${BUDGET} tokens, ${RUNS} keystrokes (5 per place)`,
      wsRows,
    );
  } finally {
    for (const t of trees) t.dispose();
  }
}

function printTable(title: string, rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(title);
  for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c])).join('  '));
}

if (require.main === module) {
  runContextBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

/** Fixed cursors inside method bodies, spread over the file (LCG: the same every run). */
function fixedCursors(text: string): number[] {
  const cursors: number[] = [];
  let state = 12345;
  while (cursors.length < 50) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const at = text.indexOf('        value_3 = ', Math.floor((state / 2147483648) * text.length));
    if (at !== -1) cursors.push(at + 18);
  }
  return cursors;
}

/**
 * Types a word at the cursors, a character per run (WARMUP runs first, not counted), and times
 * `build` after each keystroke: wall and CPU milliseconds, sorted. CPU beside wall: on a busy
 * machine wall time mostly measures the wait for a core.
 */
function timeTyping(
  text: string,
  doc: DocumentTree,
  cursors: number[],
  build: (typed: string, offset: number) => void,
): { times: number[]; cpu: number[] } {
  const times: number[] = [];
  const cpu: number[] = [];
  const WORD = 'total';
  for (let r = -WARMUP; r < RUNS; r++) {
    const k = r + WARMUP;
    const at = cursors[Math.floor(k / WORD.length) % cursors.length];
    const typedPart = WORD.slice(0, (k % WORD.length) + 1);
    const typed = text.slice(0, at) + typedPart + text.slice(at);
    doc.replaceText(typed);
    doc.tree();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    build(typed, at + typedPart.length);
    const wall = performance.now() - t0;
    const used = process.cpuUsage(c0);
    if (r >= 0) {
      times.push(wall);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { times, cpu };
}
