/**
 * Code-action listing cost (it must answer at once: editors ask on every cursor move).
 *  - in process: listActions on 1k/5k-line Python and JavaScript files with two diagnostics in
 *    range, real tree-sitter trees, after a warm-up; once with the tree parsed, once timing
 *    the listing after one typed character, with the incremental re-parse it triggers shown apart
 *    (that cost belongs to the syntax layer and is paid once per edit by whoever asks first);
 *  - over stdio: textDocument/codeAction round trips to the spawned server (JSON-RPC, position
 *    conversion, listing), 5k-line file.
 * Run: node dist/scripts/bench/actions.js
 */
import { performance } from 'node:perf_hooks';
import { listActions } from '../../server/actions/listing';
import { DocumentTree } from '../../server/syntax/document-tree';
import { LspClient } from '../../test/support/lsp-client';
import { codeActionParams } from '../../test/actions/support/session';

const RUNS = 300;

function pythonModule(lines: number): string {
  const out = ['import os', ''];
  for (let n = 0; out.length < lines; n++) {
    out.push(`class Service${n}:`, `    """Batch ${n}."""`, '');
    for (let m = 0; m < 5; m++) {
      out.push(`    def handle_${m}(self, record, retries=${m}):`);
      for (let k = 0; k < 6; k++)
        out.push(`        value_${k} = self.store.get(record.key_${k}, ${k}) or load(record.id)`);
      out.push('        return value_0 + value_5', '');
    }
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

function jsModule(lines: number): string {
  const out = ["import { load } from './store.js';", ''];
  for (let n = 0; out.length < lines; n++) {
    out.push(`export class Service${n} {`);
    for (let m = 0; m < 5; m++) {
      out.push(`  handle${m}(record, retries = ${m}) {`);
      for (let k = 0; k < 6; k++)
        out.push(`    const value${k} = this.store.get(record.key${k}, ${k}) ?? load(record.id);`);
      out.push('    return value0 + value5;', '  }');
    }
    out.push('}', '');
  }
  // Cut after a whole class, so the file parses without errors.
  const end = out.lastIndexOf('}', lines - 1);
  return `${out.slice(0, end + 1).join('\n')}\n`;
}

/** Fixed cursors on `needle` lines spread over the file (LCG: same every run). */
function cursors(text: string, needle: string, count: number): number[] {
  const out: number[] = [];
  let state = 12345;
  while (out.length < count) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const at = text.indexOf(needle, Math.floor((state / 2147483648) * text.length));
    if (at !== -1) out.push(at + needle.length);
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const stats = (times: number[]): [string, string] => {
  const sorted = [...times].sort((a, b) => a - b);
  return [percentile(sorted, 50).toFixed(3), percentile(sorted, 99).toFixed(3)];
};

async function inProcess(rows: string[][]): Promise<void> {
  const languages = [
    // Cursors at the end of an identifier: the typed digit keeps the file valid.
    { id: 'python', make: pythonModule, needle: '        value_3' },
    { id: 'javascript', make: jsModule, needle: 'const value3' },
  ];
  for (const lang of languages) {
    for (const lines of [1_000, 5_000]) {
      const text = lang.make(lines);
      const doc = await DocumentTree.create(lang.id, `file:///bench/big.${lang.id}`, text);
      try {
        doc.tree();
        const at = cursors(text, lang.needle, 50);
        const request = (t: string, offset: number) => ({
          uri: 'file:///bench/big',
          version: 1,
          text: t,
          syntax: doc,
          start: offset,
          end: offset,
          automatic: false,
          custom: [],
          diagnostics: [
            { message: 'unused', start: offset, end: offset + 3 },
            { message: 'type', start: offset - 4, end: offset },
          ],
        });
        for (let r = 0; r < 50; r++) listActions(request(text, at[r % at.length])); // warm-up (JIT, query compilation)
        const clean: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          const t0 = performance.now();
          listActions(request(text, at[r % at.length]));
          clean.push(performance.now() - t0);
        }
        // As the server sees typing: the exact edit is applied to the tree, then the request parses.
        // Each typed digit is taken back afterwards (untimed), so the cursors stay valid.
        const reparse: number[] = [];
        const typed: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          const offset = at[r % at.length];
          const digit = String(r % 10);
          const next = text.slice(0, offset) + digit + text.slice(offset);
          doc.applyEdit({ startOffset: offset, oldEndOffset: offset, newText: digit }, next);
          let t0 = performance.now();
          doc.tree();
          reparse.push(performance.now() - t0);
          t0 = performance.now();
          listActions(request(next, offset + 1));
          typed.push(performance.now() - t0);
          doc.applyEdit({ startOffset: offset, oldEndOffset: offset + 1, newText: '' }, text);
          doc.tree();
        }
        // A half-typed expression mid-file (`= 1this.store…`): trees with an error cost the syntax queries more.
        const bad = text.indexOf(' = ', text.indexOf(lang.needle, text.length >> 1)) + 3;
        const broken = `${text.slice(0, bad)}1${text.slice(bad)}`;
        doc.applyEdit({ startOffset: bad, oldEndOffset: bad, newText: '1' }, broken);
        doc.tree();
        const withError: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          const offset = at[r % at.length];
          const t0 = performance.now();
          listActions(request(broken, offset > bad ? offset + 1 : offset));
          withError.push(performance.now() - t0);
        }
        doc.applyEdit({ startOffset: bad, oldEndOffset: bad + 1, newText: '' }, text);
        doc.tree();
        rows.push(
          [lang.id, String(lines), 'listing, tree parsed', ...stats(clean)],
          [lang.id, String(lines), 'listing, one syntax error in the file', ...stats(withError)],
          [lang.id, String(lines), 'listing after a keystroke', ...stats(typed)],
          [lang.id, String(lines), '(incremental re-parse, syntax layer)', ...stats(reparse)],
        );
      } finally {
        doc.dispose();
      }
    }
  }
}

async function overStdio(rows: string[][]): Promise<void> {
  const client = new LspClient();
  try {
    await client.initialize({
      textDocument: {
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: [''] } },
          dataSupport: true,
          resolveSupport: { properties: ['edit'] },
        },
      },
    });
    const text = pythonModule(5_000);
    const uri = 'file:///bench/big.py';
    client.open(uri, text, 'python');
    const at = cursors(text, '        value_3', 50);
    await client.call('textDocument/codeAction', codeActionParams(uri, text, at[0])); // waits for the grammar once
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      await client.call('textDocument/codeAction', codeActionParams(uri, text, at[r % at.length]));
      times.push(performance.now() - t0);
    }
    rows.push(['python', '5000', 'JSON-RPC round trip', ...stats(times)]);
  } finally {
    await client.shutdown();
  }
}

export async function runActionsBench(): Promise<void> {
  const rows: string[][] = [['language', 'lines', 'case', 'p50 ms', 'p99 ms']];
  await inProcess(rows);
  await overStdio(rows);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`textDocument/codeAction listing, ${RUNS} requests per row (2 diagnostics in range)`);
  for (const r of rows) console.log(r.map((cell, c) => cell.padStart(widths[c])).join('  '));
}

if (require.main === module) {
  runActionsBench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
