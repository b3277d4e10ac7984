import { defaultConfig, type Config } from '../../server/config/schema';
import { completionSite } from '../../server/completion/site';
import { generateCompletion } from '../../server/completion/generate';
import type { CompletionOutcome } from '../../server/completion/outcome';
import { judge, type Verdict } from './metric';
import { ReplayBackend } from './replay-backend';
import type { TruncationTask } from './tasks';

export interface TaskResult {
  id: string;
  language: string;
  kind: string;
  output: string;
  verdict: Verdict;
  outcome: CompletionOutcome['kind'];
  reason?: string;
  stoppedEarly: boolean;
  timings: Record<string, number>;
}

export interface Rates {
  n: number;
  restored: number;
  harm: number;
  empty: number;
}

/**
 * Runs one task through the live completion path: the document is prefix + suffix with the cursor
 * between them, the model is a replay of the task's raw output.
 */
export async function runTask(task: TruncationTask, config: Config = defaultConfig(), index = 0): Promise<TaskResult> {
  const text = task.prefix + task.suffix;
  const backend = new ReplayBackend(task.raw);
  const outcome = await generateCompletion({
    site: completionSite(`file:///eval/task-${index}`, task.language, text, task.prefix.length),
    config,
    backend,
    input: {
      kind: 'fim',
      prefix: task.prefix,
      suffix: task.suffix,
      filePath: `task-${index}`,
      languageId: task.language,
      context: [],
    },
    signal: new AbortController().signal,
  });
  const output = outcome.kind === 'ok' ? outcome.choices[0] : '';
  return {
    id: task.id,
    language: task.language,
    kind: task.kind,
    output,
    verdict: judge(task, output),
    outcome: outcome.kind,
    reason: outcome.kind === 'ok' ? undefined : outcome.reason,
    stoppedEarly: outcome.kind === 'ok' && outcome.stoppedEarly,
    timings: outcome.timings,
  };
}

export async function runTasks(tasks: TruncationTask[], config: Config = defaultConfig()): Promise<TaskResult[]> {
  const results: TaskResult[] = [];
  for (let i = 0; i < tasks.length; i++) results.push(await runTask(tasks[i], config, i));
  return results;
}

export function rates(results: readonly TaskResult[]): Rates {
  const n = results.length;
  const count = (f: (r: TaskResult) => boolean) => results.filter(f).length;
  const frac = (k: number) => (n === 0 ? 0 : Math.round((k / n) * 10000) / 10000);
  return {
    n,
    restored: frac(count((r) => r.verdict.restored)),
    harm: frac(count((r) => r.verdict.harm)),
    empty: frac(count((r) => r.verdict.empty)),
  };
}

/** A plain-text table: one row per language × kind, per language, per kind, and overall. */
export function formatTable(results: readonly TaskResult[]): string {
  const groups = new Map<string, TaskResult[]>();
  const add = (key: string, r: TaskResult) => {
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(r);
  };
  const languages = [...new Set(results.map((r) => r.language))].sort();
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  for (const r of results) {
    add(`${r.language}\t${r.kind}`, r);
    add(`${r.language}\tall`, r);
    add(`all\t${r.kind}`, r);
    add('all\tall', r);
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  const lines = [
    `${'language'.padEnd(12)}${'kind'.padEnd(14)}${'n'.padStart(6)}${'restored'.padStart(10)}${'harm'.padStart(8)}${'empty'.padStart(8)}`,
  ];
  const row = (language: string, kind: string) => {
    const list = groups.get(`${language}\t${kind}`);
    if (!list) return;
    const r = rates(list);
    lines.push(
      `${language.padEnd(12)}${kind.padEnd(14)}${String(r.n).padStart(6)}${pct(r.restored).padStart(10)}${pct(r.harm).padStart(8)}${pct(r.empty).padStart(8)}`,
    );
  };
  for (const language of languages) {
    for (const kind of kinds) row(language, kind);
    row(language, 'all');
  }
  for (const kind of kinds) row('all', kind);
  row('all', 'all');
  return lines.join('\n');
}

/** Mean milliseconds per task of each stage of the completion path, and how often the stream was stopped early. */
export function formatTimings(results: readonly TaskResult[]): string {
  const totals = new Map<string, number>();
  for (const r of results)
    for (const [stage, ms] of Object.entries(r.timings)) totals.set(stage, (totals.get(stage) ?? 0) + ms);
  const n = Math.max(1, results.length);
  const stages = [...totals].map(([stage, ms]) => `${stage} ${(ms / n).toFixed(3)}`).join(', ');
  const early = results.filter((r) => r.stoppedEarly).length;
  return `mean ms per task: ${stages}\nstream stopped early: ${early} of ${results.length}`;
}
