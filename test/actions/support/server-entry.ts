/**
 * The server the action protocol tests spawn: the real stdio server with the code-actions feature
 * and the real OpenAI-compatible backend, pointed (via `backend.baseURL`) at a loopback test server.
 * This mirrors how server/main.ts wires the feature.
 */
import { OpenAIBackend } from '../../../server/backends/openai';
import { resolveOpenAISettings } from '../../../server/backends/presets';
import { SyntaxTrees } from '../../../server/documents/syntax-trees';
import { codeActionsFeature } from '../../../server/lsp/features/code-actions';
import { runStdio } from '../../../server/lsp/stdio';

runStdio({
  features: [
    (ctx) => {
      const trees = new SyntaxTrees(ctx.documents, () => ctx.config.current['syntax.maxFileBytes'], ctx.log);
      let current: { key: string; backend: OpenAIBackend } | undefined;
      const backend = (): OpenAIBackend | undefined => {
        const config = ctx.config.current;
        if (!config['backend.baseURL']) return undefined;
        const settings = resolveOpenAISettings(config);
        const key = JSON.stringify(settings);
        if (current?.key !== key) {
          current?.backend.dispose();
          current = { key, backend: new OpenAIBackend(settings, { log: ctx.log() }) };
        }
        return current.backend;
      };
      const timeoutMs = Number(process.env.ARBOR_TEST_ACTION_TIMEOUT_MS) || undefined;
      return codeActionsFeature(ctx, { trees, backend, timeoutMs });
    },
  ],
});
