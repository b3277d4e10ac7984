import { type Connection, DidChangeConfigurationNotification } from 'vscode-languageserver';
import { unwrapClientSettings } from '../config/sources';
import type { ServerContext } from './context';
import type { Feature } from './feature';

/**
 * Client settings: `workspace/didChangeConfiguration` (`settings.arbor ?? settings`) and, when the
 * client supports it, `workspace/configuration` pull for section `arbor`.
 */
export function configurationFeature(ctx: ServerContext): Feature {
  const canPull = () => ctx.client.workspace?.configuration === true;

  async function pull(): Promise<void> {
    if (!canPull()) return;
    try {
      const [settings] = await ctx.connection.workspace.getConfiguration([{ section: 'arbor' }]);
      // Clients answer null for an unknown section; nothing to apply then.
      if (settings !== null && settings !== undefined) ctx.config.set('client', settings, 'workspace/configuration');
    } catch (err) {
      ctx.log().warn({ err }, 'workspace/configuration pull failed');
    }
  }

  return {
    name: 'configuration',
    capabilities: () => ({}),
    attach(connection: Connection) {
      connection.onDidChangeConfiguration((params) => {
        const settings = unwrapClientSettings(params?.settings);
        // Some clients send an empty notification meaning "pull again".
        const empty =
          settings === null ||
          settings === undefined ||
          (typeof settings === 'object' && Object.keys(settings).length === 0);
        if (empty && canPull()) void pull();
        else if (!empty) ctx.config.set('client', settings, 'workspace/didChangeConfiguration');
      });
    },
    initialized() {
      if (ctx.client.workspace?.didChangeConfiguration?.dynamicRegistration) {
        void ctx.connection.client
          .register(DidChangeConfigurationNotification.type, { section: 'arbor' })
          .catch(() => {});
      }
      void pull();
    },
  };
}
