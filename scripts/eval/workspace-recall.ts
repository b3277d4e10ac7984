/**
 * Cross-file definition recall of the workspace index (issue #14), deterministic and offline.
 *
 *   node dist/scripts/eval/workspace-recall.js [--budget N] [--at-name] [DIR ...]
 *
 * Each DIR is indexed as a workspace folder (timed). For every indexed file F, the sample lines
 * are those (not import statements) that use a name N such that N is not defined in F and is
 * defined at top level in a file G that F imports (resolved like the context source does). With
 * only F open and the cursor at the start of the line, the prompt built by buildFimInput counts as
 * a hit when it holds the header line of N's definition in G. Reported per language, with the
 * same measure without the index (the baseline: only open files give definitions). At most
 * MAX_PER_FILE lines per file, first ones first, so runs are comparable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFimInput } from '../../server/context/assemble';
import { definedHere } from '../../server/context/defined-here';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { imports } from '../../server/syntax/analysis';
import { DocumentTree } from '../../server/syntax/document-tree';
import { buildWorkspaceIndex, WorkspaceDefinitionIndex } from '../../server/workspace/definition-index';
import { importInfo } from '../../server/workspace/import-resolution';

const MAX_PER_FILE = 5;
const DEFAULT_DIRS = ['/usr/lib/python3.11/email', '/usr/lib/python3.11/json', '/usr/lib/python3.11/asyncio', 'node_modules/openai/src', 'node_modules/vscode-languageserver/lib'];
const LANGUAGE: Record<string, string> = { python: 'python', typescript: 'typescript', tsx: 'typescriptreact', javascript: 'javascript' };

interface Row {
  dir: string;
  language: string;
  files: number;
  indexMs: number;
  lines: number;
  hits: number;
  baseline: number;
}

async function evalDir(dir: string, budget: number, atName: boolean): Promise<Row[]> {
  const root = fs.realpathSync(path.resolve(dir));
  const isExcluded = createExclusionMatcher([], [root]);
  const index = new WorkspaceDefinitionIndex();
  const stats = await buildWorkspaceIndex(index, [root], { maxFiles: 5000, maxFileBytes: 500_000, isExcluded });
  const rows = new Map<string, Row>();
  const files = [...new Set(listIndexed(index, root))].sort();
  for (const file of files) {
    const entry = index.file(file)!;
    const text = fs.readFileSync(file, 'utf8');
    const doc = await DocumentTree.create('', file, text);
    try {
      const statements = imports(doc).map((i) => i.text);
      const info = importInfo(doc.grammarName, file, statements, [root]);
      const imported = [...new Set(info.candidates)].filter((c) => c !== file && index.file(c)).sort();
      const targets = new Map<string, string>(); // name -> header line in the imported file
      for (const g of imported) for (const d of index.file(g)!.definitions) if (!d.container && !targets.has(d.name)) targets.set(d.name, d.line.trim());
      if (targets.size === 0) continue;
      const local = definedHere(text, [...targets.keys()]);
      const importLines = new Set<number>();
      for (const i of imports(doc)) for (let l = lineOf(text, i.start); l <= lineOf(text, i.end); l++) importLines.add(l);
      const lines = text.split('\n');
      let taken = 0;
      let offset = 0;
      for (let l = 0; l < lines.length && taken < MAX_PER_FILE; offset += lines[l].length + 1, l++) {
        if (importLines.has(l)) continue;
        const used = [...lines[l].matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]).find((n) => targets.has(n) && !local.has(n));
        if (!used) continue;
        taken++;
        // At the line start (the name comes in the next line), or right before the name (the line typed up to it).
        const cursor = atName ? offset + new RegExp(`(?<![\\w$])${used.replace(/\$/g, '\\$')}(?![\\w$])`).exec(lines[l])!.index : offset + /^\s*/.exec(lines[l])![0].length;
        const want = targets.get(used)!;
        const args = {
          uri: pathToFileURL(file).href,
          languageId: LANGUAGE[entry.grammar] ?? entry.grammar,
          text,
          offset: cursor,
          doc,
          openDocuments: [],
          budgetTokens: budget,
          workspaceFolders: [root],
          isExcluded,
        };
        const sent = (b: ReturnType<typeof buildFimInput>) => `${b.input.context?.map((c) => c.text).join('\n') ?? ''}\n${b.input.prefix}`;
        const withIndex = sent(buildFimInput({ ...args, workspace: { index, folders: [root], isExcluded } }));
        const without = sent(buildFimInput(args));
        const key = entry.grammar;
        const row = rows.get(key) ?? { dir, language: key, files: 0, indexMs: stats.ms, lines: 0, hits: 0, baseline: 0 };
        rows.set(key, row);
        row.lines++;
        if (withIndex.includes(want)) row.hits++;
        else if (process.env.RECALL_MISSES) console.error(`MISS ${path.relative(root, file)}:${l + 1} ${used} <- ${want}\n  ${lines[l].trim().slice(0, 120)}`);
        if (without.includes(want)) row.baseline++;
      }
    } finally {
      doc.dispose();
    }
  }
  for (const row of rows.values()) row.files = stats.indexed;
  if (rows.size === 0) return [{ dir, language: '-', files: stats.indexed, indexMs: stats.ms, lines: 0, hits: 0, baseline: 0 }];
  return [...rows.values()];
}

function listIndexed(index: WorkspaceDefinitionIndex, root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (index.file(p)) out.push(p);
    }
  };
  walk(root);
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let budget = 2048;
  let atName = false;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--budget') budget = Number(argv[++i]);
    else if (argv[i] === '--at-name') atName = true;
    else dirs.push(argv[i]);
  }
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);
  console.log(`budget ${budget} tokens; cursor ${atName ? 'right before the name' : 'at the line start'}; at most ${MAX_PER_FILE} lines per file`);
  console.log('| folder | language | files indexed | index ms | lines | with index | baseline (open files only) |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const total = new Map<string, { lines: number; hits: number; baseline: number }>();
  for (const dir of dirs.length ? dirs : DEFAULT_DIRS) {
    if (!fs.existsSync(dir)) continue;
    for (const r of await evalDir(dir, budget, atName)) {
      console.log(`| ${dir} | ${r.language} | ${r.files} | ${r.indexMs} | ${r.lines} | ${r.hits} (${pct(r.hits, r.lines)}) | ${pct(r.baseline, r.lines)} |`);
      const t = total.get(r.language) ?? { lines: 0, hits: 0, baseline: 0 };
      t.lines += r.lines;
      t.hits += r.hits;
      t.baseline += r.baseline;
      total.set(r.language, t);
    }
  }
  for (const [language, t] of [...total.entries()].sort()) console.log(JSON.stringify({ language, lines: t.lines, recall: t.lines ? t.hits / t.lines : 0, baseline: t.lines ? t.baseline / t.lines : 0 }));
}

void main();
