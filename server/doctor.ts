import * as fs from 'node:fs';
import { configFilePath, readConfigFile, settingsFromEnv, unwrapClientSettings } from './config/sources';
import { ConfigStore, maskSecret, maskSecrets, resolveApiKey } from './config/store';
import { probeBackend } from './backends/factory';
import { silentLogger } from './log/logger';
import { rememberSecrets, scrubSecrets } from './privacy/log-scrub';
import { type GrammarEntry, grammarEntries, loadLanguage, shippedWasmDir, wasmPath } from './syntax/registry';

/** Where the wasm grammars load from: the copies shipped in the package, or node_modules in a development checkout. */
function grammarSource(): string {
  const isShipped = (entry: GrammarEntry): boolean => {
    try {
      return wasmPath(entry).startsWith(shippedWasmDir());
    } catch {
      return false;
    }
  };
  const entries = grammarEntries();
  const shipped = entries.filter(isShipped).length;
  if (shipped === entries.length) return `${shippedWasmDir()} (shipped with arbor-ls)`;
  if (shipped === 0) return 'the grammar packages in node_modules (development checkout)';
  return `${shipped} of ${entries.length} from ${shippedWasmDir()}, the others from node_modules`;
}

/**
 * `--settings FILE|JSON`: the settings an editor sends (initializationOptions or workspace
 * settings, with or without the `arbor` wrapper), so doctor sees what the server in the editor sees.
 */
function editorSettings(arg: string): { settings?: unknown; problem?: string; from: string } {
  const isFile = !arg.trim().startsWith('{') && fs.existsSync(arg);
  try {
    const text = isFile ? fs.readFileSync(arg, 'utf8').slice(0, 1 << 20) : arg;
    return {
      settings: unwrapClientSettings(JSON.parse(text)),
      from: isFile ? `editor settings from ${arg}` : 'editor settings (--settings)',
    };
  } catch {
    return { problem: `--settings ${isFile ? `file ${arg}` : 'value'} is not valid JSON; ignored`, from: '' };
  }
}

/** `arbor-ls doctor [--settings FILE|JSON]`: what the server would run with, on this machine, printed for a human. */
export async function runDoctor(options: { settings?: string } = {}): Promise<number> {
  const out = (line = '') => process.stdout.write(`${scrubSecrets(line)}\n`);
  const problems: string[] = [];
  const config = new ConfigStore((p) => problems.push(p));
  const file = configFilePath();
  const fromFile = readConfigFile(file);
  if (fromFile.problem) problems.push(fromFile.problem);
  config.set('file', fromFile.settings, `config file ${file}`);
  config.set('env', settingsFromEnv(), 'environment');
  const editor = options.settings === undefined ? undefined : editorSettings(options.settings);
  if (editor?.problem) problems.push(editor.problem);
  if (editor?.settings !== undefined) config.set('initializationOptions', editor.settings, editor.from);
  rememberSecrets(process.env.OPENAI_API_KEY, resolveApiKey(config.current));

  out(`config file: ${file}${fromFile.settings === undefined ? ' (not present)' : ''}`);
  out(
    editor?.settings !== undefined
      ? `resolved configuration (file + environment + ${editor.from}):`
      : "resolved configuration (file + environment; pass your editor's settings with --settings FILE|JSON to see what the editor runs with):",
  );
  for (const [key, value] of Object.entries(maskSecrets(config.current)))
    out(`  ${key.padEnd(24)} ${JSON.stringify(value)}`);
  const key = resolveApiKey(config.current);
  out(
    `  ${'API key'.padEnd(24)} ${key ? maskSecret(key) : '(none: set OPENAI_API_KEY, backend.apiKeyEnv or backend.apiKey for hosted APIs)'}`,
  );
  for (const p of problems) out(`  problem: ${p}`);

  out();
  out('grammars:');
  out(`  wasm files: ${grammarSource()}`);
  let failed = 0;
  for (const entry of grammarEntries()) {
    try {
      await loadLanguage(entry);
      out(`  ok    ${entry.name.padEnd(11)} ${entry.languageIds.join(', ')}`);
    } catch (err) {
      failed++;
      out(`  FAIL  ${entry.name.padEnd(11)} ${(err as Error).message}`);
    }
  }

  out();
  out('model backend:');
  const probe = await probeBackend(config.current, { log: silentLogger() });
  out(`  ${probe.description}`);
  if (probe.models.length)
    out(`  models offered: ${probe.models.slice(0, 20).join(', ')}${probe.models.length > 20 ? ', …' : ''}`);
  out(probe.ok ? '  ok: the backend answers' : `  FAIL: ${probe.problem ?? 'the backend does not answer'}`);
  return failed || !probe.ok ? 1 : 0;
}
