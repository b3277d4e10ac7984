/**
 * The short form of the protocol fuzzer (part of `npm test`): one seeded run per position
 * encoding, bounded in steps and time. The long form is `npm run fuzz -- --seed N --minutes M`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFuzz } from './protocol-fuzzer';
import type { Encoding } from './reference-doc';

const RUNS: Array<[number, Encoding]> = [
  [1, 'utf-16'],
  [2, 'utf-8'],
  [3, 'utf-32'],
];
const STEPS = Number(process.env.ARBOR_FUZZ_STEPS ?? 450);

for (const [seed, encoding] of RUNS) {
  test(`protocol fuzz: seed ${seed}, ${encoding}, up to ${STEPS} steps or 5 s`, { timeout: 60_000 }, async (t) => {
    const stats = await runFuzz({ seed, steps: STEPS, encoding, timeLimitMs: 5_000, hugeInsertChars: 60_000 });
    t.diagnostic(
      `${stats.steps} steps, ${stats.requests} requests, ${stats.promptsChecked} prompts checked, errors ${JSON.stringify(stats.answeredWithError)}, ${stats.ms} ms`,
    );
    assert.ok(stats.steps > 0);
    assert.ok(stats.promptsChecked > 0, `some prompts reached the model and were checked (${JSON.stringify(stats)})`);
  });
}
