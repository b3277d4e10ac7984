import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Node, Tree } from 'web-tree-sitter';
import { ensureLanguage, parseText } from '../../server/syntax/parser';
import { packageRoot } from '../../server/paths';
import { writeTasks, type TruncationTask } from './tasks';

/**
 * Builds a held-out truncation set from real code on this machine (Python's standard library, the
 * JavaScript/TypeScript of node_modules, C/C++/Go/C# examples under /usr), in the format of
 * truncation-dev.jsonl. Cursor shapes follow the dev set: a block body emptied (SAFIM block), whole
 * lines of a function body removed (HumanEval multi/single line), a condition removed (SAFIM
 * control). Each cursor gives three tasks: `clean` (raw = middle), `suffix-regen` (the middle, then
 * 1–4 lines of the suffix, sometimes cut mid-line) and `escape` (the middle, the block closed, then
 * a function from another file at the enclosing definition's level).
 *
 *   node dist/scripts/eval/make-heldout.js [--out .build/heldout/tasks.jsonl] [--files 60] [--seed 1]
 *
 * Generated data is not committed: write it under .build/.
 */

interface LanguageSource {
  language: string;
  grammar: string;
  roots: string[];
  extensions: string[];
}

const SOURCES: LanguageSource[] = [
  {
    language: 'python',
    grammar: 'python',
    roots: ['/usr/lib/python3.11', '/usr/lib/python3/dist-packages'],
    extensions: ['.py'],
  },
  {
    language: 'javascript',
    grammar: 'javascript',
    roots: ['node_modules', '/usr/lib/node_modules/npm'],
    extensions: ['.js'],
  },
  { language: 'typescript', grammar: 'typescript', roots: ['node_modules'], extensions: ['.ts'] },
  { language: 'c', grammar: 'c', roots: ['/usr/share/doc', '/usr/lib/node_modules/npm'], extensions: ['.c'] },
  {
    language: 'cpp',
    grammar: 'cpp',
    roots: ['/usr/lib/node_modules/npm', '/usr/share/cmake-3.25', '/usr/lib/python3/dist-packages', 'node_modules'],
    extensions: ['.cpp', '.cc'],
  },
  { language: 'go', grammar: 'go', roots: ['/usr/share/doc', '/usr/lib/go'], extensions: ['.go'] },
  { language: 'csharp', grammar: 'csharp', roots: ['/usr/lib/node_modules/npm'], extensions: ['.cs'] },
];

const MAX_FILE_BYTES = 120_000;
const MAX_LINE_CHARS = 200;
const MAX_BODY_LINES = 15;
const FUNCTION_TYPES =
  /^(function_definition|function_declaration|function_item|method_declaration|method_definition|function_expression|arrow_function|constructor_declaration|local_function_statement|func_literal|generator_function_declaration)$/;

type Shape = 'block' | 'lines' | 'line' | 'condition';

interface Cursor {
  shape: Shape;
  prefix: string;
  middle: string;
  suffix: string;
  /** Indentation where unrelated code would start after the model finished the block. */
  escapeIndent: string;
  /** Brace languages: the line that closes the block the cursor is in (`    }`). */
  closer?: string;
}

/** mulberry32: a small seeded generator, so the same seed gives the same set. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listFiles(roots: string[], extensions: string[], limit: number): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (out.length >= limit * 20 || depth > 8) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== '__pycache__') walk(full, depth + 1);
      else if (
        e.isFile() &&
        extensions.some((x) => e.name.endsWith(x)) &&
        !e.name.endsWith('.d.ts') &&
        !e.name.includes('.min.')
      )
        out.push(full);
    }
  };
  for (const root of roots) walk(path.isAbsolute(root) ? root : path.join(packageRoot(), root), 0);
  return out;
}

function readSource(file: string): string | undefined {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_FILE_BYTES) return undefined;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  text = text.replace(/\r\n/g, '\n'); // CRLF is reintroduced per task, at random
  if (text.includes('\uFFFD') || text.includes('\0') || text.includes('\r')) return undefined;
  if (text.split('\n').some((l) => l.length > MAX_LINE_CHARS)) return undefined;
  return text;
}

function* nodes(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    yield n;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c) stack.push(c);
    }
  }
}

const lineStartOf = (text: string, offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
const indentAt = (text: string, offset: number) => /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];

/** Indentation of the outermost function around `node` (where unrelated code would start), else ''. */
function outerFunctionIndent(text: string, node: Node): string {
  let indent = '';
  for (let n: Node | null = node.parent; n; n = n.parent)
    if (FUNCTION_TYPES.test(n.type)) indent = indentAt(text, n.startIndex);
  return indent;
}

/** Block bodies with `{` ending a line and `}` starting one, or Python `block`s. */
function blockCursors(text: string, tree: Tree, braces: boolean): Cursor[] {
  const out: Cursor[] = [];
  for (const n of nodes(tree.rootNode)) {
    if (braces) {
      const open = n.firstChild;
      const close = n.lastChild;
      if (!open || !close || open.type !== '{' || close.type !== '}' || n.childCount < 3) continue;
      const inner = text.slice(open.endIndex, close.startIndex);
      if (!/^[ \t]*\n/.test(inner) || !/\n[ \t]*$/.test(inner) || inner.trim() === '') continue;
      const lines = inner.trim().split('\n').length;
      if (lines > MAX_BODY_LINES) continue;
      const start = open.endIndex + /^\s*/.exec(inner)![0].length;
      const end = close.startIndex - /\s*$/.exec(inner)![0].length;
      const closer = text.slice(lineStartOf(text, close.startIndex), close.endIndex);
      out.push({
        shape: 'block',
        prefix: text.slice(0, start),
        middle: text.slice(start, end),
        suffix: text.slice(end),
        escapeIndent: indentAt(text, close.startIndex),
        closer,
      });
    } else if (n.type === 'block' && n.parent && n.startPosition.row > n.parent.startPosition.row) {
      const middle = text.slice(n.startIndex, n.endIndex);
      if (
        middle.split('\n').length > MAX_BODY_LINES ||
        !/^[ \t]*$/.test(text.slice(lineStartOf(text, n.startIndex), n.startIndex))
      )
        continue;
      out.push({
        shape: 'block',
        prefix: text.slice(0, n.startIndex),
        middle,
        suffix: text.slice(n.endIndex),
        escapeIndent: outerFunctionIndent(text, n),
      });
    }
  }
  return out;
}

/** Whole lines (1–6) of a function body, cursor at column 0 of the first. */
function lineCursors(text: string, tree: Tree, braces: boolean, rand: () => number): Cursor[] {
  const out: Cursor[] = [];
  const literalRows = new Set<number>();
  for (const n of nodes(tree.rootNode)) {
    if (/string|comment|template/.test(n.type) && n.endPosition.row > n.startPosition.row) {
      for (let r = n.startPosition.row; r <= n.endPosition.row; r++) literalRows.add(r);
    }
  }
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  for (const fn of nodes(tree.rootNode)) {
    if (!FUNCTION_TYPES.test(fn.type)) continue;
    const body = fn.childForFieldName('body');
    if (!body) continue;
    const first = body.startPosition.row + (braces ? 1 : 0);
    const last = body.endPosition.row - (braces ? 1 : 0);
    if (last - first < 2) continue;
    const a = first + Math.floor(rand() * (last - first));
    const count = rand() < 0.35 ? 1 : 1 + Math.floor(rand() * 6);
    const b = Math.min(last, a + count - 1);
    let ok = true;
    for (let r = a - 1; r <= b + 1; r++) if (literalRows.has(r)) ok = false;
    const middle = text.slice(starts[a], starts[b + 1] ?? text.length);
    if (!ok || middle.trim() === '' || text.slice(starts[a], text.indexOf('\n', starts[a])).trim() === '') continue;
    if (!middle.endsWith('\n')) continue;
    const block = braces ? innermostBlock(tree.rootNode, starts[a]) : undefined;
    const closeLine = block ? text.slice(lineStartOf(text, block.endIndex - 1), block.endIndex) : undefined;
    out.push({
      shape: b === a ? 'line' : 'lines',
      prefix: text.slice(0, starts[a]),
      middle,
      suffix: text.slice(starts[b + 1]),
      escapeIndent: braces ? indentAt(text, body.endIndex - 1) : outerFunctionIndent(text, body),
      // An escaping model finishes its statements, then closes the block the cursor is in.
      closer: closeLine && /^\s*\}$/.test(closeLine) && balanced(middle) ? closeLine : undefined,
    });
  }
  return out;
}

/** The smallest `{ … }` node strictly around `offset`. */
function innermostBlock(root: Node, offset: number): Node | undefined {
  let found: Node | undefined;
  for (let n: Node | null = root.descendantForIndex(offset, offset); n; n = n.parent) {
    if (n.firstChild?.type === '{' && n.lastChild?.type === '}' && n.startIndex < offset && offset < n.endIndex) {
      found = n;
      break;
    }
  }
  return found;
}

/** Brackets in `code` never close more than they opened and end closed (strings ignored roughly). */
function balanced(code: string): boolean {
  let depth = 0;
  for (const ch of code.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '')) {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch) && --depth < 0) return false;
  }
  return depth === 0;
}

/** The condition of an if/while (inside its parentheses; Python: up to and including the colon). */
function conditionCursors(text: string, tree: Tree, braces: boolean): Cursor[] {
  const out: Cursor[] = [];
  for (const n of nodes(tree.rootNode)) {
    if (!/^(if_statement|while_statement|elif_clause)$/.test(n.type)) continue;
    const cond = n.childForFieldName('condition');
    if (!cond || cond.startPosition.row !== cond.endPosition.row) continue;
    let start = cond.startIndex;
    let end = cond.endIndex;
    if (braces) {
      if (text[start] === '(' && text[end - 1] === ')') {
        start++;
        end--;
      }
    } else {
      const colon = text.indexOf(':', end);
      if (colon === -1 || text.slice(end, colon).trim() !== '') continue;
      end = colon + 1;
    }
    if (end - start < 2) continue;
    out.push({
      shape: 'condition',
      prefix: text.slice(0, start),
      middle: text.slice(start, end),
      suffix: text.slice(end),
      escapeIndent: braces ? indentAt(text, n.startIndex) : outerFunctionIndent(text, n),
    });
  }
  return out;
}

/** A function from another file, re-indented: the unrelated code an escaping model writes. */
function unrelatedCode(donors: string[][], indent: string, rand: () => number): string {
  const fn = donors[Math.floor(rand() * donors.length)];
  const lines = fn.slice(0, 3 + Math.floor(rand() * 10));
  const common = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return `${lines.map((l) => (l.trim() ? indent + l.slice(common) : '')).join('\n')}\n`;
}

/** The suffix up to the end of its k-th non-blank line, sometimes followed by part of the next. */
function suffixLines(suffix: string, k: number, rand: () => number): string {
  let at = 0;
  let seen = 0;
  while (seen < k && at < suffix.length) {
    const nl = suffix.indexOf('\n', at);
    const line = suffix.slice(at, nl === -1 ? suffix.length : nl);
    at = nl === -1 ? suffix.length : nl + 1;
    if (line.trim() !== '') seen++;
  }
  let out = suffix.slice(0, at);
  if (rand() < 0.25) {
    const nl = suffix.indexOf('\n', at);
    const next = suffix.slice(at, nl === -1 ? suffix.length : nl);
    if (next.trim().length > 6) out += next.slice(0, next.length - 1 - Math.floor(rand() * (next.trim().length - 4)));
  }
  return out;
}

function tasksFor(
  source: LanguageSource,
  file: string,
  cursor: Cursor,
  donors: string[][],
  rand: () => number,
  n: number,
): TruncationTask[] {
  const braces = source.grammar !== 'python';
  const crlf = rand() < 0.3;
  const eol = (s: string) => (crlf ? s.replace(/\n/g, '\r\n') : s);
  const base = {
    language: source.language,
    prefix: eol(cursor.prefix),
    suffix: eol(cursor.suffix),
    middle: eol(cursor.middle),
  };
  const id = `heldout/${source.language}/${path.basename(file)}/${n}-${cursor.shape}`;
  const regen = base.middle + eol(suffixLines(cursor.suffix, 1 + Math.floor(rand() * 4), rand));
  let escaped = base.middle;
  if (cursor.shape === 'condition') {
    escaped += eol(cursor.suffix.slice(0, Math.max(0, cursor.suffix.indexOf('\n')))) + eol('\n');
  } else {
    if (!escaped.endsWith(eol('\n'))) escaped += eol('\n');
    if (braces && cursor.closer) escaped += eol(`${cursor.closer}\n`);
    if (!braces) escaped += eol('\n');
  }
  escaped += unrelatedCode(
    donors,
    braces ? (cursor.closer ? /^[ \t]*/.exec(cursor.closer)![0] : cursor.escapeIndent) : cursor.escapeIndent,
    rand,
  ); // LF, like pasted code
  if (braces && !cursor.closer && cursor.shape !== 'condition')
    return [
      { ...base, id: `${id}/clean`, raw: base.middle, kind: 'clean' },
      { ...base, id: `${id}/suffix-regen`, raw: regen, kind: 'suffix-regen' },
    ];
  return [
    { ...base, id: `${id}/clean`, raw: base.middle, kind: 'clean' },
    { ...base, id: `${id}/suffix-regen`, raw: regen, kind: 'suffix-regen' },
    { ...base, id: `${id}/escape`, raw: escaped, kind: 'escape' },
  ];
}

export async function makeHeldout(opts: { files: number; seed: number; perFile: number }): Promise<TruncationTask[]> {
  const rand = random(opts.seed);
  const tasks: TruncationTask[] = [];
  for (const source of SOURCES) {
    if (!(await ensureLanguage(source.language, ''))) continue;
    const parsed: Array<{ file: string; text: string; tree: Tree }> = [];
    const candidates = listFiles(source.roots, source.extensions, opts.files);
    // Spread the choice over the whole list rather than its first directory.
    const step = Math.max(1, Math.floor(candidates.length / (opts.files * 3)));
    for (let i = 0; i < candidates.length && parsed.length < opts.files; i += step) {
      const text = readSource(candidates[i]);
      if (!text) continue;
      const tree = parseText(source.grammar, text);
      if (!tree) continue;
      if (tree.rootNode.hasError) {
        tree.delete();
        continue;
      }
      parsed.push({ file: candidates[i], text, tree });
    }
    try {
      const braces = source.grammar !== 'python';
      const donorsOf = (skip: string) =>
        parsed
          .filter((p) => p.file !== skip)
          .flatMap((p) =>
            [...nodes(p.tree.rootNode)]
              .filter((n) => FUNCTION_TYPES.test(n.type) && n.endPosition.row - n.startPosition.row >= 2)
              .map((n) => (indentAt(p.text, n.startIndex) + p.text.slice(n.startIndex, n.endIndex)).split('\n')),
          )
          .slice(0, 400);
      let n = 0;
      for (const p of parsed) {
        const donors = donorsOf(p.file);
        if (donors.length === 0) continue;
        const pools = [
          blockCursors(p.text, p.tree, braces),
          lineCursors(p.text, p.tree, braces, rand),
          conditionCursors(p.text, p.tree, braces),
        ];
        for (let k = 0; k < opts.perFile; k++) {
          const pool = pools[k % pools.length];
          if (pool.length === 0) continue;
          const cursor = pool.splice(Math.floor(rand() * pool.length), 1)[0];
          tasks.push(...tasksFor(source, p.file, cursor, donors, rand, n++));
        }
      }
    } finally {
      for (const p of parsed) p.tree.delete();
    }
  }
  return tasks;
}

async function main(argv: string[]): Promise<void> {
  const get = (flag: string, fallback: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
  };
  const out = get('--out', path.join(packageRoot(), '.build', 'heldout', 'tasks.jsonl'));
  const tasks = await makeHeldout({
    files: Number(get('--files', '60')),
    seed: Number(get('--seed', '1')),
    perFile: Number(get('--per-file', '6')),
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  writeTasks(out, tasks);
  const counts: Record<string, number> = {};
  for (const t of tasks) counts[t.language] = (counts[t.language] ?? 0) + 1;
  process.stdout.write(`${tasks.length} tasks → ${out}\n${JSON.stringify(counts)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
