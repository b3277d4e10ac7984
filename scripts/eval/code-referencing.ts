/**
 * False references of code referencing (server/coderef) on ordinary code, and the cost of one check.
 *
 *   node dist/scripts/eval/code-referencing.js --tasks /work/shared/evals/truncation-dev.jsonl [--workspace DIR] [--min-chars N]
 *
 * Indexes the dependency packages of the workspace (default: this repository, whose node_modules
 * holds JavaScript/TypeScript packages and tree-sitter grammars' C sources) with the server's own
 * limits, then checks every task's `middle` and `raw` (the model output before post-processing:
 * the longest text a suggestion can be). None of this code is copied from those packages, so every
 * reference is a false one. Prints the counts, the references found and check timings.
 *
 * --cross-tasks: a harder setting. Each task's prefix + suffix becomes a file of one vendored
 * package in a temp workspace (competitive-programming code shares a lot of boilerplate), and each
 * task's `middle` is checked against all of them; a match with another task's file is counted
 * (a match with a file of the same source problem is not: several tasks cut the same HumanEval
 * solution or SAFIM program at different places, so they really hold the same code).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CodeReferencing } from '../../server/coderef/code-referencing';
import { shippedLicenceTexts } from '../../server/coderef/licence-texts';
import { defaultConfig } from '../../server/config/schema';
import { readTasks } from './tasks';

function arg(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  return i >= 0 ? argv[i + 1] : undefined;
}

/** The problem a task was cut from: `HumanEval/81`, or the SAFIM id without its kind. */
const sourceOf = (id: string) => /HumanEval\/\d+/.exec(id)?.[0] ?? id.replace(/\/[^/]*$/, '');

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function main(argv: string[]): Promise<number> {
  const file = arg(argv, '--tasks');
  if (!file) {
    process.stderr.write(
      'usage: node dist/scripts/eval/code-referencing.js --tasks FILE [--workspace DIR] [--min-chars N]\n',
    );
    return 2;
  }
  const cross = argv.includes('--cross-tasks');
  const tasks = readTasks(file);
  let workspace = path.resolve(arg(argv, '--workspace') ?? path.join(__dirname, '..', '..', '..'));
  const ext: Record<string, string> = { python: 'py', java: 'java', cpp: 'cpp', csharp: 'cs' };
  if (cross) {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-coderef-eval-')));
    const dir = path.join(workspace, 'vendor', 'devset');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'LICENSE'), 'GPL-3.0\n');
    for (const [i, t] of tasks.entries())
      fs.writeFileSync(path.join(dir, `t${i}.${ext[t.language] ?? 'txt'}`), t.prefix + t.suffix);
  }
  const config = { ...defaultConfig(), 'completion.codeReferencingMinChars': Number(arg(argv, '--min-chars') ?? 150) };
  let summary = '';
  const limits = cross
    ? { maxFiles: tasks.length + 10, maxFilesPerPackage: tasks.length + 10, maxBytes: 256 * 1024 * 1024 }
    : {};
  const refs = new CodeReferencing({
    config: () => config,
    roots: () => [workspace],
    isExcluded: () => false,
    onIndexed: (s) => (summary = s),
    limits,
  });
  const t0 = performance.now();
  await refs.start();
  process.stdout.write(`${summary} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);

  const times: number[] = [];
  /** Texts of at least minChars non-space characters: the ones the index is really asked about. */
  const longTimes: number[] = [];
  shippedLicenceTexts(); // loaded once at start-up, not timed per check
  let code = 0;
  let licence = 0;
  let checked = 0;
  let duplicates = 0;
  for (const task of tasks) {
    for (const text of cross ? [task.middle] : new Set([task.middle, task.raw])) {
      const t = performance.now();
      const finding = refs.check(text);
      const took = performance.now() - t;
      times.push(took);
      if (text.replace(/\s+/g, '').length >= config['completion.codeReferencingMinChars']) longTimes.push(took);
      checked++;
      const other =
        finding?.origin && cross ? tasks[Number(/^t(\d+)\./.exec(path.basename(finding.origin.file))?.[1])] : undefined;
      // The same program under two ids (SAFIM has a few): 100 characters of the middle, white space
      // dropped, appear in the other task's file. A true copy, not a false reference.
      const squash = (x: string) => x.replace(/\s+/g, '');
      const duplicate =
        other !== undefined &&
        [0, 0.5].some((at) => {
          const m = squash(text);
          const start = Math.floor(m.length * at);
          return m.length >= 100 && squash(other.prefix + other.suffix).includes(m.slice(start, start + 100));
        });
      if (duplicate) {
        duplicates++;
        process.stdout.write(`  same code under another id: ${task.id} → ${other!.id}\n`);
      } else if (finding?.origin && !(cross && other && sourceOf(other.id) === sourceOf(task.id))) {
        code++;
        process.stdout.write(
          `  code reference: ${task.id} → ${finding.origin.package} ${finding.origin.file}:${finding.origin.line} (${finding.origin.chars} chars)\n`,
        );
      }
      if (finding?.licenceText) {
        licence++;
        process.stdout.write(`  licence text: ${task.id} → ${finding.licenceText.licence}\n`);
      }
    }
  }
  times.sort((a, b) => a - b);
  longTimes.sort((a, b) => a - b);
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  process.stdout.write(
    `${tasks.length} tasks, ${checked} texts checked (middle and raw), min chars ${config['completion.codeReferencingMinChars']}\n`,
  );
  process.stdout.write(
    `false code references: ${code}; false licence-text marks: ${licence}${cross ? `; true copies under another task id: ${duplicates}` : ''}\n`,
  );
  process.stdout.write(
    `check cost: p50 ${ms(quantile(times, 0.5))}, p95 ${ms(quantile(times, 0.95))}, max ${ms(times[times.length - 1])}\n`,
  );
  process.stdout.write(
    `long texts (${longTimes.length}): p50 ${ms(quantile(longTimes, 0.5))}, p95 ${ms(quantile(longTimes, 0.95))}\n`,
  );
  if (cross) fs.rmSync(workspace, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ falseCodeReferences: code, falseLicenceMarks: licence, checked, p50ms: +quantile(times, 0.5).toFixed(4), p95ms: +quantile(times, 0.95).toFixed(4) })}\n`,
  );
  return 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((c) => (process.exitCode = c));
