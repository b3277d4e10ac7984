/**
 * Which indexed files a file imports, and which names it imports, read from its import
 * statements: Python `from .x import y`, `from pkg.mod import y`, `import pkg.mod`; TS/JS
 * `import {y} from './x'`, `export … from './x'`, `require('./x')` with extension and index
 * resolution, and bare specifiers through tsconfig `paths`/`baseUrl` and workspace packages
 * (js-module-map.ts); Go, Rust, C/C++ and C# in compiled-imports.ts. Paths are only matched
 * against the index (no file system access here); package imports (`react`, `os`) resolve to
 * nothing unless the workspace holds them.
 */
import * as path from 'node:path';
import { csharpImports, goImports, type ImportSink, includeImports, rustImports } from './compiled-imports';
import { EMPTY_MODULE_MAP, type JsModuleMap, moduleFileCandidates } from './js-module-map';

export interface ImportInfo {
  /** Absolute paths of imported files, as candidates (the caller keeps those it knows). */
  candidates: string[];
  /** Names the file imports, in statement order, each once. */
  names: string[];
  /** Names bound to a whole module (`from . import events`, `import * as ns from './x'`, `const x_1 = require('./x')`, `import a.b` as `a.b`), with that module's candidate paths (a Go package: its directory, ending in '/'). */
  modules: Map<string, string[]>;
  /** Local names bound to another name (`import {a as b}`, `from m import a as b`): b -> a. */
  aliases: Map<string, string>;
  /** Per imported name, the candidate paths of the module it comes from. */
  nameSources: Map<string, string[]>;
  /** Names bound to a JS/TS module's default export (`import X from`, `const X = require()`): X may be named otherwise there. */
  defaults: Set<string>;
  /**
   * Modules whose every public name is in scope: `from m import *`, `export * from './m'`, C
   * `#include "x.h"` (candidate files), Java `import a.b.*;`, C# `using A.B;` and the file's own
   * Java/Go package or C# namespace (candidate directories, ending in '/').
   */
  wildcards: string[][];
  /** C# namespaces brought into scope by `using A.B;` (found through the files that declare them, wherever they are). */
  namespaces: string[];
}

const MAX_NAMES = 64;

/**
 * `grammar`: the current file's grammar name (python, typescript, go, ...). `moduleMap`:
 * where bare JS/TS specifiers point in the workspace (tsconfig paths, workspace packages).
 */
export function importInfo(
  grammar: string | undefined,
  file: string,
  statements: readonly string[],
  folders: readonly string[],
  moduleMap: JsModuleMap = EMPTY_MODULE_MAP,
): ImportInfo {
  const candidates: string[] = [];
  const names: string[] = [];
  const modules = new Map<string, string[]>();
  const nameSources = new Map<string, string[]>();
  const wildcards: string[][] = [];
  const namespaces: string[] = [];
  const aliases = new Map<string, string>();
  const defaults = new Set<string>();
  const addModule = (alias: string, paths: string[]) => {
    if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(alias) && !modules.has(alias) && modules.size < MAX_NAMES)
      modules.set(alias, paths);
  };
  const addName = (n: string, from?: string[]) => {
    if (!/^[A-Za-z_$][\w$]*$/.test(n) || names.length >= MAX_NAMES) return;
    if (!names.includes(n)) names.push(n);
    if (from && from.length > 0) nameSources.set(n, [...(nameSources.get(n) ?? []), ...from]);
  };
  const dir = path.dirname(file);
  const sink: ImportSink = {
    ancestors: ancestorDirs(dir, folders),
    candidates,
    wildcards,
    namespaces,
    addName,
    addModule,
    alias: (local, name) => aliases.set(local, name),
  };
  if (grammar === 'go') goImports(statements, dir, sink);
  else if (grammar === 'rust') rustImports(statements, file, sink);
  else if (grammar === 'c' || grammar === 'cpp') includeImports(statements, dir, sink);
  else if (grammar === 'csharp') csharpImports(statements, dir, sink);
  else if (grammar === 'python') {
    for (const s of statements) {
      const flat = s.replace(/[()\\\n]/g, ' ');
      const from = /^\s*from\s+(\.*)([\w.]*)\s+import\s+(.+)$/s.exec(flat);
      if (from) {
        const pairs = from[3]
          .split(',')
          .map((x) =>
            x
              .trim()
              .split(/\s+as\s+/)
              .map((y) => y.trim()),
          )
          .filter((x) => x[0] && x[0] !== '*');
        const asModule = new Map<string, string[]>();
        const modFiles: string[] = [];
        for (const base of pythonBases(from[1], dir, file, folders)) {
          const mod = from[2] ? path.join(base, ...from[2].split('.')) : base;
          modFiles.push(`${mod}.py`, path.join(mod, '__init__.py'));
          candidates.push(`${mod}.py`, path.join(mod, '__init__.py'));
          for (const [n, alias] of pairs) {
            const paths = [path.join(mod, `${n}.py`), path.join(mod, n, '__init__.py')];
            candidates.push(...paths);
            asModule.set(alias ?? n, [...(asModule.get(alias ?? n) ?? []), ...paths]);
          }
        }
        for (const [n, alias] of pairs) {
          addName(alias ?? n, modFiles);
          if (alias && alias !== n) aliases.set(alias, n);
        }
        if (/(?:^|,)\s*\*\s*$/.test(from[3].trim()) || from[3].trim() === '*') wildcards.push(modFiles);
        for (const [alias, paths] of asModule) addModule(alias, paths);
        continue;
      }
      const plain = /^\s*import\s+(.+)$/s.exec(flat);
      if (plain) {
        for (const part of plain[1].split(',')) {
          const [mod, alias] = part
            .trim()
            .split(/\s+as\s+/)
            .map((y) => y.trim());
          if (!/^[\w.]+$/.test(mod)) continue;
          const paths: string[] = [];
          for (const base of pythonBases('', dir, file, folders)) {
            const p = path.join(base, ...mod.split('.'));
            paths.push(`${p}.py`, path.join(p, '__init__.py'));
          }
          candidates.push(...paths);
          addModule(alias ?? mod, paths);
        }
      }
    }
  } else if (grammar === 'java') {
    const bases = sink.ancestors;
    wildcards.push([`${dir}${path.sep}`]); // the file's own package
    for (const s of statements) {
      const m = /^\s*import\s+(static\s+)?([\w.]+?)(\.\*)?\s*;/.exec(s);
      if (!m) continue;
      const parts = m[2].split('.');
      if (m[3] && !m[1]) {
        wildcards.push(bases.map((b) => `${path.join(b, ...parts)}${path.sep}`));
        continue;
      }
      // `import a.b.C;` (C.java), `import static a.b.C.m;` (m in C.java), `import a.b.C.Inner;` (Inner in C.java)
      const files: string[] = [];
      for (let cut = parts.length; cut >= Math.max(1, parts.length - 2); cut--)
        for (const b of bases) files.push(`${path.join(b, ...parts.slice(0, cut))}.java`);
      candidates.push(...files);
      if (m[3]) wildcards.push(files);
      else addName(parts[parts.length - 1], files);
    }
  } else {
    for (const s of statements) {
      const specs: string[] = [];
      for (const m of s.matchAll(/(?:from\s*|require\s*\(\s*|import\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/g)) {
        const spec = m[2];
        if (spec.startsWith('.')) specs.push(...moduleFileCandidates(path.resolve(dir, spec)));
        else if (!moduleMap.empty) specs.push(...moduleMap.candidates(spec, file));
      }
      candidates.push(...specs);
      const whole =
        /^\s*import\s+\*\s+as\s+([A-Za-z_$][\w$]*)/.exec(s) ??
        /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(/.exec(s);
      if (whole && specs.length > 0) addModule(whole[1], specs);
      if (whole && specs.length > 0 && /require/.test(whole[0])) defaults.add(whole[1]);
      if (/^\s*export\s+\*\s+from/.test(s) && specs.length > 0) wildcards.push(specs);
      const braces = /\{([^}]*)\}/.exec(s);
      if (braces) {
        for (const part of braces[1].split(',')) {
          // `{ a as b }` (import/export) and `{ a: b }` (destructured require) bind b to a's definition
          const [n, alias] = part
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+|\s*:\s*/)
            .map((x) => x.trim());
          if (!n) continue;
          addName(alias || n, specs);
          if (alias && alias !== n) aliases.set(alias, n);
        }
      }
      const single = /^\s*(?:import|const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?:,|from|=)/.exec(s);
      if (single && single[1] !== 'type') {
        addName(single[1], specs);
        if (specs.length > 0) defaults.add(single[1]);
      }
    }
  }
  return { candidates, names, modules, aliases, nameSources, wildcards, namespaces, defaults };
}

/** The file's directory and its ancestors up to the workspace folder (Java source roots, Python bases). */
export function ancestorDirs(dir: string, folders: readonly string[]): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    out.push(d);
    if (folders.some((f) => path.resolve(f) === d) || path.dirname(d) === d || out.length > 12) break;
  }
  return out;
}

/** Where a Python module path is looked for: relative imports from the file's package, absolute ones from the folders and the file's ancestors. */
function pythonBases(dots: string, dir: string, file: string, folders: readonly string[]): string[] {
  if (dots.length > 0) {
    let base = dir;
    for (let i = 1; i < dots.length; i++) base = path.dirname(base);
    return [base];
  }
  const out = ancestorDirs(dir, folders);
  for (const f of folders) if (!out.includes(path.resolve(f))) out.push(path.resolve(f));
  // A workspace folder that is itself the package (`email/` holding `from email import utils`).
  for (const f of folders) if (!out.includes(path.dirname(path.resolve(f)))) out.push(path.dirname(path.resolve(f)));
  void file;
  return out;
}
