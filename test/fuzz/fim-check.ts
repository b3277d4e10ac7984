/**
 * Checks what the model received against the fuzzer's reference text: with the `starcoder` template
 * the prompt is `<fim_prefix>{prefix}<fim_suffix>{suffix}<fim_middle>` (or suffix first, the
 * default: `<fim_prefix><fim_suffix>{suffix}<fim_middle>{prefix}`), or, with context files,
 * `[<repo_name>…]<file_sep>{path}\n{text}…<file_sep><fim_prefix>{path}\n{prefix}<fim_suffix>{suffix}<fim_middle>`
 * (server/prompt/fim-templates.ts). The prefix is the window before the cursor, possibly preceded by
 * whole lines the context assembler adds (a `# Path:` header, imports, enclosing signatures); the
 * suffix is exactly the window after the cursor (server/context/windows.ts: windows start and end at
 * `\n` line boundaries, and only a cursor line over the whole budget is cut).
 */

export interface FimParts {
  prefix: string;
  suffix: string;
  hasContext: boolean;
}

const TOKENS = ['<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<file_sep>', '<repo_name>'];

/** Splits a starcoder prompt, in either order; undefined when it is not one. */
export function parseStarcoder(prompt: string): FimParts | undefined {
  if (!prompt.endsWith('<fim_middle>')) {
    // Suffix first (SPM): `…<fim_prefix><fim_suffix>{suffix}<fim_middle>[{path}\n]{prefix}`.
    const m = prompt.lastIndexOf('<fim_middle>');
    const s = prompt.lastIndexOf('<fim_prefix><fim_suffix>', m);
    if (m < 0 || s < 0) return undefined;
    return parts(
      prompt.slice(m + '<fim_middle>'.length),
      prompt.slice(s + '<fim_prefix><fim_suffix>'.length, m),
      s > 0,
    );
  }
  const body = prompt.slice(0, -'<fim_middle>'.length);
  const s = body.lastIndexOf('<fim_suffix>');
  const p = body.lastIndexOf('<fim_prefix>', s);
  if (s < 0 || p < 0) return undefined;
  return parts(body.slice(p + '<fim_prefix>'.length, s), body.slice(s + '<fim_suffix>'.length), p > 0);
}

/** With context files the prefix starts with the current file's path line, which is not document text. */
function parts(prefix: string, suffix: string, hasContext: boolean): FimParts | undefined {
  if (!hasContext) return { prefix, suffix, hasContext };
  const nl = prefix.indexOf('\n');
  return nl < 0 ? undefined : { prefix: prefix.slice(nl + 1), suffix, hasContext };
}

/** The estimate the context layer uses (server/context/tokens.ts): ASCII 2/7 token, others 1. */
export function estimateTokens(text: string): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) units += text.charCodeAt(i) > 0x7f ? 7 : 2;
  return Math.ceil(units / 7);
}

/** The smallest completion.contextTokens the schema allows: a cursor line under it is never cut. */
export const MIN_BUDGET_TOKENS = 64;

export interface Snapshot {
  uri: string;
  /** Reference text before and after the cursor when the request was sent. */
  before: string;
  after: string;
  /** No header/imports/scopes can precede the window (plain text without a grammar or comment syntax). */
  strict: boolean;
}

const commonSuffix = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
};

/** Undefined when `parts` is a faithful window of `snap`; otherwise what is wrong. */
export function checkAgainst(parts: FimParts, snap: Snapshot): string | undefined {
  for (const t of TOKENS) {
    if (parts.prefix.includes(t) || parts.suffix.includes(t)) return `a FIM token ${t} inside the prefix or suffix`;
  }
  // Suffix: exactly a prefix of the text after the cursor, ending at a line end (or a cut cursor line).
  const { suffix } = parts;
  if (!snap.after.startsWith(suffix))
    return `suffix is not a prefix of the reference text after the cursor (suffix ${JSON.stringify(suffix.slice(0, 80))}, reference ${JSON.stringify(snap.after.slice(0, 80))})`;
  // A suffix cut inside the cursor line happens when that line is over what the prefix left of the budget.
  if (suffix !== snap.after && !suffix.endsWith('\n') && suffix.includes('\n'))
    return `suffix does not end at a line end (${JSON.stringify(suffix.slice(-40))})`;
  // Prefix: [added whole lines] + a suffix of the text before the cursor that starts at a line start.
  const { prefix } = parts;
  const common = commonSuffix(prefix, snap.before);
  const cursorLine = snap.before.slice(snap.before.lastIndexOf('\n') + 1);
  const longCursorLine = estimateTokens(cursorLine) > MIN_BUDGET_TOKENS;
  for (let len = common; len >= 0; len--) {
    // The window is a suffix of `before`: it holds a line break exactly when it is longer than the cursor line.
    const startsAtLine = len === snap.before.length || snap.before.charCodeAt(snap.before.length - len - 1) === 10;
    const tailCut = len < cursorLine.length && longCursorLine;
    if (!startsAtLine && !tailCut) continue;
    if (len < cursorLine.length && !tailCut) continue;
    const added = prefix.slice(0, prefix.length - len);
    if (added !== '' && (snap.strict || !added.endsWith('\n'))) continue;
    return undefined;
  }
  return `prefix is not [whole lines] + a window of the reference text before the cursor (common tail ${common} of ${prefix.length} chars; prefix starts ${JSON.stringify(prefix.slice(0, 80))}, ends ${JSON.stringify(prefix.slice(-80))}; reference ends ${JSON.stringify(snap.before.slice(-80))})`;
}
