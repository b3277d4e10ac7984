import { DidChangeWatchedFilesNotification, FileChangeType, type Connection } from 'vscode-languageserver';
import { indexedExtensions } from '../../workspace/definition-index';
import { type WorkspaceIndexHost, WorkspaceIndexService } from '../../workspace/service';
import type { ServerContext } from '../context';
import type { Feature } from '../feature';
import { workDoneProgress } from '../work-progress';

/** Changes from workspace/didChangeWatchedFiles handled per notification, at most. */
const MAX_WATCHED_CHANGES = 500;

/**
 * The workspace definitions index at the protocol edge: the service (workspace/service.ts) with
 * the server's documents, settings, messages and progress; workspace/didChangeWatchedFiles, and
 * file watching registered with clients that allow dynamic registration.
 */
export function workspaceIndexFeature(
  ctx: ServerContext,
  isExcluded: (uriOrPath: string) => boolean,
): { service: WorkspaceIndexService; feature: Feature } {
  const host: WorkspaceIndexHost = {
    config: ctx.config,
    documents: ctx.documents,
    log: () => ctx.log(),
    get workspaceFolders() {
      return ctx.workspaceFolders;
    },
    notifyOnce: (type, message) => ctx.notifyOnce(type, message),
    progress: () => workDoneProgress(ctx),
  };
  const service = new WorkspaceIndexService(host, isExcluded);
  const feature: Feature = {
    name: 'workspace-index',
    capabilities: () => ({}),
    attach: (connection: Connection) => {
      connection.onDidChangeWatchedFiles((params) => {
        const changes = Array.isArray(params?.changes) ? params.changes.slice(0, MAX_WATCHED_CHANGES) : [];
        for (const c of changes)
          if (typeof c?.uri === 'string') service.fileChangedOnDisk(c.uri, c.type === FileChangeType.Deleted);
      });
    },
    initialized: () => {
      registerWatchers(ctx);
      service.begin();
    },
    dispose: () => service.dispose(),
  };
  return { service, feature };
}

/** File watching by the client, for the files the index reads (clients that allow dynamic registration). */
function registerWatchers(ctx: ServerContext): void {
  if (!ctx.client.workspace?.didChangeWatchedFiles?.dynamicRegistration) return;
  const exts = indexedExtensions().map((e) => e.replace(/^\./, ''));
  if (exts.length === 0) return;
  void ctx.connection.client
    .register(DidChangeWatchedFilesNotification.type, {
      watchers: [
        { globPattern: `**/*.{${exts.join(',')}}` },
        // Module maps (tsconfig paths, workspace packages) are rebuilt when these change.
        { globPattern: '**/{tsconfig.json,jsconfig.json,package.json,pnpm-workspace.yaml}' },
      ],
    })
    .catch((error: unknown) => ctx.log().debug({ error: String(error) }, 'file watching not registered'));
}
