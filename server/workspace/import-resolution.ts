/**
 * Which indexed files a file imports, and which names it imports, read from its import
 * statements: Python `from .x import y`, `from pkg.mod import y`, `import pkg.mod`; TS/JS
 * `import {y} from './x'`, `export … from './x'`, `require('./x')` with extension and index
 * resolution. Paths are only matched against the index (no file system access here); package
 * imports (`react`, `os`) resolve to nothing unless the workspace holds them.
 */
import * as path from 'node:path';

export interface ImportInfo {
  /** Absolute paths of imported files, as candidates (the caller keeps those it knows). */
  candidates: string[];
  /** Names the file imports, in statement order, each once. */
  names: string[];
  /** Names bound to a whole module (`from . import events`, `import * as ns from './x'`, `const x_1 = require('./x')`), with that module's candidate paths. */
  modules: Map<string, string[]>;
}

const MAX_NAMES = 64;
const JS_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** `grammar`: the current file's grammar name (python, typescript, tsx, javascript). */
export function importInfo(grammar: string | undefined, file: string, statements: readonly string[], folders: readonly string[]): ImportInfo {
  const candidates: string[] = [];
  const names: string[] = [];
  const modules = new Map<string, string[]>();
  const addModule = (alias: string, paths: string[]) => {
    if (/^[A-Za-z_$][\w$]*$/.test(alias) && !modules.has(alias) && modules.size < MAX_NAMES) modules.set(alias, paths);
  };
  const addName = (n: string) => {
    if (/^[A-Za-z_$][\w$]*$/.test(n) && !names.includes(n) && names.length < MAX_NAMES) names.push(n);
  };
  const dir = path.dirname(file);
  if (grammar === 'python') {
    for (const s of statements) {
      const flat = s.replace(/[()\\\n]/g, ' ');
      const from = /^\s*from\s+(\.*)([\w.]*)\s+import\s+(.+)$/s.exec(flat);
      if (from) {
        const pairs = from[3].split(',').map((x) => x.trim().split(/\s+as\s+/).map((y) => y.trim())).filter((x) => x[0] && x[0] !== '*');
        const imported = pairs.map((x) => x[0]);
        imported.forEach(addName);
        const asModule = new Map<string, string[]>();
        for (const base of pythonBases(from[1], dir, file, folders)) {
          const mod = from[2] ? path.join(base, ...from[2].split('.')) : base;
          candidates.push(`${mod}.py`, path.join(mod, '__init__.py'));
          for (const [n, alias] of pairs) {
            const paths = [path.join(mod, `${n}.py`), path.join(mod, n, '__init__.py')];
            candidates.push(...paths);
            asModule.set(alias ?? n, [...(asModule.get(alias ?? n) ?? []), ...paths]);
          }
        }
        for (const [alias, paths] of asModule) addModule(alias, paths);
        continue;
      }
      const plain = /^\s*import\s+(.+)$/s.exec(flat);
      if (plain) {
        for (const part of plain[1].split(',')) {
          const [mod, alias] = part.trim().split(/\s+as\s+/).map((y) => y.trim());
          if (!/^[\w.]+$/.test(mod)) continue;
          const paths: string[] = [];
          for (const base of pythonBases('', dir, file, folders)) {
            const p = path.join(base, ...mod.split('.'));
            paths.push(`${p}.py`, path.join(p, '__init__.py'));
          }
          candidates.push(...paths);
          if (alias || !mod.includes('.')) addModule(alias ?? mod, paths);
        }
      }
    }
  } else {
    for (const s of statements) {
      const specs: string[] = [];
      for (const m of s.matchAll(/(?:from\s*|require\s*\(\s*|import\s*\(\s*|^\s*import\s+)(['"])([^'"\n]+)\1/g)) {
        const spec = m[2];
        if (spec.startsWith('.')) specs.push(...jsCandidates(path.resolve(dir, spec)));
      }
      candidates.push(...specs);
      const whole = /^\s*import\s+\*\s+as\s+([A-Za-z_$][\w$]*)/.exec(s) ?? /^\s*(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\s*\(/.exec(s);
      if (whole && specs.length > 0) addModule(whole[1], specs);
      const braces = /\{([^}]*)\}/.exec(s);
      if (braces) for (const part of braces[1].split(',')) addName(part.trim().replace(/^type\s+/, '').split(/\s+as\s+|\s*:\s*/)[0].trim());
      const single = /^\s*(?:import|const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?:,|from|=)/.exec(s);
      if (single && single[1] !== 'type') addName(single[1]);
    }
  }
  return { candidates, names, modules };
}

/** Where a Python module path is looked for: relative imports from the file's package, absolute ones from the folders and the file's ancestors. */
function pythonBases(dots: string, dir: string, file: string, folders: readonly string[]): string[] {
  if (dots.length > 0) {
    let base = dir;
    for (let i = 1; i < dots.length; i++) base = path.dirname(base);
    return [base];
  }
  const out: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    out.push(d);
    if (folders.some((f) => path.resolve(f) === d) || path.dirname(d) === d || out.length > 12) break;
  }
  for (const f of folders) if (!out.includes(path.resolve(f))) out.push(path.resolve(f));
  // A workspace folder that is itself the package (`email/` holding `from email import utils`).
  for (const f of folders) if (!out.includes(path.dirname(path.resolve(f)))) out.push(path.dirname(path.resolve(f)));
  void file;
  return out;
}

function jsCandidates(p: string): string[] {
  const out = [p];
  const stem = /\.(?:m|c)?js$/.test(p) ? p.replace(/\.(?:m|c)?js$/, '') : undefined;
  if (stem) out.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`);
  for (const ext of JS_EXTENSIONS) out.push(`${p}${ext}`);
  for (const ext of JS_EXTENSIONS) out.push(path.join(p, `index${ext}`));
  return out;
}
