import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../server/paths';
import type { TruncationTask } from './tasks';

/**
 * The realistic post-processing set (issue #15): hand-written cursors in code of several languages,
 * each with a raw model answer and the suggestion that should reach the buffer. One file per cause
 * under scripts/eval/realistic/ (the file name is the task kind); cases in a file are separated by
 * a header line `#### <id> <languageId>`, then the sections of a golden fixture:
 *
 *   #### ts-const-array typescript
 *   === document          the document, `█` marks the cursor
 *   === raw               what the model returned
 *   === expected          the suggestion that should be shown
 *
 * A section's text runs to the line break before the next header, so a trailing empty line means a
 * trailing line break. `␍` stands for a carriage return, `⟨zwsp⟩` for U+200B.
 */

export const CURSOR = '█';

export function realisticDir(): string {
  return path.join(packageRoot(), 'scripts', 'eval', 'realistic');
}

export function readRealistic(dir = realisticDir()): TruncationTask[] {
  const tasks: TruncationTask[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const kind = file.replace(/\.txt$/, '');
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const chunk of source.split(/^#### /m).slice(1)) {
      const nl = chunk.indexOf('\n');
      const [id, language] = chunk.slice(0, nl).trim().split(/\s+/);
      const sections: Record<string, string> = {};
      const parts = chunk.slice(nl + 1).split(/^=== (\w+)\n?/m);
      for (let i = 1; i < parts.length; i += 2) sections[parts[i]] = decode((parts[i + 1] ?? '').replace(/\n$/, ''));
      const document = sections.document;
      if (document === undefined || sections.raw === undefined || sections.expected === undefined)
        throw new Error(`${file}: ${id}: needs document, raw and expected`);
      const at = document.indexOf(CURSOR);
      if (at === -1) throw new Error(`${file}: ${id}: no ${CURSOR} in the document`);
      if (!language) throw new Error(`${file}: ${id}: no language`);
      tasks.push({
        id,
        language,
        kind,
        prefix: document.slice(0, at),
        suffix: document.slice(at + CURSOR.length),
        middle: sections.expected,
        raw: sections.raw,
      });
    }
  }
  const ids = new Set<string>();
  for (const t of tasks) {
    if (ids.has(t.id)) throw new Error(`duplicate realistic case id ${t.id}`);
    ids.add(t.id);
  }
  return tasks;
}

function decode(s: string): string {
  return s.split('␍').join('\r').split('⟨zwsp⟩').join('\u200b').split('⟨bom⟩').join('\ufeff');
}

/**
 * For this set, wrong text in the buffer is judged more strictly than the truncation metric's
 * harm: anything shown that is not the expected suggestion, except a clean truncation of it (the
 * expected text's first lines, cut at a line end). `console.log(error,message)` (a space lost) or
 * a line split by an added break is harm here, though both are prefixes of the expected text.
 */
export function wrongText(task: TruncationTask, output: string, restored: boolean): boolean {
  if (restored || output.trim() === '') return false;
  const kept = output.replace(/\r\n/g, '\n').replace(/\n[ \t]*$/, '\n');
  const middle = task.middle.replace(/\r\n/g, '\n');
  const endsAtLine = kept.endsWith('\n') || middle[kept.length] === '\n' || middle.length === kept.length;
  return !(middle.startsWith(kept) && endsAtLine);
}

export interface RealisticScore {
  kind: string;
  n: number;
  shown: number;
  harm: number;
  empty: number;
}

/** Shown-the-expected, harm (wrongText) and empty fractions per kind (cause) and overall. */
export function scoreRealistic(
  results: ReadonlyArray<{ kind: string; output: string; restored: boolean; empty: boolean; task: TruncationTask }>,
): RealisticScore[] {
  const kinds = [...new Set(results.map((r) => r.kind))].sort();
  const score = (kind: string, list: typeof results): RealisticScore => {
    const n = list.length;
    const frac = (k: number) => (n === 0 ? 0 : Math.round((k / n) * 1000) / 1000);
    return {
      kind,
      n,
      shown: frac(list.filter((r) => r.restored).length),
      harm: frac(list.filter((r) => wrongText(r.task, r.output, r.restored)).length),
      empty: frac(list.filter((r) => r.empty && !r.restored).length),
    };
  };
  return [
    ...kinds.map((k) =>
      score(
        k,
        results.filter((r) => r.kind === k),
      ),
    ),
    score('all', results),
  ];
}
