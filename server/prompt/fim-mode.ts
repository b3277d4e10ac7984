/**
 * How a FIM request is sent, from the `backend.fim` setting and the model name. The model-name table
 * lives here and nowhere else.
 */
import {
  FIM_TEMPLATES,
  type FimParts,
  type FimTemplate,
  type FimTemplateName,
  isFimTemplateName,
} from './fim-templates';

export type FimMode =
  /** Raw prompt with the family's FIM tokens, rendered by `render`. */
  | { kind: 'template'; template: FimTemplate; render: (parts: FimParts) => string }
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

/** `backend.fimOrder`: `auto` (suffix first where the family was trained with it), `psm` (prefix first) or `spm`. */
export type FimOrder = 'auto' | 'psm' | 'spm';

/**
 * `setting` is a template name, `auto`, `suffix` or `none`. Under `auto` an unknown model gets `none`:
 * a plain prefix is the one prompt every completion model understands, whereas the wrong FIM tokens
 * make it write garbage. An unknown setting also falls back to `auto` (config validation reports it).
 * Suffix first (`spm`, and `auto`) applies to templates with a suffix-first form (StarCoder, Code
 * Llama: trained with both orders); the others keep their one order. Suffix first is the default
 * because everything before the cursor is then the prompt's tail: while typing, all but the new
 * characters is a byte-identical prefix of the previous prompt, which a local server's KV cache reuses.
 */
export function resolveFimMode(setting: string, model: string, order: FimOrder = 'auto'): FimMode {
  if (setting === 'suffix') return { kind: 'suffix' };
  if (setting === 'none') return { kind: 'none' };
  const name = isFimTemplateName(setting) ? setting : templateForModel(model);
  if (!name) return { kind: 'none' };
  const template = FIM_TEMPLATES[name];
  const suffixFirst = order !== 'psm' ? template.renderSuffixFirst : undefined;
  return { kind: 'template', template, render: suffixFirst ?? template.render };
}
