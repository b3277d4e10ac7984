import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SCHEMA } from './schema';

/** `$XDG_CONFIG_HOME/arbor-ls/config.json` (or `$ARBOR_CONFIG`). */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ARBOR_CONFIG) return env.ARBOR_CONFIG;
  const base = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'arbor-ls', 'config.json');
}

/** A configuration file larger than this is refused unread. */
const MAX_CONFIG_BYTES = 1_000_000;

/** Reads the optional config file; a missing file is no problem, an unreadable one is. */
export function readConfigFile(file: string): { settings?: unknown; problem?: string } {
  let text: string;
  try {
    // A FIFO or device would block the read (at startup, on the main thread); a huge file is no config.
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { problem: `config file ${file} is not a regular file; ignored` };
    if (stat.size > MAX_CONFIG_BYTES)
      return { problem: `config file ${file} is larger than ${MAX_CONFIG_BYTES} bytes; ignored` };
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    return { problem: `config file ${file}: ${(err as Error).message}` };
  }
  try {
    return { settings: JSON.parse(text) };
  } catch (err) {
    // V8's message quotes the text around the error, which may be a key: say only where it is.
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const reason = message.split(/,? "|\s+in JSON/)[0].slice(0, 60);
    const where = at ? ` at line ${text.slice(0, Number(at[1])).split('\n').length}` : '';
    return { problem: `config file ${file} is not valid JSON (${reason}${where}); ignored` };
  }
}

/** The environment variable for a key: `backend.baseURL` → `ARBOR_BACKEND_BASEURL`. */
export function envName(key: string): string {
  return `ARBOR_${key.replace(/\./g, '_').toUpperCase()}`;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(SCHEMA)) {
    const raw = env[envName(key)];
    if (raw === undefined || raw === '') continue;
    const type = SCHEMA[key as keyof typeof SCHEMA].type.kind;
    if (type === 'stringArray' || type === 'customActions') {
      try {
        out[key] = JSON.parse(raw);
      } catch {
        out[key] = raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      }
    } else out[key] = raw;
  }
  return out;
}

/** LSP clients nest our settings differently: `{arbor: {...}}` or `{...}`. */
export function unwrapClientSettings(settings: unknown): unknown {
  if (typeof settings === 'object' && settings !== null && 'arbor' in settings)
    return (settings as { arbor: unknown }).arbor;
  return settings;
}
