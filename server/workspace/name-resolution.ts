/**
 * Where a name used in a file is defined, from the workspace index and the file's imports: a name
 * bound by an import is followed to its module (through `__init__.py` and `export … from`
 * re-exports), then names from `*` imports and the file's own Java package, then the workspace by
 * name when the name is rare enough to mean one thing. Members are found in a class, its bases
 * (followed in the scope of the class's own file), or by name among imported files.
 */
import * as path from 'node:path';
import { rustCrateSource } from './compiled-imports';
import {
  DETACHED_METHODS,
  type IndexedDefinition,
  type IndexedFile,
  type WorkspaceDefinitionIndex,
} from './definition-index';
import { ancestorDirs, importInfo, type ImportInfo } from './import-resolution';

export interface Found {
  file: IndexedFile;
  def: IndexedDefinition;
}

/** Re-exports followed at most this deep (`pkg/__init__.py` -> `pkg/sub/__init__.py` -> `pkg/sub/x.py`). */
const MAX_DEPTH = 3;
/** A name looked up by name alone across the workspace counts when at most this many files define it. */
const MAX_BY_NAME = 2;
const MAX_BASES = 4;
/** What a type name or a `Name.` receiver can be: something with members. */
const TYPE_KINDS = new Set(['class', 'interface', 'enum', 'type', 'module', 'other']);

/** Import information of indexed files, per stored entry (a re-indexed file gets a new entry) and module map. */
const infoOf = new WeakMap<IndexedFile, { modules: unknown; info: ImportInfo }>();

export class NameResolver {
  private readonly imported: Set<string>;

  constructor(
    private readonly index: WorkspaceDefinitionIndex,
    private readonly file: string | undefined,
    private readonly info: ImportInfo,
    private readonly folders: readonly string[],
  ) {
    this.imported = new Set(info.candidates);
  }

  /** The resolver of another indexed file, for names used there (a base class's own bases). */
  forFile(file: IndexedFile): NameResolver {
    const modules = this.index.modules;
    let known = infoOf.get(file);
    if (known?.modules !== modules) {
      known = { modules, info: importInfo(file.grammar, file.path, file.imports, this.folders, modules) };
      infoOf.set(file, known);
    }
    return new NameResolver(this.index, file.path, known.info, this.folders);
  }

  /** True when `name` is bound by an import of this file (so a use of it is not a local definition). */
  isImported(name: string): boolean {
    return this.info.nameSources.has(name) || this.info.modules.has(name);
  }

  /** Top-level definitions of a name used in the file, best first (empty when unknown or too ambiguous). */
  topLevel(name: string): Found[] {
    const target = this.info.aliases.get(name) ?? name;
    const sources = this.info.nameSources.get(name);
    if (sources) {
      const found = this.inFiles(sources, target, 0);
      if (found.length > 0) return found;
      const exported = this.info.defaults.has(name) ? this.soleClass(sources) : undefined;
      if (exported) return [exported];
    }
    const declared = this.inNamespaces(target);
    if (declared.length > 0) return declared;
    for (const group of this.info.wildcards) {
      const found = this.inWildcard(group, target, 0);
      if (found.length > 0) return found;
    }
    const out: Found[] = [];
    const stems = new Set<string>();
    for (const p of this.index.pathsDefining(target, 'top')) {
      if (p === this.file) continue;
      const f = this.index.file(p)!;
      const def = f.definitions.find((d) => !d.container && d.name === target);
      if (!def) continue;
      out.push({ file: f, def });
      if (stems.add(moduleStem(p)).size > MAX_BY_NAME) return []; // too common to mean one thing
    }
    return out
      .sort((a, b) => Number(this.imported.has(b.file.path)) - Number(this.imported.has(a.file.path)))
      .slice(0, MAX_BY_NAME);
  }

  /**
   * C#: `name` in a file that declares one of the namespaces in scope (`using A.B;`, and the file's
   * own), wherever that file is: a namespace need not match its directory.
   */
  private inNamespaces(name: string): Found[] {
    const namespaces = this.namespacesInScope();
    if (namespaces.length === 0) return [];
    const out: Found[] = [];
    for (const p of this.index.pathsDefining(name, 'top')) {
      if (p === this.file) continue;
      const f = this.index.file(p)!;
      if (f.grammar !== 'csharp' || !f.definitions.some((d) => d.kind === 'module' && namespaces.includes(d.name)))
        continue;
      const def = f.definitions.find((d) => !d.container && d.name === name && d.kind !== 'module');
      if (def && out.push({ file: f, def }) >= MAX_BY_NAME) break;
    }
    return out;
  }

  /** C#: the namespaces `using` brings in and those the file declares; worked out once per resolver (topLevel asks per name). */
  private namespacesInScope(): readonly string[] {
    if (this.namespaces) return this.namespaces;
    const own = this.file === undefined ? undefined : this.index.file(this.file);
    const declared =
      own?.grammar === 'csharp' ? own.definitions.filter((d) => d.kind === 'module' && !d.container) : [];
    this.namespaces = [...this.info.namespaces, ...declared.map((d) => d.name)];
    return this.namespaces;
  }

  private namespaces: readonly string[] | undefined;

  /** `alias.name` with alias bound to a module (`a.b` for `import a.b`). */
  inModule(alias: string, name: string): Found[] {
    const paths = this.info.modules.get(alias);
    return paths ? this.inFiles(paths, name, 0) : [];
  }

  /** The top-level types of the packages whose every name is in scope (Java: the file's own package, `import a.b.*`). */
  packageTypes(max: number): Found[] {
    const out: Found[] = [];
    for (const group of this.info.wildcards)
      for (const dir of group.filter((g) => g.endsWith(path.sep)))
        for (const f of this.index.filesIn(dir)) {
          if (f.path === this.file) continue;
          for (const def of f.definitions)
            if (!def.container && TYPE_KINDS.has(def.kind) && out.length < max) out.push({ file: f, def });
        }
    return out;
  }

  /** The first indexed file among a module's candidates (for listing its names). */
  moduleFile(alias: string): IndexedFile | undefined {
    for (const p of this.info.modules.get(alias) ?? []) {
      const f = this.index.file(p);
      if (f) return f;
    }
    return undefined;
  }

  /**
   * The members of a type: those in its file (membersInFile()) and methods declared apart in other
   * files: Go, in the package's other files; Rust, `impl` blocks in the crate's other files.
   */
  members(cls: Found): Found[] {
    const own = membersInFile(cls);
    if (!DETACHED_METHODS.has(cls.file.grammar)) return own;
    // Go: the package's other files (its directory); Rust: the crate's (under its `src`).
    const dir = path.dirname(cls.file.path);
    const crate = cls.file.grammar === 'rust' ? `${rustCrateSource(ancestorDirs(dir, this.folders))}${path.sep}` : '';
    for (const p of this.index.pathsDeclaringMembersOf(cls.def.name)) {
      const f = this.index.file(p)!;
      if (f === cls.file || f.grammar !== cls.file.grammar) continue;
      if (cls.file.grammar === 'go' ? path.dirname(p) !== dir : !p.startsWith(crate)) continue;
      for (const def of f.definitions) if (def.container === cls.def.name) own.push({ file: f, def });
    }
    return own;
  }

  /** A member of a class (methods and fields), looked for in the class and then its bases. */
  member(cls: Found, name: string, depth = 0): Found[] {
    const own = this.members(cls).filter((m) => m.def.name === name);
    if (own.length > 0 || depth >= MAX_DEPTH) return own;
    const scope = this.forFile(cls.file);
    for (const base of baseNames(cls.def.line)) {
      for (const b of scope.classNamed(base)) {
        const found = this.member(b, name, depth + 1);
        if (found.length > 0) return found;
      }
    }
    return [];
  }

  /** The class a (possibly dotted: `mod.Name`) type name refers to, from this file's scope. */
  classNamed(typeName: string): Found[] {
    const dot = typeName.lastIndexOf('.');
    const found = dot > 0 ? this.inModule(typeName.slice(0, dot), typeName.slice(dot + 1)) : this.topLevel(typeName);
    return found.filter((f) => TYPE_KINDS.has(f.def.kind));
  }

  /** Base class names written in a class header (`class A(B, m.C):`, `class A extends B implements C, D {`). */
  basesOf(headerLine: string): string[] {
    return baseNames(headerLine);
  }

  /** A method used as `x.name(` with an unknown receiver: imported files first, else a rare name across the workspace. */
  methodByName(name: string): Found[] {
    const paths = this.index.pathsDefining(name, 'member').filter((p) => p !== this.file);
    const fromImported = this.methodsIn(
      paths.filter((p) => this.imported.has(p)),
      name,
    );
    // Too many among the imported files gives none here, and so does the whole workspace.
    if (fromImported.length > 0) return fromImported;
    return this.methodsIn(paths, name);
  }

  /** Methods named `name` in these files, in order; none once there are more than MAX_BY_NAME. */
  private methodsIn(paths: readonly string[], name: string): Found[] {
    const out: Found[] = [];
    for (const p of paths) {
      const f = this.index.file(p)!;
      for (const d of f.definitions)
        if (d.name === name && d.container && (d.kind === 'method' || d.kind === 'function')) {
          if (out.push({ file: f, def: d }) > MAX_BY_NAME) return [];
        }
    }
    return out;
  }

  /**
   * A default import bound under another name (`const Cmd = require('./base')` where base.js ends
   * with `module.exports = BaseCommand`): the module's only top-level class, when it has one.
   */
  private soleClass(paths: readonly string[]): Found | undefined {
    for (const p of paths) {
      const f = this.index.file(p);
      if (!f) continue;
      const classes = f.definitions.filter((d) => !d.container && d.kind === 'class');
      return classes.length === 1 ? { file: f, def: classes[0] } : undefined;
    }
    return undefined;
  }

  private inFiles(paths: readonly string[], name: string, depth: number): Found[] {
    const seen = new Set<string>();
    for (const p of paths) {
      if (seen.has(p)) continue;
      seen.add(p);
      if (p.endsWith(path.sep)) {
        // A Go package: the name in any of the directory's files.
        const found = this.inWildcard([p], name, depth);
        if (found.length > 0) return found;
        continue;
      }
      const f = this.index.file(p);
      if (!f) continue;
      // Every top-level definition of the name: declarations merge (`interface Message` and `namespace Message`).
      const defs = f.definitions.filter((d) => !d.container && d.name === name);
      if (defs.length > 0) return defs.slice(0, MAX_BY_NAME).map((def) => ({ file: f, def }));
      if (depth >= MAX_DEPTH) continue;
      // Re-exported: `from .x import name` in `__init__.py`, `export { name } from './x'`, `export * from './x'`.
      const scope = this.forFile(f);
      const again = scope.info.nameSources.get(name);
      if (again) {
        const found = scope.inFiles(again, scope.info.aliases.get(name) ?? name, depth + 1);
        if (found.length > 0) return found;
      }
      for (const group of scope.info.wildcards) {
        if (group.some((g) => g.endsWith(path.sep))) continue; // a Java file's own package is not re-exported
        const found = scope.inFiles(group, name, depth + 1);
        if (found.length > 0) return found;
      }
    }
    return [];
  }

  private inWildcard(group: readonly string[], name: string, depth: number): Found[] {
    const dirs = group.filter((g) => g.endsWith(path.sep));
    if (dirs.length === 0) return this.inFiles(group, name, depth);
    const out: Found[] = [];
    for (const p of this.index.pathsDefining(name, 'top')) {
      if (p === this.file || !dirs.includes(`${path.dirname(p)}${path.sep}`)) continue;
      const f = this.index.file(p)!;
      const def = f.definitions.find((d) => !d.container && d.name === name);
      if (def) out.push({ file: f, def });
    }
    return out.slice(0, MAX_BY_NAME);
  }
}

/** The members of a class entry in its own file, in file order (for Go and Rust wherever they are declared in it). */
export function membersInFile(cls: Found): Found[] {
  const detached = DETACHED_METHODS.has(cls.file.grammar);
  return cls.file.definitions
    .filter(
      (m) =>
        m.container === cls.def.name &&
        m !== cls.def &&
        (detached || (m.start > cls.def.start && m.end <= cls.def.end)),
    )
    .map((def) => ({ file: cls.file, def }));
}

function baseNames(line: string): string[] {
  const py = /^\s*class\s+[\w$]+\s*\(([^)]*)\)/.exec(line);
  const list = py
    ? py[1]
    : (/\b(?:extends|implements)\s+([^{]+)/.exec(line)?.[1] ?? '').replace(/\b(?:extends|implements)\b/g, ',');
  return list
    .replace(/<[^<>]*>/g, '')
    .split(',')
    .map((b) => b.trim())
    .filter((b) => /^[A-Za-z_$][\w$.]*$/.test(b) && !/=/.test(b) && b !== 'object')
    .slice(0, MAX_BASES);
}

/** `x.js`, `x.d.ts` and `x.ts` are one module. */
function moduleStem(file: string): string {
  return file.replace(/(\.d)?\.[cm]?[jt]sx?$/, '');
}
