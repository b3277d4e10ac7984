import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readRealistic, scoreRealistic, wrongText } from '../../scripts/eval/realistic';
import { runTasks } from '../../scripts/eval/truncation';

/**
 * The realistic post-processing set (scripts/eval/realistic/, issue #15) through the completion
 * path: wrong text in the buffer stays at or under 2% overall, and what is shown is the expected
 * suggestion in at least 95% of cases.
 */
describe('realistic post-processing set', () => {
  test('shown >= 95%, wrong text <= 2%', async () => {
    const tasks = readRealistic();
    assert.ok(tasks.length >= 150, `${tasks.length} cases`);
    assert.ok(new Set(tasks.map((t) => t.language)).size >= 6, 'at least six languages');
    const results = await runTasks(tasks);
    const scored = results.map((r, i) => ({
      kind: r.kind,
      output: r.output,
      restored: r.verdict.restored,
      empty: r.verdict.empty,
      task: tasks[i],
    }));
    const all = scoreRealistic(scored).find((s) => s.kind === 'all')!;
    const wrong = scored
      .filter((r) => wrongText(r.task, r.output, r.restored))
      .map((r) => `${r.kind}/${r.task.id}: ${JSON.stringify(r.output)}`);
    assert.ok(all.harm <= 0.02, `wrong text in ${all.harm * 100}%:\n${wrong.join('\n')}`);
    assert.ok(all.shown >= 0.95, `shown ${all.shown * 100}%`);
  });

  test('wrong text: a lost space or a split line counts, a clean truncation at a line end does not', () => {
    const task = {
      id: 't',
      language: 'typescript',
      kind: 'x',
      prefix: '',
      suffix: '',
      raw: '',
      middle: 'a {\n  b;\n}',
    };
    assert.equal(wrongText(task, 'a {\n', false), false);
    assert.equal(wrongText(task, 'a {', false), false);
    assert.equal(wrongText(task, 'a', false), true);
    assert.equal(wrongText(task, 'a {\n  c;', false), true);
    assert.equal(wrongText({ ...task, middle: 'error, ' }, 'error,', false), true);
    assert.equal(wrongText({ ...task, middle: 'this.' }, 'this.\n    ', false), true);
  });
});
