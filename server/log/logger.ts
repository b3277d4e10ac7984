import pino from 'pino';
import { scrubSecrets } from '../privacy/log-scrub';
import { type LogSink, stderrSink } from './sink';

export type Logger = pino.Logger;

/** Paths pino blanks out wherever they appear in a log object: keys and credentials never reach a log. */
export const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  "['backend.apiKey']",
  "*['backend.apiKey']",
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'OPENAI_API_KEY',
  '*.OPENAI_API_KEY',
];

/**
 * Logs go to stderr or a file — never stdout, which carries the protocol — through a bounded,
 * asynchronous sink (sink.ts). Every line is scrubbed on its way out; fields named in REDACT_PATHS
 * are blanked before that.
 */
export function createLogger(level: string, sink: LogSink = sharedStderr()): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    // Error objects and free-text fields can carry what redact's paths do not name (a URL with a password).
    { write: (line: string) => sink.write(scrubSecrets(line)) },
  );
}

let stderr: LogSink | undefined;
/** One stderr sink per process: never closed, shared by every logger and console.*. */
export function sharedStderr(): LogSink {
  return (stderr ??= stderrSink());
}

/** A logger that writes nowhere, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
