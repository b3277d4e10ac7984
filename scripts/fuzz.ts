/**
 * The long form of the protocol fuzzer: `npm run fuzz -- [--seed N] [--steps N] [--minutes M] [--hunt]`.
 * `--hunt` also sends the triggers of known open bugs (test/fuzz/protocol-fuzzer.ts KNOWN_BUGS).
 * Runs seeds N, N+1, … (each a fresh server with a random position encoding) until the step or
 * time budget is spent; prints the failing seed and step, which replays exactly with `--seed`.
 */
import { FuzzFailure, KNOWN_BUGS, runFuzz } from '../test/fuzz/protocol-fuzzer';

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number`);
  return v;
}

async function main(): Promise<number> {
  const firstSeed = arg('seed') ?? Math.floor(Math.random() * 1_000_000);
  const totalSteps = arg('steps') ?? (arg('minutes') !== undefined ? Infinity : 2_000);
  const minutes = arg('minutes') ?? (arg('steps') !== undefined ? Infinity : 10);
  const perRun = arg('steps-per-run') ?? 1_500;
  const hunt = process.argv.includes('--hunt');
  const deadline = Date.now() + minutes * 60_000;
  const started = Date.now();
  let steps = 0;
  let runs = 0;
  let prompts = 0;
  let requests = 0;
  console.log(
    `fuzz: first seed ${firstSeed}, ${totalSteps === Infinity ? 'no step limit' : `${totalSteps} steps`}, ${minutes === Infinity ? 'no time limit' : `${minutes} min`}, ${hunt || KNOWN_BUGS.length === 0 ? 'no known bug avoided' : `avoiding known open bugs: ${KNOWN_BUGS.join(', ')} (--hunt to send them)`}`,
  );
  for (let seed = firstSeed; steps < totalSteps && Date.now() < deadline; seed++) {
    try {
      const stats = await runFuzz({
        seed,
        steps: Math.min(perRun, totalSteps - steps),
        timeLimitMs: Math.max(1_000, deadline - Date.now()),
        log: (line) => console.log(`  ${line}`),
        ...(hunt ? { avoid: [] } : {}),
      });
      steps += stats.steps;
      runs++;
      prompts += stats.promptsChecked;
      requests += stats.requests;
      console.log(
        `seed ${seed} (${stats.encoding}): ${stats.steps} steps, ${stats.requests} requests, ${stats.modelRequests} model requests, ${stats.promptsChecked} prompts checked, ` +
          `errors ${JSON.stringify(stats.answeredWithError)}, code actions ${stats.codeActions ? 'on' : 'off'}, ${(stats.ms / 1000).toFixed(1)} s`,
      );
    } catch (err) {
      console.error(
        err instanceof FuzzFailure
          ? `FAILED — replay with: npm run fuzz -- --seed ${seed} --steps ${perRun}${hunt ? ' --hunt' : ''}\n${err.message}`
          : err,
      );
      return 1;
    }
  }
  console.log(
    `fuzz: ${runs} runs, ${steps} steps, ${requests} requests, ${prompts} prompts checked, no failure, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return 0;
}

main().then((code) => process.exit(code));
