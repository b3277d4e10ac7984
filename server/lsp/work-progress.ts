import { type Connection, WorkDoneProgress } from 'vscode-languageserver';
import type { ProgressReporter } from '../log/progress';
import type { ServerContext } from './context';

let serial = 0;

/** Long background work (indexing) as LSP work-done progress, when the client supports it. */
export function workDoneProgress(ctx: ServerContext): ProgressReporter | undefined {
  if (!ctx.client.window?.workDoneProgress) return undefined;
  const connection: Connection = ctx.connection;
  let token: string | undefined;
  let created: Promise<unknown> = Promise.resolve();
  return {
    begin: (title) => {
      token = `arbor-index-${Date.now()}-${++serial}`;
      const t = token;
      created = connection.sendRequest('window/workDoneProgress/create', { token: t }).then(
        () => connection.sendProgress(WorkDoneProgress.type, t, { kind: 'begin', title, percentage: 0 }),
        () => {
          token = undefined;
        },
      );
    },
    report: (percentage, message) => {
      const t = token;
      if (t)
        void created.then(() =>
          connection.sendProgress(WorkDoneProgress.type, t, {
            kind: 'report',
            percentage: Math.round(percentage),
            message,
          }),
        );
    },
    end: () => {
      const t = token;
      if (t) void created.then(() => connection.sendProgress(WorkDoneProgress.type, t, { kind: 'end' }));
    },
  };
}
