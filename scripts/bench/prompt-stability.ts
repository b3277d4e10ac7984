/**
 * Prompt stability while typing (issue #14): local model servers reuse their KV cache for the part
 * of a prompt that is byte-identical to the previous one (llama.cpp `cache_prompt`, vLLM prefix
 * caching, Ollama). Types 20 characters at 10 places of a 5k-line file, one completion request per
 * keystroke, and reports how much of each prompt is a byte-identical prefix of the previous one.
 *
 *   node dist/scripts/bench/prompt-stability.js
 *   npm run bench -- --only stability
 */
import { LspClient } from '../../test/support/lsp-client';
import { startOpenAIServer } from '../../test/support/openai-server';
import { percentile, table } from './stats';
import { pythonModule } from './syntax';

const TYPED = 'result = self.store';

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export async function runPromptStabilityBench(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const order of ['psm', 'spm'] as const) {
    const { ratios, sizes } = await typeAndCompare(order);
    const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
    const mean = ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length);
    rows.push([`starcoder, backend.fimOrder ${order}`, ratios.length, percentile(sizes, 50), pct(percentile(ratios, 50)), pct(percentile(ratios, 10)), pct(mean)]);
  }
  table(
    'Prompt stability while typing 20 characters at 10 places of a 5k-line file (target >= 90 % of each prompt a byte-identical prefix of the previous one; psm is the baseline)',
    ['prompt order', 'consecutive prompts', 'prompt chars p50', 'identical prefix p50', 'p10', 'mean'],
    rows,
  );
}

async function typeAndCompare(order: 'psm' | 'spm'): Promise<{ ratios: number[]; sizes: number[] }> {
  const srv = await startOpenAIServer({ models: ['starcoder2-3b'] });
  srv.respond('value');
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
  const ratios: number[] = [];
  const sizes: number[] = [];
  try {
    await c.initialize({}, { initializationOptions: { arbor: { backend: { kind: 'openai', baseURL: srv.url, model: 'starcoder2-3b', api: 'completions', fim: 'starcoder', fimOrder: order }, completion: { debounceMs: 0 } } } });
    await c.waitFor((m) => m.method === 'window/logMessage' && /starcoder2/.test(m.params.message), 10_000, 'backend');
    const base = pythonModule(5000);
    const lines = base.split('\n');
    const uri = 'file:///bench/stability.py';
    c.open(uri, base);
    let version = 1;
    for (let place = 0; place < 10; place++) {
      // A blank line inside a method body, spread over the file.
      const line = lines.findIndex((l, i) => i > (place + 1) * (lines.length / 12) && l === '        self.limit = limit') + 1;
      c.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '        \n' }] });
      let previous: string | undefined;
      for (let k = 0; k < TYPED.length; k++) {
        c.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: 8 + k }, end: { line, character: 8 + k } }, text: TYPED[k] }] });
        const before = srv.completions().length;
        await c.call('textDocument/completion', { textDocument: { uri }, position: { line, character: 9 + k } });
        const sent = srv.completions().slice(before).pop();
        if (!sent) continue; // answered from the typeahead cache: no prompt at all
        const prompt = String(sent.body.prompt ?? '') + String(sent.body.suffix ?? '');
        if (previous !== undefined) {
          ratios.push(commonPrefix(previous, prompt) / prompt.length);
          sizes.push(prompt.length);
        }
        previous = prompt;
      }
      c.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }] });
    }
  } finally {
    await c.shutdown();
    await srv.close();
  }
  return { ratios, sizes };
}

if (require.main === module) runPromptStabilityBench().then(() => process.exit(0), (err) => (console.error(err), process.exit(1)));
