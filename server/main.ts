import { runStdio } from './lsp/stdio';

/** The server as editors start it: every feature, on stdio. */
export function runServer(): void {
  runStdio({ features: [] });
}
