import * as fs from 'node:fs';
import { formatTable, formatTimings, rates, runTasks } from './truncation';
import { readRealistic, scoreRealistic, wrongText } from './realistic';
import { readTasks } from './tasks';
import { main as recall } from './workspace-recall';

const USAGE = `usage: node dist/scripts/eval/index.js truncation --tasks FILE [--out OUT.jsonl]
       node dist/scripts/eval/index.js realistic [--out OUT.jsonl]
       node dist/scripts/eval/index.js recall [--budget N] [--at-name] [--misses] [DIR ...]

  truncation   run each task (JSONL, format in /work/shared/evals/README.md) through the completion
               path with a replay backend; print restored/harm rates per language and kind, and as
               the last line {"restored": r, "harm": h, "n": n} (fractions of all tasks)
  realistic    the same over the hand-written realistic set (scripts/eval/realistic/, one kind per
               cause); the table's restored column is "shown the expected text"
  recall       cross-file definition recall of the workspace index with only the edited file
               open, per language and per way the name is reached (scripts/eval/workspace-recall.ts)
  --tasks      the task file
  --out        also write one {"id", "output"} per line`;

interface Args {
  command: string | undefined;
  tasks?: string;
  out?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: argv[0] };
  for (let i = 1; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === '--tasks' || flag === '--out') && value !== undefined) {
      args[flag === '--tasks' ? 'tasks' : 'out'] = value;
      i++;
    } else throw new Error(`unknown or incomplete argument: ${flag}`);
  }
  return args;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'recall') return recall(argv.slice(1));
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    return 2;
  }
  if (!((args.command === 'truncation' && args.tasks) || (args.command === 'realistic' && !args.tasks))) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const tasks = args.command === 'realistic' ? readRealistic() : readTasks(args.tasks!);
  const started = performance.now();
  const results = await runTasks(tasks);
  const seconds = (performance.now() - started) / 1000;
  if (args.out)
    fs.writeFileSync(
      args.out,
      results.map((r) => JSON.stringify({ id: r.id, output: r.output })).join('\n') + (results.length ? '\n' : ''),
    );
  const all = rates(results);
  process.stdout.write(
    `${formatTable(results)}\n\n${tasks.length} tasks in ${seconds.toFixed(1)} s\n${formatTimings(results)}\n`,
  );
  if (args.command === 'realistic') {
    const scored = results.map((r, i) => ({
      kind: r.kind,
      output: r.output,
      restored: r.verdict.restored,
      empty: r.verdict.empty,
      task: tasks[i],
    }));
    process.stdout.write(
      `\n${'cause'.padEnd(16)}${'n'.padStart(5)}${'shown'.padStart(8)}${'harm'.padStart(8)}${'empty'.padStart(8)}\n`,
    );
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(8);
    for (const s of scoreRealistic(scored))
      process.stdout.write(
        `${s.kind.padEnd(16)}${String(s.n).padStart(5)}${pct(s.shown)}${pct(s.harm)}${pct(s.empty)}\n`,
      );
    for (const r of scored.filter((r) => !r.restored)) {
      const verdict = wrongText(r.task, r.output, r.restored) ? 'HARM ' : r.empty ? 'EMPTY' : 'SHORT';
      process.stdout.write(`${verdict} ${r.kind}/${r.task.id}: ${JSON.stringify(r.output)}\n`);
    }
  }
  process.stdout.write(`${JSON.stringify({ restored: all.restored, harm: all.harm, n: all.n })}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
