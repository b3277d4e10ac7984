import pino from 'pino';

export type Logger = pino.Logger;

/** Paths pino blanks out wherever they appear in a log object: keys and credentials never reach a log. */
export const REDACT_PATHS = [
  'apiKey', '*.apiKey', '*.*.apiKey', "['backend.apiKey']", "*['backend.apiKey']",
  'authorization', 'Authorization', '*.authorization', '*.Authorization', 'headers.authorization', 'headers.Authorization',
  '*.headers.authorization', '*.headers.Authorization', 'OPENAI_API_KEY', '*.OPENAI_API_KEY',
];

const KEY_PATTERNS = [/\bsk-[A-Za-z0-9_-]{8,}/g, /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi];

/** Masks anything that looks like a key inside free text (error messages from HTTP clients, URLs). */
export function scrubSecrets(text: string): string {
  return KEY_PATTERNS.reduce((t, re) => t.replace(re, (m) => `${m.slice(0, 3)}…[redacted]`), text);
}

/**
 * Logs go to stderr (fd 2) or a file — never stdout, which carries the protocol.
 * `file` empty means stderr.
 */
export function createLogger(level: string, file = ''): Logger {
  const destination = file ? pino.destination({ dest: file, mkdir: true, sync: false }) : pino.destination({ fd: 2, sync: true });
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        logMethod(args, method) {
          // Scrub free-text messages too; structured fields are handled by `redact`.
          for (let i = 0; i < args.length; i++) if (typeof args[i] === 'string') args[i] = scrubSecrets(args[i] as string);
          return method.apply(this, args as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** A logger that writes nowhere, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
