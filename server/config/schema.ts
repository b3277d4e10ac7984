/**
 * The one configuration schema. Every key, its type, default and meaning lives here; the README's
 * configuration reference is generated from the same facts (see `arbor-ls doctor`).
 */

export type FieldType =
  | { kind: 'string'; nullable?: boolean }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'number'; min?: number; max?: number; integer?: boolean }
  | { kind: 'boolean' }
  | { kind: 'stringArray' }
  | { kind: 'customActions' };

export interface FieldSpec {
  type: FieldType;
  default: unknown;
  description: string;
  /** Masked in logs, `doctor` output and error messages. */
  secret?: boolean;
}

export const BACKEND_KINDS = ['auto', 'openai', 'local'] as const;
export const BACKEND_PRESETS = ['openai', 'ollama', 'llamacpp', 'vllm', 'lmstudio', 'deepseek', 'mistral'] as const;
export const ACTION_TARGETS = ['function', 'class', 'statement', 'selection', 'any'] as const;

/** FIM templates arbor-ls knows (prompt/fim-templates.ts lays each out). */
export const FIM_TEMPLATE_NAMES = [
  'starcoder',
  'codellama',
  'deepseek',
  'qwen',
  'codestral',
  'codegemma',
  'granite',
] as const;

export const SCHEMA = {
  'backend.kind': {
    type: { kind: 'enum', values: BACKEND_KINDS },
    default: 'auto',
    description: 'Which model backend answers: `auto` probes local servers, then OpenAI, then the embedded engine.',
  },
  'backend.preset': {
    type: { kind: 'enum', values: ['', ...BACKEND_PRESETS] },
    default: '',
    description:
      'Fills baseURL/api/fim defaults for a known server: openai, ollama, llamacpp, vllm, lmstudio, deepseek, mistral.',
  },
  'backend.baseURL': {
    type: { kind: 'string' },
    default: '',
    description: 'OpenAI-compatible endpoint, e.g. http://127.0.0.1:11434/v1 (empty: from the preset).',
  },
  'backend.model': {
    type: { kind: 'string' },
    default: '',
    description: 'Model name sent to the server (empty: from the preset or the first model the server lists).',
  },
  'backend.api': {
    type: { kind: 'enum', values: ['', 'completions', 'chat'] },
    default: '',
    description: '`completions` (raw FIM prompt) or `chat` (fill-in chat prompt); empty: from the preset.',
  },
  'backend.fim': {
    type: { kind: 'enum', values: ['auto', 'suffix', 'none', ...FIM_TEMPLATE_NAMES] },
    default: 'auto',
    description:
      'FIM template name (starcoder, codellama, deepseek, qwen, codestral, codegemma, granite), `auto` (by model name), `suffix` (use the API suffix parameter) or `none`.',
  },
  'backend.fimOrder': {
    type: { kind: 'enum', values: ['auto', 'psm', 'spm'] },
    default: 'auto',
    description:
      'Order of a FIM template prompt: `auto` and `spm` put the code after the cursor first where the family was trained with that order (starcoder, codellama), so all but the last typed characters stay identical between keystrokes and a local server reuses its prompt cache; `psm` keeps prefix first. Other templates have one order.',
  },
  'backend.apiKey': {
    type: { kind: 'string' },
    default: '',
    secret: true,
    description: 'API key. Prefer `backend.apiKeyEnv` or OPENAI_API_KEY over writing keys into editor settings.',
  },
  'backend.apiKeyEnv': {
    type: { kind: 'string' },
    default: '',
    description: 'Name of an environment variable holding the API key.',
  },
  'backend.timeoutMs': {
    type: { kind: 'number', min: 100, max: 600000, integer: true },
    default: 10000,
    description:
      'Idle limit for the model server: it must start answering, and keep streaming, without a pause this long; the request is then closed.',
  },
  'backend.maxTokens': {
    type: { kind: 'number', min: 1, max: 8192, integer: true },
    default: 256,
    description: 'Most tokens one completion may generate.',
  },
  'backend.maxAnswerChars': {
    type: { kind: 'number', min: 1000, max: 10000000, integer: true },
    default: 100000,
    description:
      'Longest model answer accepted, in characters (and never more than 32 per requested token): a longer one, from a model that does not stop or a server sending garbage, is cut off and not used.',
  },
  'backend.temperature': {
    type: { kind: 'number', min: 0, max: 2 },
    default: 0.1,
    description: 'Sampling temperature.',
  },
  'completion.enabled': {
    type: { kind: 'boolean' },
    default: true,
    description: 'Answer textDocument/completion and textDocument/inlineCompletion.',
  },
  'completion.debounceMs': {
    type: { kind: 'number', min: 0, max: 5000, integer: true },
    default: 60,
    description:
      'A request that follows another for the same document within this window waits this long and is dropped if superseded.',
  },
  'completion.multiline': {
    type: { kind: 'enum', values: ['auto', 'always', 'never'] },
    default: 'auto',
    description: 'Whether suggestions may span lines: `auto` decides from the syntax tree.',
  },
  'completion.contextTokens': {
    type: { kind: 'number', min: 64, max: 128000, integer: true },
    default: 2048,
    description: 'Token budget for everything the model sees.',
  },
  'completion.maxLines': {
    type: { kind: 'number', min: 1, max: 500, integer: true },
    default: 40,
    description: 'Longest multi-line suggestion kept.',
  },
  'completion.choices': {
    type: { kind: 'number', min: 1, max: 5, integer: true },
    default: 1,
    description: 'Suggestions asked for when inline completion is invoked by hand.',
  },
  'completion.codeReferencing': {
    type: { kind: 'enum', values: ['off', 'reference', 'block'] },
    default: 'reference',
    description:
      "Suggestions that copy licensed code, checked locally against dependency sources in the workspace (node_modules, vendor, site-packages) and common licence texts: `reference` shows them with the origin and licence in the item and the log, `block` withholds code whose licence differs from the project's own, `off` checks nothing.",
  },
  'completion.codeReferencingMinChars': {
    type: { kind: 'number', min: 40, max: 10000, integer: true },
    default: 150,
    description:
      'Shortest run of matching code, in characters without white space, that counts as a copy of a dependency.',
  },
  'actions.enabled': { type: { kind: 'boolean' }, default: true, description: 'Offer AI code actions.' },
  'actions.custom': {
    type: { kind: 'customActions' },
    default: [],
    description:
      'User-defined actions: [{ "title", "prompt", "target": function|class|statement|selection|any }]. Placeholders: {code} {language} {filePath} {diagnostics} {selection} {scopes}.',
  },
  exclude: {
    type: { kind: 'stringArray' },
    default: [],
    description:
      'Extra glob patterns of files never sent to a model (added to the built-in list: .env*, *.pem, *.key, ...).',
  },
  'syntax.maxFileBytes': {
    type: { kind: 'number', min: 0, integer: true },
    default: 2000000,
    description: 'Files larger than this are not parsed; plain-text rules apply.',
  },
  'local.maxFiles': {
    type: { kind: 'number', min: 0, max: 200000, integer: true },
    default: 5000,
    description: 'Most workspace files the embedded engine indexes.',
  },
  'local.maxFileBytes': {
    type: { kind: 'number', min: 0, max: 10000000, integer: true },
    default: 500000,
    description: 'Workspace files larger than this are not indexed (at most 10 MB).',
  },
  'local.allowHomeRoot': {
    type: { kind: 'boolean' },
    default: false,
    description:
      'Let the embedded engine index a workspace folder that is `/` or a home directory (credential folders, histories, /proc, /sys and /dev stay skipped).',
  },
  'workspace.maxFiles': {
    type: { kind: 'number', min: 0, max: 200000, integer: true },
    default: 5000,
    description:
      'Most source files the workspace definitions index reads (definitions of names from files that are not open); 0 turns it off. Files larger than `local.maxFileBytes` are skipped.',
  },
  'workspace.maxEntries': {
    type: { kind: 'number', min: 1000, max: 2000000, integer: true },
    default: 200000,
    description:
      'Most directory entries the workspace definitions index walk looks at (files and folders of any kind): a folder such as `/` or a home directory stops there instead of walking everything; the index then says once that it is partial.',
  },
  'workspace.diskCache': {
    type: { kind: 'boolean' },
    default: true,
    description:
      'Keep the workspace definitions index in `$XDG_CACHE_HOME/arbor-ls/workspace-index` (private to the user; definition lines stored redacted) so a restart reads only the files whose modification time or size changed.',
  },
  'log.level': {
    type: { kind: 'enum', values: ['trace', 'debug', 'info', 'warn', 'error', 'silent'] },
    default: 'warn',
    description:
      'Log level for stderr or log.file (`info` and `debug` add what each request did; the backend in use is always reported with window/logMessage).',
  },
  'log.file': { type: { kind: 'string' }, default: '', description: 'Log file path (empty: stderr).' },
} as const satisfies Record<string, FieldSpec>;

export type ConfigKey = keyof typeof SCHEMA;

export interface CustomAction {
  title: string;
  prompt: string;
  target: (typeof ACTION_TARGETS)[number];
}

/** The value a field of this type holds once validated. */
type ValueOf<T extends FieldType> = T extends { kind: 'enum'; values: readonly (infer V)[] }
  ? V
  : T extends { kind: 'string' }
    ? string
    : T extends { kind: 'number' }
      ? number
      : T extends { kind: 'boolean' }
        ? boolean
        : T extends { kind: 'stringArray' }
          ? string[]
          : CustomAction[];

/** The resolved configuration: every key present, every value valid; derived from SCHEMA so the two cannot drift. */
export type Config = { -readonly [K in ConfigKey]: ValueOf<(typeof SCHEMA)[K]['type']> };

export function defaultConfig(): Config {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SCHEMA)) out[key] = structuredClone(spec.default);
  return out as unknown as Config;
}
