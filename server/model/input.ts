/**
 * What a model is given, whichever backend sends it: a fill-in-the-middle request (prefix, suffix,
 * context files) or chat messages. Types only, at the bottom of the layers: context sources build it,
 * prompt/ renders it, the privacy gate redacts it, backends send it.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Extra files shown to a FIM model before the current file (Qwen/StarCoder file-separator style). */
export interface ContextFile {
  path: string;
  text: string;
}

export type ModelInput =
  | {
      kind: 'fim';
      prefix: string;
      suffix: string;
      /** Path of the current file, relative to the workspace when possible. */
      filePath: string;
      languageId: string;
      /** Context snippets already within budget, rendered by the FIM template. */
      context: ContextFile[];
      /** Workspace folder name, for templates with a repository token (Qwen `<|repo_name|>`, StarCoder2 `<repo_name>`). */
      repoName?: string;
    }
  | {
      kind: 'chat';
      messages: ChatMessage[];
      /** The file the messages quote (a code action's document): the redaction gate judges them as its text. Never sent. */
      redactHint?: { path?: string; languageId?: string };
    };

/** The fill-in-the-middle form of ModelInput. */
export type FimInput = Extract<ModelInput, { kind: 'fim' }>;
