import * as fs from 'node:fs';

export type TaskKind = 'clean' | 'suffix-regen' | 'escape';

/** One truncation task (format: /work/shared/evals/README.md): a cursor in real code and a raw model output. */
export interface TruncationTask {
  id: string;
  /** LSP languageId; languages without a grammar are handled with plain-text rules. */
  language: string;
  prefix: string;
  suffix: string;
  /** What the author wrote at the cursor. */
  middle: string;
  /** What the model returned: the middle, possibly followed by text it should not keep. */
  raw: string;
  kind: TaskKind | string;
}

const REQUIRED = ['id', 'language', 'prefix', 'suffix', 'middle', 'raw'] as const;

/** Reads a JSONL file of tasks; a malformed line is an error naming the line. */
export function readTasks(file: string): TruncationTask[] {
  const tasks: TruncationTask[] = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not JSON (${err instanceof Error ? err.message : String(err)})`);
    }
    const task = value as Record<string, unknown>;
    for (const key of REQUIRED) {
      if (typeof task?.[key] !== 'string') throw new Error(`${file}:${i + 1}: field "${key}" must be a string`);
    }
    tasks.push({ ...(task as unknown as TruncationTask), kind: typeof task.kind === 'string' ? task.kind : 'unknown' });
  });
  return tasks;
}

export function writeTasks(file: string, tasks: TruncationTask[]): void {
  fs.writeFileSync(file, `${tasks.map((t) => JSON.stringify(t)).join('\n')}\n`);
}
