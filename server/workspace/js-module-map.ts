/**
 * Where a bare JS/TS import specifier (`@app/utils`, `utils/date`, `@scope/pkg/sub`) points inside
 * the workspace: tsconfig.json / jsconfig.json `compilerOptions.paths` and `baseUrl` (following
 * `extends` to relative files), and the packages of npm/yarn `workspaces` and pnpm-workspace.yaml
 * by their package.json `name`. The map is plain data made once per index build from config files
 * read by the caller's (guarded) reader; resolving a specifier only lists candidate paths, which
 * the caller keeps when the index holds them (excluded files are never in the index).
 */
import * as path from 'node:path';
import { parseLenientJson } from '../text/jsonc';

/** Config files read per build, at most (tsconfig/jsconfig and the files they extend, package.json, pnpm-workspace.yaml). */
export const MAX_CONFIG_FILES = 256;
/** A config file larger than this is not read. */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** `extends` followed at most this deep. */
const MAX_EXTENDS = 8;
const MAX_PATTERNS = 100;
const MAX_TARGETS = 8;
const MAX_PACKAGES = 500;
const JS_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** Build output folders whose sources usually sit in `src/` (a package's `main: dist/index.js`). */
const BUILD_DIR = /^(?:\.\/)?(?:dist|lib|build|out|esm|cjs)\//;

/** One tsconfig/jsconfig: it applies to files under `dir`. */
interface TsScope {
  dir: string;
  baseUrl?: string;
  /** `paths` entries: a pattern (with at most one `*`) and its targets as absolute paths (with the same `*`). */
  paths: { prefix: string; suffix: string; star: boolean; targets: string[] }[];
}

interface WorkspacePackage {
  name: string;
  dir: string;
  /** Subpath (`.`, `./sub`, `./*`) -> targets relative to dir, from `exports`, `types`, `module`, `main`. */
  exports: Map<string, string[]>;
}

/** Reads one workspace file (through the guarded reader); undefined when refused or missing. */
export type ConfigReader = (file: string) => Promise<string | undefined>;

export class JsModuleMap {
  constructor(
    private readonly scopes: readonly TsScope[],
    private readonly packages: ReadonlyMap<string, WorkspacePackage>,
    /** The config files it was made from (listed, or reached by `extends`): a save of one of them remakes it. */
    readonly sources: readonly string[] = [],
  ) {}

  get empty(): boolean {
    return this.scopes.length === 0 && this.packages.size === 0;
  }

  /** Candidate files for a non-relative specifier imported by `fromFile`, best first. */
  candidates(spec: string, fromFile: string): string[] {
    const out: string[] = [];
    const scope = this.scopeOf(fromFile);
    if (scope) {
      // The pattern with the longest prefix wins (exact patterns first), as in TypeScript.
      let best: TsScope['paths'][number] | undefined;
      for (const p of scope.paths) {
        const matches = p.star
          ? spec.length >= p.prefix.length + p.suffix.length && spec.startsWith(p.prefix) && spec.endsWith(p.suffix)
          : spec === p.prefix;
        if (
          matches &&
          (!best || (!p.star && best.star) || (p.star === best.star && p.prefix.length > best.prefix.length))
        )
          best = p;
      }
      if (best) {
        const star = best.star ? spec.slice(best.prefix.length, spec.length - best.suffix.length) : '';
        for (const t of best.targets) out.push(...moduleFileCandidates(t.replace('*', star)));
      }
      if (scope.baseUrl) out.push(...moduleFileCandidates(path.join(scope.baseUrl, spec)));
    }
    const pkg = this.packageOf(spec);
    if (pkg) {
      const sub = spec === pkg.name ? '.' : `.${spec.slice(pkg.name.length)}`;
      out.push(...packageCandidates(pkg, sub));
    }
    return out;
  }

  /** The nearest tsconfig/jsconfig above the file. */
  private scopeOf(file: string): TsScope | undefined {
    let best: TsScope | undefined;
    for (const s of this.scopes) if (isUnder(file, s.dir) && (!best || s.dir.length > best.dir.length)) best = s;
    return best;
  }

  private packageOf(spec: string): WorkspacePackage | undefined {
    const parts = spec.split('/');
    const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    return this.packages.get(name);
  }
}

export const EMPTY_MODULE_MAP = new JsModuleMap([], new Map());

const CONFIG_NAMES = new Set(['tsconfig.json', 'jsconfig.json', 'package.json', 'pnpm-workspace.yaml']);

/** A file the map is made from, by its name (tsconfig.json, package.json, ...). */
export function isModuleConfig(file: string): boolean {
  return CONFIG_NAMES.has(path.basename(file));
}

/** `p` as a module: the file itself, with an extension, a TS source for a JS name, or its index file. */
export function moduleFileCandidates(p: string): string[] {
  const out = [p];
  const stem = /\.(?:m|c)?js$/.test(p) ? p.replace(/\.(?:m|c)?js$/, '') : undefined;
  if (stem) out.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`);
  for (const ext of JS_EXTENSIONS) out.push(`${p}${ext}`);
  for (const ext of JS_EXTENSIONS) out.push(path.join(p, `index${ext}`));
  return out;
}

function packageCandidates(pkg: WorkspacePackage, sub: string): string[] {
  const targets = [...(pkg.exports.get(sub) ?? [])];
  for (const [key, list] of pkg.exports) {
    const star = key.indexOf('*');
    if (star === -1 || !sub.startsWith(key.slice(0, star)) || !sub.endsWith(key.slice(star + 1))) continue;
    const middle = sub.slice(star, sub.length - (key.length - star - 1));
    targets.push(...list.map((t) => t.replace('*', middle)));
  }
  if (sub !== '.') targets.push(sub, `./src/${sub.slice(2)}`);
  else targets.push('./src/index', './index');
  const out: string[] = [];
  for (const t of targets) {
    // A built file (`dist/x.js`, `lib/x.d.ts`) is looked for as its source in `src/` too.
    out.push(...moduleFileCandidates(path.join(pkg.dir, t)));
    if (BUILD_DIR.test(t))
      out.push(
        ...moduleFileCandidates(path.join(pkg.dir, t.replace(BUILD_DIR, 'src/').replace(/(\.d)?\.[cm]?[jt]sx?$/, ''))),
      );
  }
  return [...new Set(out)];
}

function isUnder(file: string, dir: string): boolean {
  return file.startsWith(dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the config files among `files` (the walker's listing: gitignored and excluded files are
 * not in it) and makes the map. Every read goes through `read`; at most MAX_CONFIG_FILES reads.
 */
export async function loadJsModuleMap(files: readonly string[], read: ConfigReader): Promise<JsModuleMap> {
  let reads = 0;
  const cache = new Map<string, Promise<unknown>>();
  const readJson = (file: string): Promise<unknown> => {
    let p = cache.get(file);
    if (!p) {
      p =
        reads++ < MAX_CONFIG_FILES
          ? read(file).then((t) => (t === undefined ? undefined : parseLenientJson(t)))
          : Promise.resolve(undefined);
      cache.set(file, p);
    }
    return p;
  };
  const configs = files.filter(isModuleConfig);
  const scopes: TsScope[] = [];
  const byDir = new Map<string, string>();
  for (const f of configs) {
    const base = path.basename(f);
    // tsconfig.json wins over jsconfig.json in the same folder, as in editors.
    if (base === 'tsconfig.json' || (base === 'jsconfig.json' && byDir.get(path.dirname(f)) !== 'tsconfig.json'))
      byDir.set(path.dirname(f), base);
  }
  for (const [dir, base] of [...byDir].sort()) {
    const scope = await tsScope(path.join(dir, base), readJson);
    if (scope && (scope.baseUrl || scope.paths.length > 0)) scopes.push(scope);
  }
  const packages = new Map<string, WorkspacePackage>();
  const manifests = configs.filter((f) => path.basename(f) === 'package.json').sort();
  const globsByRoot: { root: string; globs: string[] }[] = [];
  for (const f of configs.filter((x) => path.basename(x) === 'pnpm-workspace.yaml').sort()) {
    const text = await (reads++ < MAX_CONFIG_FILES ? read(f) : Promise.resolve(undefined));
    if (text !== undefined) globsByRoot.push({ root: path.dirname(f), globs: pnpmPackages(text) });
  }
  // The top-most manifests (no package.json above them) are the ones that declare workspaces.
  const manifestDirs = new Set(manifests.map((m) => path.dirname(m)));
  const shallow = manifests.filter((m) => {
    for (let d = path.dirname(m); d !== path.dirname(d); ) {
      d = path.dirname(d);
      if (manifestDirs.has(d)) return false;
    }
    return true;
  });
  for (const f of shallow) {
    const json = await readJson(f);
    const ws = isObject(json) ? json.workspaces : undefined;
    const globs = Array.isArray(ws) ? ws : isObject(ws) && Array.isArray(ws.packages) ? ws.packages : [];
    const strings = globs.filter((g): g is string => typeof g === 'string');
    if (strings.length > 0) globsByRoot.push({ root: path.dirname(f), globs: strings });
  }
  for (const { root, globs } of globsByRoot) {
    const include = globs.filter((g) => !g.startsWith('!')).map(globRegExp);
    const exclude = globs.filter((g) => g.startsWith('!')).map((g) => globRegExp(g.slice(1)));
    for (const m of manifests) {
      const dir = path.dirname(m);
      if (dir === root || !isUnder(dir, root) || packages.size >= MAX_PACKAGES) continue;
      const rel = path.relative(root, dir).split(path.sep).join('/');
      if (!include.some((r) => r.test(rel)) || exclude.some((r) => r.test(rel))) continue;
      const json = await readJson(m);
      if (!isObject(json) || typeof json.name !== 'string' || packages.has(json.name)) continue;
      packages.set(json.name, { name: json.name, dir, exports: packageExports(json) });
    }
  }
  return new JsModuleMap(scopes, packages, [...new Set([...configs, ...cache.keys()])].sort());
}

/** A tsconfig's effective baseUrl and paths, `extends` (relative files) followed. */
async function tsScope(file: string, readJson: (f: string) => Promise<unknown>): Promise<TsScope | undefined> {
  let baseUrl: string | undefined;
  let paths: { dir: string; value: Record<string, unknown> } | undefined;
  const seen = new Set<string>();
  // The chain from the file to its furthest base; the nearest setting wins.
  const chain: { dir: string; options: Record<string, unknown> }[] = [];
  const next: string[] = [file];
  while (next.length > 0 && chain.length < MAX_EXTENDS) {
    const f = next.shift()!;
    if (seen.has(f)) continue;
    seen.add(f);
    const json = await readJson(f);
    if (!isObject(json)) {
      if (f === file) return undefined;
      continue;
    }
    chain.push({ dir: path.dirname(f), options: isObject(json.compilerOptions) ? json.compilerOptions : {} });
    const ext = typeof json.extends === 'string' ? [json.extends] : Array.isArray(json.extends) ? json.extends : [];
    // With several bases the later one wins: visit it first.
    for (const e of [...ext].reverse())
      if (typeof e === 'string' && /^\.{1,2}\//.test(e)) next.push(extendsTarget(path.dirname(f), e));
  }
  for (const { dir, options } of chain) {
    if (baseUrl === undefined && typeof options.baseUrl === 'string') baseUrl = path.resolve(dir, options.baseUrl);
    if (paths === undefined && isObject(options.paths)) paths = { dir, value: options.paths };
  }
  const scope: TsScope = { dir: path.dirname(file), ...(baseUrl ? { baseUrl } : {}), paths: [] };
  if (paths) {
    // Targets are relative to baseUrl when there is one, else to the config that holds `paths`.
    const from = baseUrl ?? paths.dir;
    for (const [pattern, targets] of Object.entries(paths.value).slice(0, MAX_PATTERNS)) {
      if (!Array.isArray(targets) || (pattern.match(/\*/g) ?? []).length > 1) continue;
      const star = pattern.indexOf('*');
      scope.paths.push({
        prefix: star === -1 ? pattern : pattern.slice(0, star),
        suffix: star === -1 ? '' : pattern.slice(star + 1),
        star: star !== -1,
        targets: targets
          .filter((t): t is string => typeof t === 'string' && (t.match(/\*/g) ?? []).length <= 1)
          .slice(0, MAX_TARGETS)
          .map((t) => path.resolve(from, t)),
      });
    }
  }
  return scope;
}

function extendsTarget(dir: string, spec: string): string {
  const p = path.resolve(dir, spec);
  return p.endsWith('.json') ? p : `${p}.json`;
}

/** Subpath -> targets from `exports` (a string, conditions, or subpaths with conditions), then types/module/main. */
function packageExports(json: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (sub: string, v: unknown, depth = 0) => {
    if (depth > 4) return;
    if (typeof v === 'string') out.set(sub, [...(out.get(sub) ?? []), v]);
    else if (Array.isArray(v)) for (const x of v) add(sub, x, depth + 1);
    else if (isObject(v)) for (const x of Object.values(v)) add(sub, x, depth + 1);
  };
  const exp = json.exports;
  if (isObject(exp) && Object.keys(exp).some((k) => k.startsWith('.')))
    for (const [k, v] of Object.entries(exp).slice(0, MAX_PATTERNS)) add(k, v);
  else if (exp !== undefined) add('.', exp);
  for (const k of ['source', 'types', 'typings', 'module', 'main']) if (typeof json[k] === 'string') add('.', json[k]);
  for (const [k, list] of out)
    out.set(
      k,
      [...new Set(list)].slice(0, MAX_TARGETS).map((t) => (t.startsWith('.') ? t : `./${t}`)),
    );
  return out;
}

/** The `packages:` list of a pnpm-workspace.yaml (a block list of plain or quoted globs). */
export function pnpmPackages(text: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const raw of text.split('\n').slice(0, 1000)) {
    const line = raw.replace(/\s+#.*$/, '').trimEnd();
    if (/^packages\s*:\s*$/.test(line)) inside = true;
    else if (inside && /^\S/.test(line)) inside = false;
    else if (inside) {
      const m = /^\s*-\s*(['"]?)(.+?)\1\s*$/.exec(line);
      if (m) out.push(m[2]);
    }
  }
  return out.slice(0, MAX_PATTERNS);
}

/** A workspaces glob (`packages/*`, `apps/**`, `tools/cli`) as a test of a folder path relative to the root. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/^\.\//, '')
    .replace(/\/+$/, '')
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part.startsWith('**') ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body.replace(/\(\?:\.\*\/\)\?$/, '.*')}$`);
}
