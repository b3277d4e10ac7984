/**
 * Prompt stability while typing (issue #14): local model servers reuse their KV cache for the part
 * of a prompt that is byte-identical to the previous one (llama.cpp `cache_prompt`, vLLM prefix
 * caching, Ollama). Types 20 characters at 10 places of a 5k-line file, one completion request per
 * keystroke, and reports how much of each prompt is a byte-identical prefix of the previous one.
 *
 *   node dist/scripts/bench/prompt-stability.js
 *   npm run bench -- --only stability
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../test/support/lsp-client';
import { startOpenAIServer } from '../../test/support/openai-server';
import { percentile, table } from './stats';
import { pythonModule } from './syntax';
import { LOOPBACK_MODEL, loopbackBackend } from './loopback';

const TYPED = 'result = self.store';

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

export async function runPromptStabilityBench(): Promise<void> {
  const rows: (string | number)[][] = [];
  for (const [order, workspace] of [
    ['psm', false],
    ['spm', false],
    ['psm', true],
    ['spm', true],
  ] as const) {
    const { ratios, sizes, contextChars } = await typeAndCompare(order, workspace);
    const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
    const mean = ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length);
    rows.push([
      `starcoder, backend.fimOrder ${order}${workspace ? ', workspace folder' : ''}`,
      ratios.length,
      percentile(sizes, 50),
      pct(percentile(ratios, 50)),
      pct(percentile(ratios, 10)),
      pct(mean),
      percentile(contextChars, 50),
    ]);
  }
  table(
    'Prompt stability while typing 20 characters at 10 places of a 5k-line file (target >= 90 % of each prompt a byte-identical prefix of the previous one; psm is the baseline)',
    [
      'prompt order',
      'consecutive prompts',
      'prompt chars p50',
      'identical prefix p50',
      'p10',
      'mean',
      "other files' chars p50",
    ],
    rows,
  );
}

/**
 * A workspace folder around the 5k-line file: modules it imports (json, os, dataclasses, typing,
 * shadowed by local files) and a store class whose methods it calls, so the workspace index gives
 * cross-file context to every prompt.
 */
function workspaceFolder(text: string): { dir: string; uri: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-stability-'));
  const files: Record<string, string> = {
    'json.py':
      'def dumps(obj, *, indent=None, sort_keys=False):\n    return str(obj)\n\n\ndef loads(text, *, strict=True):\n    return text\n',
    'os.py': 'sep = "/"\n\n\ndef getcwd():\n    return sep\n\n\ndef listdir(path="."):\n    return []\n',
    'dataclasses.py':
      'def dataclass(cls=None, /, *, init=True, repr=True, eq=True, order=False, frozen=False):\n    return cls\n\n\ndef field(*, default=None, default_factory=None):\n    return default\n',
    'typing.py': 'class Optional:\n    pass\n\n\nclass Any:\n    pass\n',
    'store.py':
      'class Store:\n    def get(self, key, default=None):\n        return default\n\n    def values(self):\n        return []\n\n    def put(self, key, value, *, ttl=None):\n        pass\n',
    'stability.py': text,
  };
  for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), body);
  return { dir, uri: pathToFileURL(path.join(dir, 'stability.py')).href };
}

async function typeAndCompare(
  order: 'psm' | 'spm',
  workspace: boolean,
): Promise<{ ratios: number[]; sizes: number[]; contextChars: number[] }> {
  const srv = await startOpenAIServer({ models: [LOOPBACK_MODEL] });
  srv.respond('value');
  const c = new LspClient({ env: { ARBOR_LOG_LEVEL: 'warn' } });
  const ratios: number[] = [];
  const sizes: number[] = [];
  const contextChars: number[] = [];
  try {
    const base = pythonModule(5000);
    const folder = workspace ? workspaceFolder(base) : undefined;
    const folders = folder
      ? {
          rootUri: pathToFileURL(folder.dir).href,
          workspaceFolders: [{ uri: pathToFileURL(folder.dir).href, name: 'bench' }],
        }
      : {};
    await c.initialize(
      {},
      {
        ...folders,
        initializationOptions: {
          arbor: {
            backend: { ...loopbackBackend(srv.url), fimOrder: order },
            completion: { debounceMs: 0 },
          },
        },
      },
    );
    await c.waitFor((m) => m.method === 'window/logMessage' && /starcoder2/.test(m.params.message), 10_000, 'backend');
    const lines = base.split('\n');
    const uri = folder?.uri ?? 'file:///bench/stability.py';
    c.open(uri, base);
    if (folder) await new Promise((r) => setTimeout(r, 2000)); // the index of six files is built by then
    let version = 1;
    for (let place = 0; place < 10; place++) {
      // A blank line inside a method body, spread over the file.
      const line =
        lines.findIndex((l, i) => i > (place + 1) * (lines.length / 12) && l === '        self.limit = limit') + 1;
      c.notify('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '        \n' }],
      });
      let previous: string | undefined;
      for (let k = 0; k < TYPED.length; k++) {
        c.notify('textDocument/didChange', {
          textDocument: { uri, version: ++version },
          contentChanges: [
            { range: { start: { line, character: 8 + k }, end: { line, character: 8 + k } }, text: TYPED[k] },
          ],
        });
        const before = srv.completions().length;
        await c.call('textDocument/completion', { textDocument: { uri }, position: { line, character: 9 + k } });
        const sent = srv.completions().slice(before).pop();
        if (!sent) continue; // answered from the typeahead cache: no prompt at all
        const prompt = String(sent.body.prompt ?? '') + String(sent.body.suffix ?? '');
        if (previous !== undefined) {
          ratios.push(commonPrefix(previous, prompt) / prompt.length);
          sizes.push(prompt.length);
          // Other files come first, each after <file_sep>; the last <file_sep> names the current file.
          const lastFile = prompt.lastIndexOf('<file_sep>');
          contextChars.push(Math.max(lastFile, 0));
        }
        previous = prompt;
      }
      c.notify('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }],
      });
    }
    if (folder) fs.rmSync(folder.dir, { recursive: true, force: true });
  } finally {
    await c.shutdown();
    await srv.close();
  }
  return { ratios, sizes, contextChars };
}

if (require.main === module)
  runPromptStabilityBench().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
