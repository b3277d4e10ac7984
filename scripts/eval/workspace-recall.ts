/**
 * Cross-file definition recall of the workspace index (issue #14), deterministic and offline.
 *
 *   npm run eval -- recall [--budget N] [--at-name] [--misses] [DIR ...]
 *
 * Real multi-file code found on the machine (Python stdlib packages, TypeScript and JavaScript
 * packages under node_modules, JDK sources extracted from a src.zip under /usr/lib/jvm, Node's
 * C/C++ headers) is indexed one folder at a time as the workspace. For every indexed file F, a
 * sample is a line of F (not an import) that uses a name N defined in another file of the folder,
 * where that definition is the only one of its kind in the folder (so the truth does not depend on
 * a resolver), reached from F in one of these ways:
 *
 *   named import     `from m import N`, `import {N} from`, `const {N} = require`, `import a.b.N;`
 *   module import    `M.N` with M bound to a module (`import a.b as M`, `import * as M`,
 *                    `const M = require('./m')`, `from . import M`)
 *   wildcard import  `from m import *`, Java `import a.b.*;` (N bound by nothing else)
 *   same package     Java: N is a class of F's own package, used without an import; Go: N is
 *                    defined in another file of F's directory
 *   include          C/C++: N is declared in a header F includes (`#include "x.h"`, beside F or
 *                    from the root)
 *   method on object `x.N(` where N is a method defined in exactly one class of the folder (Go: one
 *                    receiver type; Rust: one impl, also `Type::N(`)
 *
 * Go: `pkg.N` is a module import when pkg names a package of the folder's module (import path under
 * the module path that the folder's place in GOPATH gives; its name read from its files' package
 * clause). Rust: `use crate::…`, `super::…`, `self::…` (and a first segment that is a module of the
 * crate root) bind names and modules of the crate, `use …::*` its module file's names; `m::N` with m
 * bound to a module is a module import.
 *
 * A name bound to something outside the folder (a package import, another stdlib package, a runtime
 * global such as `process` or `System`) is never a sample: its `x.N(` calls the package, not the folder.
 *
 * With only F open and the cursor at the start of the line (or right before N with --at-name),
 * the prompt built by buildFimInput is a hit when it holds N's header line. Reported per language
 * and per way, next to the same measure without the index (only open files give definitions).
 * At most MAX_PER_FILE samples per file, spread over the file, so runs are comparable.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildFimInput } from '../../server/context/assemble';
import { definedHere } from '../../server/context/defined-here';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { imports } from '../../server/syntax/analysis';
import { DocumentTree } from '../../server/syntax/document-tree';
import {
  buildWorkspaceIndex,
  WorkspaceDefinitionIndex,
  type IndexedDefinition,
} from '../../server/workspace/definition-index';

const MAX_PER_FILE = 6;
const PYTHON_DIRS = ['email', 'json', 'asyncio', 'concurrent', 'importlib', 'unittest', 'xml', 'http', 'logging'].map(
  (d) => `/usr/lib/python3.11/${d}`,
);
const NODE_DIRS = [
  'node_modules/openai/src',
  'node_modules/vscode-languageserver/lib',
  'node_modules/vscode-jsonrpc/lib',
  'node_modules/vscode-languageserver-protocol/lib',
  'node_modules/pino/lib',
  '/usr/lib/node_modules/npm/lib',
];
/** C and C++ headers that include each other by quoted paths (Node's, with V8's, libuv's and OpenSSL's). */
const C_DIRS = ['/usr/include/node'];
/** Go modules in GOPATH layout and Rust crates, from Debian's golang-*-dev and librust-*-dev packages when installed. */
const GOPATH_SRC = '/usr/share/gocode/src';
const GO_DIRS = ['golang.org/x/tools/internal', 'golang.org/x/tools/go', 'github.com/spf13/cobra'].map((d) =>
  path.join(GOPATH_SRC, d),
);
const CARGO_REGISTRY = '/usr/share/cargo/registry';
const RUST_CRATES = ['regex-syntax-', 'syn-', 'serde_json-', 'tokio-1', 'serde-1'];
const JDK_PACKAGES = [
  'java.base/java/time/',
  'java.base/java/util/concurrent/',
  'java.base/java/util/regex/',
  'java.base/java/util/zip/',
  'java.base/java/net/',
  'java.net.http/',
  'java.logging/',
];
/**
 * Methods the languages' own libraries define (str.join, dict.get, Array.push, List.add, ...): a
 * call of one of these on an object of unknown type cannot be attributed to the folder's only
 * definition of that name, so such calls are not samples.
 */
const COMMON_METHODS = new Set(
  (
    'get set has add put pop push join split strip items keys values update append extend insert remove clear copy count index sort find replace ' +
    'format lower upper startswith endswith encode decode read write close open send flush then catch finally map filter reduce forEach some every ' +
    'slice splice concat toString valueOf equals hashCode size length isEmpty contains containsKey iterator next apply call bind emit on off once ' +
    'run start stop wait notify cancel result done exception lock unlock acquire release getName getValue setValue getKey toArray stream of entries delete'
  ).split(' '),
);
/** The same for Go's and Rust's standard interfaces and traits (fmt.Stringer, io.Writer, Clone, From, ...). */
const COMMON_GO_RUST_METHODS = new Set(
  (
    'String Error Len Less Swap Close Write Read Get Set Add Next Reset Err Value Key Done Wait Lock Unlock Init Name Type Pos End ' +
    'new default clone fmt from into as_ref as_mut borrow deref drop eq ne cmp partial_cmp hash iter into_iter next len is_empty ' +
    'to_string to_owned unwrap expect ok err map and_then push pop insert remove get get_mut contains parse serialize deserialize visit poll'
  ).split(' '),
);
const LANGUAGE: Record<string, string> = {
  python: 'python',
  typescript: 'typescript',
  tsx: 'typescriptreact',
  javascript: 'javascript',
  java: 'java',
  c: 'c',
  cpp: 'cpp',
  go: 'go',
  rust: 'rust',
};
const WAYS = [
  'named import',
  'module import',
  'wildcard import',
  'same package',
  'include',
  'method on object',
] as const;
type Way = (typeof WAYS)[number];

interface Tally {
  lines: number;
  hits: number;
  baseline: number;
}

interface Sample {
  line: number;
  offset: number;
  name: string;
  way: Way;
  want: string[];
}

/** What F's import statements bind, read by this script (independently of the server's resolver). */
interface Bindings {
  named: Set<string>;
  modules: Set<string>;
  /** Directories (Java packages) or nothing (Python: any module) whose names arrive by `*`. */
  wildcard: boolean;
  wildcardDirs: Set<string>;
  /** Names bound to something outside the folder (a package from node_modules, another stdlib package, a class outside the source root). */
  external: Set<string>;
  /** C/C++: the headers `#include "..."` names, beside the file or from the root. */
  includes: Set<string>;
  /** Go: local package names bound to a package directory of the folder. Rust: module names bound to their files. */
  moduleFiles: Map<string, Set<string>>;
  /** Rust: the module files whose names `use …::*` brings in. */
  wildcardFiles: Set<string>;
}

/**
 * The runtimes' own objects: `process.exit(`, `console.warn(`, `System.exit(` call the runtime, not the folder's
 * only method of that name, so a call on one of these is not a sample.
 */
const RUNTIME_GLOBALS = new Set(
  (
    'process console Math JSON Object Array Promise Buffer Reflect Symbol Number String Boolean Date RegExp Error Map Set WeakMap ' +
    'WeakSet Intl globalThis window document require module exports crypto performance navigator URL ' +
    'System Objects Arrays Collections Thread Integer Long Character Double Float Byte Short Class StrictMath Runtime ' +
    'os sys str dict list tuple set int bytes bytearray object type'
  ).split(' '),
);

function bindings(grammar: string, file: string, statements: readonly string[], root: string): Bindings {
  const b: Bindings = {
    named: new Set(),
    modules: new Set(),
    wildcard: false,
    wildcardDirs: new Set(),
    external: new Set(),
    includes: new Set(),
    moduleFiles: new Map(),
    wildcardFiles: new Set(),
  };
  const bind = (set: Set<string>, name: string, outside: boolean) => {
    set.add(name);
    if (outside) b.external.add(name);
  };
  // The folder is a package of its own (`/usr/lib/python3.11/email`): an absolute import of another top module leaves it.
  const pythonOutside = (module: string) => !module.startsWith('.') && module.split('.')[0] !== path.basename(root);
  if (grammar === 'go') {
    goBindings(b, statements, root);
    return b;
  }
  if (grammar === 'rust') {
    rustBindings(b, file, statements, root);
    return b;
  }
  for (const raw of statements) {
    const s = raw.replace(/[()\\\n]/g, ' '); // `require('x')` reads `require 'x' `
    if (grammar === 'c' || grammar === 'cpp') {
      const header = /^\s*#\s*include\s*"([^"]+)"/.exec(s)?.[1];
      if (header) b.includes.add(path.resolve(file, '..', header)).add(path.join(root, header));
    } else if (grammar === 'python') {
      const from = /^\s*from\s+([\w.]+)\s+import\s+(.+)$/s.exec(s);
      if (from) {
        for (const part of from[2].split(',')) {
          const [n, alias] = part.trim().split(/\s+as\s+/);
          if (n === '*') b.wildcard ||= !pythonOutside(from[1]);
          else if (n) {
            bind(b.named, (alias ?? n).trim(), pythonOutside(from[1]));
            b.modules.add((alias ?? n).trim()); // `from . import mod` binds a module
          }
        }
        continue;
      }
      const plain = /^\s*import\s+(.+)$/s.exec(s);
      if (plain)
        for (const part of plain[1].split(',')) {
          const [m, alias] = part.trim().split(/\s+as\s+/);
          bind(b.modules, (alias ?? m.split('.')[0]).trim(), pythonOutside(m.trim()));
        }
    } else if (grammar === 'java') {
      const m = /^\s*import\s+(static\s+)?([\w.]+?)(\.\*)?\s*;/.exec(s);
      if (!m) continue;
      const parts = m[2].split('.');
      if (m[3]) b.wildcardDirs.add(path.join(root, ...parts));
      else bind(b.named, parts.pop()!, !fs.existsSync(path.join(root, ...parts)));
    } else {
      // A bare specifier (`'proc-log'`, `'node:fs'`) names a package outside the folder.
      const specifier = /(?:from|require|^\s*import)\s*['"]([^'"]+)['"]/.exec(s)?.[1];
      const outside = specifier !== undefined && !/^[./]/.test(specifier);
      const before = new Set([...b.named, ...b.modules]);
      const star = /import\s+\*\s+as\s+([\w$]+)/.exec(s) ?? /^\s*(?:const|let|var)\s+([\w$]+)\s*=\s*require\b/.exec(s);
      if (star) b.modules.add(star[1]);
      const braces = /\{([^}]*)\}/.exec(s);
      if (braces && !/^\s*export\b/.test(s))
        for (const part of braces[1].split(',')) {
          const [n, alias] = part
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+|\s*:\s*/);
          if (n) b.named.add((alias ?? n).trim());
        }
      const def = /^\s*import\s+([\w$]+)\s*(?:,|from)/.exec(s);
      if (def && def[1] !== 'type') b.named.add(def[1]);
      if (star && !/^\s*import/.test(s)) b.named.add(star[1]); // `const X = require()` used as X itself
      if (outside) for (const n of [...b.named, ...b.modules]) if (!before.has(n)) b.external.add(n);
    }
  }
  return b;
}

/** Go: each import spec; one of the folder's module is bound as its package's own name (or alias), anything else is external. */
function goBindings(b: Bindings, statements: readonly string[], root: string): void {
  const modulePath = path.relative(GOPATH_SRC, goModuleRoot(root));
  for (const s of statements)
    for (const m of s.matchAll(/(?:^|[\s(])(?:([A-Za-z_]\w*|\.|_)\s+)?"([^"\n]+)"/g)) {
      const [, alias, importPath] = m;
      const dir = importPath.startsWith(`${modulePath}/`)
        ? path.join(goModuleRoot(root), importPath.slice(modulePath.length + 1))
        : undefined;
      const name = alias ?? (dir ? goPackageName(dir) : undefined) ?? importPath.split('/').pop()!;
      if (name === '_' || name === '.') continue;
      b.modules.add(name);
      if (!dir || !fs.existsSync(dir)) b.external.add(name);
      else b.moduleFiles.set(name, new Set(fs.readdirSync(dir).map((f) => path.join(dir, f))));
    }
}

/** The module a Go folder belongs to: its GOPATH directory three levels under src (host/owner/repo). */
function goModuleRoot(root: string): string {
  const parts = path.relative(GOPATH_SRC, root).split(path.sep);
  return path.join(GOPATH_SRC, ...parts.slice(0, parts[0] === 'golang.org' || parts[0] === 'github.com' ? 3 : 2));
}

function goPackageName(dir: string): string | undefined {
  if (!fs.existsSync(dir)) return undefined;
  for (const f of fs.readdirSync(dir).sort())
    if (f.endsWith('.go') && !f.endsWith('_test.go')) {
      const m = /^package\s+(\w+)/m.exec(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (m) return m[1];
    }
  return undefined;
}

/** Rust: `use` paths of the crate bind names (and modules, as their files); other crates' are external. */
function rustBindings(b: Bindings, file: string, statements: readonly string[], root: string): void {
  const src = path.join(root, 'src');
  const rel = path.relative(src, file).replace(/\.rs$/, '').split(path.sep);
  const here = ['mod', 'lib', 'main'].includes(rel[rel.length - 1]) ? rel.slice(0, -1) : rel;
  const moduleFiles = (segs: readonly string[]) =>
    new Set(
      segs.length === 0
        ? [path.join(src, 'lib.rs'), path.join(src, 'main.rs')]
        : [`${path.join(src, ...segs)}.rs`, path.join(src, ...segs, 'mod.rs')],
    );
  const isModule = (segs: readonly string[]) => [...moduleFiles(segs)].some((f) => fs.existsSync(f));
  for (const raw of statements) {
    const m = /^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+(?:::)?([\w:]+?)(?:::\{([^{}]*)\}|(::\*))?\s*;/.exec(
      raw.replace(/\s+/g, ' '),
    );
    if (!m) continue;
    const segs = m[1].split('::');
    let base: string[] | undefined;
    if (segs[0] === 'crate') base = segs.slice(1);
    else if (segs[0] === 'self') base = [...here, ...segs.slice(1)];
    else if (segs[0] === 'super') {
      let up = 0;
      while (segs[up] === 'super') up++;
      base = [...here.slice(0, Math.max(0, here.length - up)), ...segs.slice(up)];
    } else if (isModule([segs[0]])) base = segs;
    const items = m[3] ? [] : m[2] === undefined ? [segs[segs.length - 1]] : m[2].split(',');
    if (m[2] === undefined && !m[3]) base = base?.slice(0, -1);
    if (m[3] && base) for (const f of moduleFiles(base)) b.wildcardFiles.add(f);
    for (const item of items) {
      const [n, alias] = item.trim().split(/\s+as\s+/);
      if (!n || !/^[A-Za-z_]\w*$/.test(n) || n === 'self') continue;
      const local = alias ?? n;
      b.named.add(local);
      b.modules.add(local);
      if (!base) b.external.add(local);
      else if (isModule([...base, n])) b.moduleFiles.set(local, moduleFiles([...base, n]));
    }
  }
}

interface FolderIndex {
  index: WorkspaceDefinitionIndex;
  /** Top-level definitions by name (all files). */
  topLevel: Map<string, { file: string; def: IndexedDefinition }[]>;
  /** Methods by name (all files). */
  methods: Map<string, { file: string; def: IndexedDefinition }[]>;
}

function folderIndex(index: WorkspaceDefinitionIndex, files: readonly string[]): FolderIndex {
  const topLevel = new Map<string, { file: string; def: IndexedDefinition }[]>();
  const methods = new Map<string, { file: string; def: IndexedDefinition }[]>();
  for (const file of files) {
    const entry = index.file(file)!;
    for (const def of entry.definitions) {
      // A Rust `mod x;` line points at a file; what a line uses from it is defined there.
      if (entry.grammar === 'rust' && def.kind === 'module') continue;
      const map = !def.container ? topLevel : def.kind === 'method' || def.kind === 'function' ? methods : undefined;
      if (!map) continue;
      const list = map.get(def.name) ?? [];
      list.push({ file, def });
      map.set(def.name, list);
    }
  }
  return { index, topLevel, methods };
}

/** The samples of one file: candidate lines with their way, then at most MAX_PER_FILE spread over the file. */
function samplesOf(
  file: string,
  grammar: string,
  text: string,
  importLines: Set<number>,
  b: Bindings,
  fi: FolderIndex,
  atName: boolean,
): Sample[] {
  // One definition, or one per file of the same module (`x.js` and its `x.d.ts`): any of their header lines counts.
  const unique = (map: Map<string, { file: string; def: IndexedDefinition }[]>, n: string) => {
    const list = map.get(n);
    if (!list || list.some((d) => d.file === file) || new Set(list.map((d) => moduleStem(d.file))).size !== 1)
      return undefined;
    const perFile = new Set(list.map((d) => d.file));
    return perFile.size === list.length
      ? { def: list[0].def, file: list[0].file, want: list.map((d) => d.def.line.trim()) }
      : undefined;
  };
  const lines = text.split('\n');
  const found: Sample[] = [];
  const localCache = new Map<string, boolean>();
  const definedInFile = (n: string) => {
    if (!localCache.has(n))
      localCache.set(n, definedHere(text, [n]).size > 0 || fi.index.file(file)!.definitions.some((d) => d.name === n));
    return localCache.get(n)!;
  };
  let offset = 0;
  for (let l = 0; l < lines.length; offset += lines[l].length + 1, l++) {
    if (importLines.has(l)) continue;
    const line = lines[l];
    if (/^\s*(#|\/\/|\*|\/\*)/.test(line)) continue;
    for (const m of line.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const n = m[0];
      const before = line.slice(0, m.index);
      if (/["'`]/.test(before.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, ''))) break; // inside a string
      const goOrRust = grammar === 'go' || grammar === 'rust';
      const member = (grammar === 'rust' ? /(?:\.|::)\s*$/ : /\.\s*$/).exec(before);
      let way: Way | undefined;
      let target: { def: IndexedDefinition; want: string[] } | undefined;
      if (member) {
        const receiver = (
          grammar === 'rust'
            ? /(?<![\w$'"\])])([A-Za-z_$][\w$]*)\s*(?:\.|::)\s*$/
            : /(?<![\w$'"\])])([A-Za-z_$][\w$]*)\s*\.\s*$/
        ).exec(before)?.[1];
        const top = unique(fi.topLevel, n);
        const inModule =
          !goOrRust || (top !== undefined && receiver !== undefined && b.moduleFiles.get(receiver)?.has(top.file));
        if (receiver && (b.external.has(receiver) || RUNTIME_GLOBALS.has(receiver))) {
          // a call into a package or the runtime, not into the folder
        } else if (receiver && b.modules.has(receiver) && top && inModule) [way, target] = ['module import', top];
        else if (
          receiver &&
          !COMMON_METHODS.has(n) &&
          !(goOrRust && COMMON_GO_RUST_METHODS.has(n)) &&
          /^\s*\(/.test(line.slice(m.index + n.length)) &&
          !fi.topLevel.has(n) &&
          !definedInFile(n)
        ) {
          const meth = unique(fi.methods, n);
          if (meth) [way, target] = ['method on object', meth];
        }
      } else {
        const top = unique(fi.topLevel, n);
        if (top && !definedInFile(n)) {
          if (b.external.has(n)) {
            // the same name imported from outside the folder
          } else if (b.named.has(n)) [way, target] = ['named import', top];
          else if ((grammar === 'java' || grammar === 'go') && path.dirname(top.file) === path.dirname(file))
            [way, target] = ['same package', top];
          else if (grammar === 'rust' && b.wildcardFiles.has(top.file)) [way, target] = ['wildcard import', top];
          else if (grammar === 'java' && b.wildcardDirs.has(path.dirname(top.file)))
            [way, target] = ['wildcard import', top];
          else if (grammar === 'python' && b.wildcard && !b.modules.has(n)) [way, target] = ['wildcard import', top];
          else if (b.includes.has(top.file)) [way, target] = ['include', top];
        }
      }
      if (!way || !target) continue;
      const cursor = atName ? offset + m.index : offset + /^\s*/.exec(line)![0].length;
      found.push({ line: l, offset: cursor, name: n, way, want: target.want });
      break;
    }
  }
  if (found.length <= MAX_PER_FILE) return found;
  return Array.from({ length: MAX_PER_FILE }, (_, i) => found[Math.floor((i * found.length) / MAX_PER_FILE)]);
}

async function evalDir(
  dir: string,
  budget: number,
  atName: boolean,
  misses: boolean,
  totals: Map<string, Tally>,
): Promise<void> {
  const root = fs.realpathSync(path.resolve(dir));
  const isExcluded = createExclusionMatcher([], [root]);
  const index = new WorkspaceDefinitionIndex();
  const stats = await buildWorkspaceIndex(index, [root], { maxFiles: 5000, maxFileBytes: 500_000, isExcluded });
  const files = [...new Set(listIndexed(index, root))].sort();
  const fi = folderIndex(index, files);
  let lines = 0;
  for (const file of files) {
    const entry = index.file(file)!;
    const text = fs.readFileSync(file, 'utf8');
    const doc = await DocumentTree.create('', file, text);
    try {
      const found = imports(doc);
      const importLines = new Set<number>();
      for (const i of found) for (let l = lineOf(text, i.start); l <= lineOf(text, i.end); l++) importLines.add(l);
      const b = bindings(
        entry.grammar,
        file,
        found.map((i) => i.text),
        root,
      );
      for (const s of samplesOf(file, entry.grammar, text, importLines, b, fi, atName)) {
        const args = {
          uri: pathToFileURL(file).href,
          languageId: LANGUAGE[entry.grammar] ?? entry.grammar,
          text,
          offset: s.offset,
          doc,
          openDocuments: [],
          budgetTokens: budget,
          workspaceFolders: [root],
          isExcluded,
        };
        const sent = (r: ReturnType<typeof buildFimInput>) =>
          `${r.input.context?.map((c) => c.text).join('\n') ?? ''}\n${r.input.prefix}\n${r.input.suffix}`;
        const withIndex = sent(buildFimInput({ ...args, workspace: { index, folders: [root], isExcluded } }));
        const hit = s.want.some((w) => withIndex.includes(w));
        const without = sent(buildFimInput(args));
        const base = s.want.some((w) => without.includes(w));
        const language = entry.grammar === 'tsx' ? 'typescript' : entry.grammar;
        for (const key of [`${language}\u0000${s.way}`, `${language}\u0000all`]) {
          const t = totals.get(key) ?? { lines: 0, hits: 0, baseline: 0 };
          t.lines++;
          t.hits += Number(hit);
          t.baseline += Number(base);
          totals.set(key, t);
        }
        lines++;
        if (!hit && misses) {
          const all = text.split('\n');
          const around = [...all.slice(Math.max(0, s.line - 300), s.line), ...all.slice(s.line + 1, s.line + 101)].join(
            '\n',
          );
          const elsewhere = new RegExp(`(?<![\\w$])${s.name.replace(/\$/g, '\\$')}(?![\\w$])`).test(around)
            ? 'used-nearby'
            : 'only-here';
          process.stderr.write(
            `MISS [${s.way}] ${elsewhere} ${path.relative(root, file)}:${s.line + 1} ${s.name} <- ${s.want[0].slice(0, 100)}\n`,
          );
        }
      }
    } finally {
      doc.dispose();
    }
  }
  process.stderr.write(`${dir}: ${stats.indexed} files indexed in ${stats.ms} ms, ${lines} samples\n`);
}

function moduleStem(file: string): string {
  return file.replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
}

function listIndexed(index: WorkspaceDefinitionIndex, root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (index.file(p)) out.push(p);
    }
  };
  walk(root);
  return out;
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The crates of RUST_CRATES installed under CARGO_REGISTRY (newest version of each). */
function rustCrates(): string[] {
  if (!fs.existsSync(CARGO_REGISTRY)) return [];
  const all = fs.readdirSync(CARGO_REGISTRY).sort();
  return RUST_CRATES.flatMap((prefix) => all.filter((d) => d.startsWith(prefix)).slice(-1)).map((d) =>
    path.join(CARGO_REGISTRY, d),
  );
}

/** JDK sources: the packages above extracted once from the first src.zip under /usr/lib/jvm (needs `unzip`); their module folders. */
function jdkDirs(): string[] {
  const zips = ['/usr/lib/jvm']
    .flatMap((d) =>
      fs.existsSync(d)
        ? fs
            .readdirSync(d)
            .sort()
            .flatMap((j) => [path.join(d, j, 'lib', 'src.zip'), path.join(d, j, 'src.zip')])
        : [],
    )
    .filter((z) => fs.existsSync(z));
  if (zips.length === 0) return [];
  const out = path.join(os.tmpdir(), 'arbor-recall-jdk');
  if (!fs.existsSync(path.join(out, '.done'))) {
    try {
      execFileSync('unzip', ['-q', '-o', zips[0], ...JDK_PACKAGES.map((p) => `${p}*`), '-d', out], { stdio: 'ignore' });
      fs.writeFileSync(path.join(out, '.done'), zips[0]);
    } catch {
      return [];
    }
  }
  return [...new Set(JDK_PACKAGES.map((p) => path.join(out, p.split('/')[0])))];
}

export async function main(argv: string[]): Promise<number> {
  let budget = 2048;
  let atName = false;
  let misses = false;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--budget') budget = Number(argv[++i]);
    else if (argv[i] === '--at-name') atName = true;
    else if (argv[i] === '--misses') misses = true;
    else dirs.push(argv[i]);
  }
  const pct = (a: number, b: number) => (b === 0 ? '-' : `${((100 * a) / b).toFixed(1)} %`);
  const totals = new Map<string, Tally>();
  for (const dir of dirs.length
    ? dirs
    : [...PYTHON_DIRS, ...NODE_DIRS, ...jdkDirs(), ...C_DIRS, ...GO_DIRS, ...rustCrates()]) {
    if (fs.existsSync(dir)) await evalDir(dir, budget, atName, misses, totals);
  }
  console.log(
    `\nCross-file definition recall, only the edited file open; budget ${budget} tokens; cursor ${atName ? 'right before the name' : 'at the line start'}; at most ${MAX_PER_FILE} lines per file`,
  );
  console.log('| language | way | lines | with index | baseline (open files only) |');
  console.log('| --- | --- | --- | --- | --- |');
  const languages = [...new Set([...totals.keys()].map((k) => k.split('\u0000')[0]))].sort();
  for (const language of languages) {
    for (const way of [...WAYS, 'all']) {
      const t = totals.get(`${language}\u0000${way}`);
      if (t)
        console.log(
          `| ${language} | ${way === 'all' ? '**all**' : way} | ${t.lines} | ${pct(t.hits, t.lines)} | ${pct(t.baseline, t.lines)} |`,
        );
    }
  }
  for (const language of languages) {
    const t = totals.get(`${language}\u0000all`)!;
    console.log(JSON.stringify({ language, lines: t.lines, recall: t.hits / t.lines, baseline: t.baseline / t.lines }));
  }
  return 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
