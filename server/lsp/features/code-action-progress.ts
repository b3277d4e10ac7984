/**
 * Work-done progress while the model runs an action. Uses the request's own `workDoneToken` when
 * the client sent one (vscode-languageserver hands it over as a reporter and removes it from the
 * params), else creates a token (`window/workDoneProgress/create`) when the client supports it. A server-created progress is cancellable: the client's
 * `window/workDoneProgress/cancel` aborts `signal`. Never delays the model call: the create
 * request is answered whenever the client gets to it.
 */
import { WorkDoneProgressReporter } from 'vscode-languageserver';
import type { ServerContext } from '../context';

export interface ActionProgress {
  /** Aborted when the user cancels from the progress UI. */
  readonly signal: AbortSignal;
  done(): void;
}

const MESSAGE = 'asking the model…';

export function startActionProgress(
  ctx: ServerContext,
  title: string,
  requestProgress?: WorkDoneProgressReporter,
): ActionProgress {
  const controller = new AbortController();
  const window = ctx.connection.window;
  if (requestProgress && !WorkDoneProgressReporter.isNullInstance(requestProgress)) {
    // Cancelled through the request itself ($/cancelRequest), so not cancellable here.
    requestProgress.begin(title, undefined, MESSAGE, false);
    return { signal: controller.signal, done: () => requestProgress.done() };
  }
  if (ctx.client.window?.workDoneProgress !== true) return { signal: controller.signal, done() {} };

  let finished = false;
  let end: (() => void) | undefined;
  void window.createWorkDoneProgress().then(
    (reporter) => {
      reporter.begin(title, undefined, MESSAGE, true);
      reporter.token.onCancellationRequested(() => controller.abort(new Error('cancelled from the progress UI')));
      end = () => reporter.done();
      if (finished) end(); // the action ended before the client answered the create request
    },
    (err: unknown) => ctx.log().debug({ err }, 'window/workDoneProgress/create failed; no progress shown'),
  );
  return {
    signal: controller.signal,
    done() {
      if (finished) return;
      finished = true;
      end?.();
    },
  };
}
