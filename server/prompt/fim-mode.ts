/**
 * How a FIM request is sent, from the `backend.fim` setting and the model name. The model-name table
 * lives here and nowhere else.
 */
import { FIM_TEMPLATES, type FimTemplate, type FimTemplateName, isFimTemplateName } from './fim-templates';

export type FimMode =
  /** Raw prompt with the family's FIM tokens. */
  | { kind: 'template'; template: FimTemplate }
  /** The server builds the FIM prompt itself from `prompt` + `suffix` (Ollama, DeepSeek, Mistral). */
  | { kind: 'suffix' }
  /** No FIM at all: the model continues the prefix. */
  | { kind: 'none' };

/** Model-name patterns for `backend.fim: auto`, first match wins. */
export const MODEL_FAMILY_PATTERNS: ReadonlyArray<readonly [RegExp, FimTemplateName]> = [
  [/codeqwen/i, 'starcoder'], // CodeQwen1.5 was trained with StarCoder's tokens, Qwen2.5-Coder with its own
  [/qwen.*coder/i, 'qwen'],
  [/deepseek-?coder/i, 'deepseek'],
  [/starcoder|stable-?code/i, 'starcoder'],
  [/code-?llama/i, 'codellama'],
  [/codestral/i, 'codestral'],
  [/codegemma/i, 'codegemma'],
  [/granite.*code/i, 'granite'],
];

/** The template family a model name belongs to, if any. */
export function templateForModel(model: string): FimTemplateName | undefined {
  return MODEL_FAMILY_PATTERNS.find(([pattern]) => pattern.test(model))?.[1];
}

/**
 * `setting` is a template name, `auto`, `suffix` or `none`. Under `auto` an unknown model gets `none`:
 * a plain prefix is the one prompt every completion model understands, whereas the wrong FIM tokens
 * make it write garbage. An unknown setting also falls back to `auto` (config validation reports it).
 */
export function resolveFimMode(setting: string, model: string): FimMode {
  if (setting === 'suffix') return { kind: 'suffix' };
  if (setting === 'none') return { kind: 'none' };
  const name = isFimTemplateName(setting) ? setting : templateForModel(model);
  return name ? { kind: 'template', template: FIM_TEMPLATES[name] } : { kind: 'none' };
}
