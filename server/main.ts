import { CodeReferencing } from './coderef/code-referencing';
import { CompletionEngine } from './completion/engine';
import { SyntaxTrees } from './documents/syntax-trees';
import { BackendLifecycle } from './lsp/backend-lifecycle';
import type { ServerContext } from './lsp/context';
import type { Feature } from './lsp/feature';
import { codeActionsFeature } from './lsp/features/code-actions';
import { completionFeature, inlineCompletionFeature } from './lsp/features/completion';
import { statusFeature } from './lsp/features/status';
import { workspaceIndexFeature } from './lsp/features/workspace-index';
import { runStdio } from './lsp/stdio';
import { workDoneProgress } from './lsp/work-progress';
import { MessageType } from 'vscode-languageserver';
import { configuredExclusions } from './lsp/exclusions';

/** Every feature of the product, sharing one set of trees, one engine and one backend. */
export function productFeatures(ctx: ServerContext): Feature[] {
  const isExcluded = configuredExclusions(ctx);
  const trees = new SyntaxTrees(ctx.documents, () => ctx.config.current['syntax.maxFileBytes'], ctx.log);
  const backends = new BackendLifecycle(ctx, isExcluded);
  const workspace = workspaceIndexFeature(ctx, isExcluded);
  const engine = new CompletionEngine({
    documents: ctx.documents,
    trees,
    config: () => ctx.config.current,
    backend: () => backends.backend,
    isExcluded,
    workspaceFolders: () => ctx.workspaceFolders,
    log: ctx.log,
    workspaceIndex: () => workspace.service.index,
    onOutcome: (outcome) => {
      if (outcome.kind === 'ok') backends.succeeded();
      else if (outcome.kind === 'error' && outcome.error) backends.failed(outcome.error);
    },
  });
  const refs = new CodeReferencing({
    config: () => ctx.config.current,
    roots: () => ctx.workspaceFolders,
    isExcluded,
    progress: () => workDoneProgress(ctx),
    onIndexed: (summary) => {
      ctx.log().info(summary);
      void ctx.connection.sendNotification('window/logMessage', {
        type: MessageType.Info,
        message: `arbor-ls: ${summary}`,
      });
    },
  });
  const lifecycle: Feature = {
    name: 'backend',
    capabilities: () => ({}),
    attach: () => {},
    initialized: () => {
      void backends.choose();
      // The dependency index is built in the background, yielding between files.
      if (ctx.config.current['completion.codeReferencing'] !== 'off') void refs.start();
    },
    dispose: () => {
      backends.dispose();
      trees.dispose();
    },
  };
  return [
    lifecycle,
    workspace.feature,
    completionFeature(ctx, () => engine, refs),
    inlineCompletionFeature(ctx, () => engine, refs),
    codeActionsFeature(ctx, { trees, backend: () => backends.backend, isExcluded }),
    statusFeature(ctx, backends),
  ];
}

/** The server as editors start it: every feature, on stdio. */
export function runServer(): void {
  runStdio({ features: productFeatures });
}
