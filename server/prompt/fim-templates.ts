/**
 * The model-family registry: fill-in-the-middle tokens, how extra context files are laid out, and the
 * stop sequences (EOS and separator tokens) of each family. Keyed by the `backend.fim` name.
 *
 * Sources for the token spellings:
 * - starcoder: StarCoder2 paper §5 (arXiv 2402.19173) — `<repo_name>`, `<file_sep>`, path after `<fim_prefix>`;
 *   suffix first as in BigCode's FIM training (SPM rate 0.5): `<fim_prefix><fim_suffix>{s}<fim_middle>{p}`.
 * - codellama: Meta's infilling format as served by Ollama's codellama template, `<PRE> {p} <SUF>{s} <MID>`, EOS `<EOT>`;
 *   suffix first `<PRE> <SUF>{s} <MID> {p}` (Code Llama paper §2.3: half the infilling samples in each order).
 * - deepseek: DeepSeek-Coder README — `<｜fim▁begin｜>`, `<｜fim▁hole｜>`, `<｜fim▁end｜>` (fullwidth bars U+FF5C, U+2581).
 * - qwen: Qwen2.5-Coder README — `<|fim_prefix|>`…, repository level `<|repo_name|>` and `<|file_sep|>`.
 * - codestral: mistral-common `encode_fim` — `<s>[SUFFIX]suffix[PREFIX] prefix`: suffix FIRST. The space after
 *   `[PREFIX]` stands for SentencePiece's word-start marker, which servers tokenising raw text do not add.
 * - codegemma: ai.google.dev CodeGemma prompt structure — `<|fim_prefix|>`…, `<|file_separator|>` between files.
 * - granite: IBM Granite Code (StarCoder tokenizer) — `<fim_prefix>`, `<fim_suffix>`, `<fim_middle>`, `<fim_pad>`.
 */
import type { FimInput } from '../model/input';
import { commentLine } from './comments';
import { FIM_TEMPLATE_NAMES } from '../config/schema';

/** The parts of a FIM request a template lays out. */
export type FimParts = Omit<FimInput, 'kind'>;

// The names live in the configuration schema, which validates backend.fim against them.
export { FIM_TEMPLATE_NAMES };
export type FimTemplateName = (typeof FIM_TEMPLATE_NAMES)[number];

export interface FimTemplate {
  readonly name: FimTemplateName;
  /** End-of-text and separator tokens: seeing one means the middle is over. */
  readonly stop: readonly string[];
  /** The raw prompt for a completions endpoint, in the family's usual order. */
  render(parts: FimParts): string;
  /**
   * Suffix first (SPM), for families trained with both orders: everything before the cursor is the
   * prompt's tail, so what stays the same while typing (suffix, other files, the start of the
   * prefix) is a byte-identical prefix of the previous prompt and a local server reuses its cache.
   */
  renderSuffixFirst?(parts: FimParts): string;
}

const withNewline = (text: string): string => (text === '' || text.endsWith('\n') ? text : `${text}\n`);

/**
 * Context files as commented file headers followed by their text, then a header for the current file.
 * Empty when there is no context, so a bare prompt stays exactly prefix/suffix.
 */
export function commentedContext(parts: FimParts): string {
  if (parts.context.length === 0) return '';
  // One comment style for the whole prompt: the current file's (its language guessed from its path when the id is unknown).
  const header = (p: string) => commentLine(parts.languageId, `Path: ${p}`, parts.filePath);
  const files = parts.context.map((f) => `${header(f.path)}\n${withNewline(f.text)}`);
  return `${files.join('\n')}\n${header(parts.filePath)}\n`;
}

const starcoder: FimTemplate = {
  name: 'starcoder',
  stop: ['<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<repo_name>'],
  render(p) {
    if (p.context.length === 0) return `<fim_prefix>${p.prefix}<fim_suffix>${p.suffix}<fim_middle>`;
    // StarCoder2 repository format: files joined by <file_sep>, only "\n" after each path.
    const repo = p.repoName ? `<repo_name>${p.repoName}` : '';
    const files = p.context.map((f) => `<file_sep>${f.path}\n${f.text}`).join('');
    return `${repo}${files}<file_sep><fim_prefix>${p.filePath}\n${p.prefix}<fim_suffix>${p.suffix}<fim_middle>`;
  },
  // StarCoder's training permuted half of its FIM samples this way (SPM): <fim_prefix><fim_suffix>suffix<fim_middle>prefix.
  renderSuffixFirst(p) {
    if (p.context.length === 0) return `<fim_prefix><fim_suffix>${p.suffix}<fim_middle>${p.prefix}`;
    const repo = p.repoName ? `<repo_name>${p.repoName}` : '';
    const files = p.context.map((f) => `<file_sep>${f.path}\n${f.text}`).join('');
    return `${repo}${files}<file_sep><fim_prefix><fim_suffix>${p.suffix}<fim_middle>${p.filePath}\n${p.prefix}`;
  },
};

const codellama: FimTemplate = {
  name: 'codellama',
  stop: ['<EOT>', '</s>', '<PRE>', '<SUF>', '<MID>'],
  render: (p) => `<PRE> ${commentedContext(p)}${p.prefix} <SUF>${p.suffix} <MID>`,
  // Code Llama was trained on half its infilling samples suffix first (its reference code's `suffix_first`).
  renderSuffixFirst: (p) => `<PRE> <SUF>${p.suffix} <MID> ${commentedContext(p)}${p.prefix}`,
};

const deepseek: FimTemplate = {
  name: 'deepseek',
  stop: ['<｜end▁of▁sentence｜>', '<|EOT|>', '<｜fim▁begin｜>', '<｜fim▁hole｜>', '<｜fim▁end｜>'],
  render: (p) => `<｜fim▁begin｜>${commentedContext(p)}${p.prefix}<｜fim▁hole｜>${p.suffix}<｜fim▁end｜>`,
};

const qwen: FimTemplate = {
  name: 'qwen',
  stop: [
    '<|endoftext|>',
    '<|file_sep|>',
    '<|fim_prefix|>',
    '<|fim_suffix|>',
    '<|fim_middle|>',
    '<|fim_pad|>',
    '<|repo_name|>',
    '<|im_start|>',
    '<|im_end|>',
  ],
  render(p) {
    const fim = `<|fim_prefix|>${p.prefix}<|fim_suffix|>${p.suffix}<|fim_middle|>`;
    if (p.context.length === 0) return fim;
    const repo = p.repoName ? `<|repo_name|>${p.repoName}\n` : '';
    const files = p.context.map((f) => `<|file_sep|>${f.path}\n${withNewline(f.text)}`).join('');
    return `${repo}${files}<|file_sep|>${p.filePath}\n${fim}`;
  },
};

const codestral: FimTemplate = {
  name: 'codestral',
  stop: ['</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]'],
  render: (p) => `[SUFFIX]${p.suffix}[PREFIX] ${commentedContext(p)}${p.prefix}`,
};

const codegemma: FimTemplate = {
  name: 'codegemma',
  stop: ['<|file_separator|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<eos>', '<end_of_turn>'],
  render(p) {
    const fim = `<|fim_prefix|>${p.prefix}<|fim_suffix|>${p.suffix}<|fim_middle|>`;
    if (p.context.length === 0) return fim;
    const files = p.context.map((f) => `<|file_separator|>${f.path}\n${withNewline(f.text)}`).join('');
    return `${files}<|file_separator|>${p.filePath}\n${fim}`;
  },
};

const granite: FimTemplate = {
  name: 'granite',
  stop: ['<|endoftext|>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>'],
  render: (p) => `<fim_prefix>${commentedContext(p)}${p.prefix}<fim_suffix>${p.suffix}<fim_middle>`,
};

export const FIM_TEMPLATES: Readonly<Record<FimTemplateName, FimTemplate>> = {
  starcoder,
  codellama,
  deepseek,
  qwen,
  codestral,
  codegemma,
  granite,
};

export function isFimTemplateName(name: string): name is FimTemplateName {
  return (FIM_TEMPLATE_NAMES as readonly string[]).includes(name);
}

/** The prompt for a model without FIM tokens: context headers and the prefix, nothing after the cursor. */
export function renderPlainPrefix(parts: FimParts): string {
  return `${commentedContext(parts)}${parts.prefix}`;
}
