import { looksLikeKey, rememberSecrets } from '../privacy/log-scrub';
import { ACTION_TARGETS, type ConfigKey, type Config, type FieldType, SCHEMA } from './schema';

export interface Problem {
  key: string;
  detail: string;
}

export interface ValidationResult {
  values: Partial<Config>;
  /** One per rejected key: the key and a sentence naming what was expected. */
  problems: Problem[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Flattens `{backend: {kind: 'x'}}` and `{"backend.kind": 'x'}` alike into dotted keys. Objects under a
 * known leaf key (none today) would stop the descent; unknown prefixes are kept so they can be reported.
 */
export function flatten(
  input: Record<string, unknown>,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [k, v] of Object.entries(input)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(v) && !(key in SCHEMA)) flatten(v, key, out);
    else out[key] = v;
  }
  return out;
}

function describe(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return 'a string';
    case 'enum':
      return `one of ${type.values
        .filter((v) => v !== '')
        .map((v) => JSON.stringify(v))
        .join(', ')}`;
    case 'number': {
      const bounds = [type.min !== undefined ? `>= ${type.min}` : '', type.max !== undefined ? `<= ${type.max}` : '']
        .filter(Boolean)
        .join(' and ');
      return `${type.integer ? 'an integer' : 'a number'}${bounds ? ` ${bounds}` : ''}`;
    }
    case 'boolean':
      return 'true or false';
    case 'stringArray':
      return 'an array of strings';
    case 'customActions':
      return `an array of {"title": string, "prompt": string, "target": ${ACTION_TARGETS.join('|')}}`;
  }
}

/** Returns the value coerced to the field's type, or undefined when it does not fit. */
function check(type: FieldType, value: unknown): unknown {
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'enum':
      return typeof value === 'string' && type.values.includes(value) ? value : undefined;
    case 'number': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
      if (type.integer && !Number.isInteger(n)) return undefined;
      if ((type.min !== undefined && n < type.min) || (type.max !== undefined && n > type.max)) return undefined;
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return undefined;
    case 'stringArray':
      return Array.isArray(value) && value.every((s) => typeof s === 'string') ? [...value] : undefined;
    case 'customActions':
      return Array.isArray(value) &&
        value.every(
          (a) =>
            isObject(a) &&
            typeof a.title === 'string' &&
            a.title.trim() !== '' &&
            typeof a.prompt === 'string' &&
            (a.target === undefined || (ACTION_TARGETS as readonly string[]).includes(a.target as string)),
        )
        ? value.map((a) => ({ title: a.title, prompt: a.prompt, target: a.target ?? 'any' }))
        : undefined;
  }
}

const preview = (key: string, value: unknown): string =>
  key in SCHEMA && (SCHEMA[key as ConfigKey] as { secret?: boolean }).secret
    ? '(hidden)'
    : (JSON.stringify(value)?.slice(0, 60) ?? String(value));

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known key an unknown one was most likely meant to be: a few typos away, or the same last word under another group. */
export function nearestKey(unknown: string): string | undefined {
  const lower = unknown.toLowerCase();
  const last = lower.split('.').pop();
  const sameName = Object.keys(SCHEMA).find((k) => k.toLowerCase().split('.').pop() === last);
  if (sameName) return sameName;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of Object.keys(SCHEMA)) {
    const d = editDistance(lower, key.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [key, d];
  }
  return best && bestDistance <= Math.max(2, Math.floor(unknown.length / 5)) ? best : undefined;
}

/** Validates one source. Bad keys are reported and skipped; the good ones still apply. */
export function validate(input: unknown): ValidationResult {
  const values: Record<string, unknown> = {};
  const problems: Problem[] = [];
  if (input === undefined || input === null) return { values: {}, problems };
  if (!isObject(input))
    return { values: {}, problems: [{ key: '', detail: `settings must be an object, got ${preview('', input)}` }] };
  for (const [key, value] of Object.entries(flatten(input))) {
    if (value === null || value === undefined) continue;
    const spec = SCHEMA[key as ConfigKey];
    if (!spec) {
      const near = nearestKey(key);
      problems.push({ key, detail: `unknown setting "${key}" (ignored)${near ? `; did you mean "${near}"?` : ''}` });
      continue;
    }
    if (key === 'backend.apiKeyEnv' && typeof value === 'string' && looksLikeKey(value)) {
      // A key pasted where its variable's name belongs: say so without echoing it anywhere.
      rememberSecrets(value);
      problems.push({
        key,
        detail: `"${key}" must be the name of an environment variable (like MY_API_KEY), but it looks like a key itself (not shown); put the key in a variable and its name here`,
      });
      continue;
    }
    const ok = check(spec.type, value);
    if (ok === undefined)
      problems.push({
        key,
        detail: `"${key}" must be ${describe(spec.type)}, got ${preview(key, value)}; keeping the previous value`,
      });
    else values[key] = ok;
  }
  return { values: values as Partial<Config>, problems };
}
