import type { Connection } from 'vscode-languageserver';
import type { BackendLifecycle } from '../backend-lifecycle';
import type { ServerContext } from '../context';
import type { Feature } from '../feature';
import { answer } from '../requests';

export const STATUS_COMMAND = 'arbor.status';
export const TOGGLE_COMMAND = 'arbor.toggle';

/** What `arbor/status` and `arbor.status` answer (PROTOCOL.md). */
export interface ArborStatus {
  /** Completions on (`completion.enabled`, after `arbor.toggle`). */
  enabled: boolean;
  /** The backend in use (`openai`, `local`, ...), or null while none is chosen. */
  backend: string | null;
  model: string | null;
  /** How the backend was chosen, as logged at start. */
  description: string;
  lastError: { kind: string; message: string; at: string } | null;
}

/**
 * Status and control for editors and status lines: the `arbor/status` request, and the
 * `arbor.status` / `arbor.toggle` commands (workspace/executeCommand, dispatched by the code-action
 * feature's handler). `arbor.toggle` switches completions off and on for this session by a runtime
 * configuration layer above every other source; an optional boolean argument sets the state.
 */
export function statusFeature(ctx: ServerContext, backends: BackendLifecycle): Feature {
  const status = (): ArborStatus => {
    const backend = backends.backend;
    return {
      enabled: ctx.config.current['completion.enabled'],
      backend: backend?.name ?? null,
      model: backend?.model ?? null,
      description: backends.description,
      lastError: backends.lastError ?? null,
    };
  };
  const toggle = (args: unknown[]): ArborStatus => {
    const enabled = typeof args[0] === 'boolean' ? args[0] : !ctx.config.current['completion.enabled'];
    ctx.config.set('runtime', { completion: { enabled } }, TOGGLE_COMMAND);
    ctx.log().info({ enabled }, 'completions switched by arbor.toggle');
    return status();
  };
  return {
    name: 'status',
    capabilities: () => ({ executeCommandProvider: { commands: [STATUS_COMMAND, TOGGLE_COMMAND] } }),
    attach(connection: Connection) {
      ctx.commands.set(STATUS_COMMAND, status);
      ctx.commands.set(TOGGLE_COMMAND, toggle);
      connection.onRequest('arbor/status', answer(ctx.log, { method: 'arbor/status', empty: null }, status));
    },
  };
}
