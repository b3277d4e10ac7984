/**
 * `npm run bench [-- --only syntax,context,local,actions,lsp,soak,stall,stability,workspace,lean]`: every benchmark, printed as
 * tables. Not a test: numbers depend on the machine; each table carries its own same-run baseline
 * or the reference figure it is compared with.
 */
import { runActionsBench } from './actions';
import { runContextBench } from './context';
import { runLeanBench } from './lean';
import { formatLocalEngineBench, runLocalEngineBench } from './local-engine';
import { runLatencyBench, runStartupBench, runSwitchBench, runTypingBurstBench } from './lsp';
import { runPromptStabilityBench } from './prompt-stability';
import { runSoakBench } from './soak';
import { runStallBench } from './stall';
import { runSyntaxBench } from './syntax';
import { runWorkspaceBench } from './workspace';

const BENCHES: Record<string, () => Promise<void>> = {
  syntax: runSyntaxBench,
  context: runContextBench,
  local: async () => console.log(`\n${formatLocalEngineBench(await runLocalEngineBench())}`),
  actions: runActionsBench,
  lsp: async () => {
    await runStartupBench();
    await runLatencyBench();
    await runSwitchBench();
    await runTypingBurstBench();
  },
  soak: async () => {
    await runSoakBench();
  },
  stall: () => runStallBench(),
  stability: runPromptStabilityBench,
  workspace: runWorkspaceBench,
  lean: runLeanBench,
};

async function main(): Promise<void> {
  const i = process.argv.indexOf('--only');
  const only = i >= 0 ? process.argv[i + 1].split(',') : Object.keys(BENCHES);
  for (const name of only) {
    const run = BENCHES[name];
    if (!run) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(BENCHES).join(', ')}`);
    console.log(`\n=== ${name} ===`);
    await run();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
