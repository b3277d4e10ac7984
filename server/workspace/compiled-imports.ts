/**
 * Import resolution for Go, Rust, C/C++ and C#, from the import statements the index keeps. As for
 * the other languages, paths are candidates matched against the index, never looked up on disk:
 *
 *   Go     `import alias "mod/path/pkg"`: the package directory, found as the import path's last
 *          one to four elements under the file's directory or an ancestor (no go.mod needed);
 *          the file's own package (its directory) is in scope without an import.
 *   Rust   `use crate::a::b::{X, Y as Z}`, `use super::m::*`, `use self::m`: modules as files
 *          (`a/b.rs`, `a/b/mod.rs`) under the crate's `src` directory.
 *   C/C++  `#include "x/y.h"`: the header beside the file, or under an ancestor or its `include/`;
 *          every name it declares is in scope. `<...>` includes are the system's.
 *   C#     `using A.B.C;`: the files that declare `namespace A.B.C` (NameResolver asks the index),
 *          then the namespace's directory by convention (its last one to three elements under an
 *          ancestor); the file's own namespaces and its directory likewise.
 */
import * as path from 'node:path';

/** What the statements bind; filled by the resolvers below (import-resolution.ts owns the limits). */
export interface ImportSink {
  /** The file's directory and its ancestors up to the workspace folder. */
  ancestors: readonly string[];
  /** Imported files (name lookups prefer definitions in them): not directories. */
  candidates: string[];
  wildcards: string[][];
  namespaces: string[];
  addName(name: string, from?: string[]): void;
  addModule(alias: string, paths: string[]): void;
  alias(local: string, name: string): void;
}

const dirOf = (p: string) => `${p}${path.sep}`;

/** `x/y/z` found as its last 1..max elements under each ancestor: the candidate directories. */
function suffixDirs(parts: readonly string[], ancestors: readonly string[], max: number): string[] {
  const out: string[] = [];
  for (let k = 1; k <= Math.min(max, parts.length); k++)
    for (const a of ancestors) out.push(dirOf(path.join(a, ...parts.slice(parts.length - k))));
  return out;
}

export function goImports(statements: readonly string[], dir: string, sink: ImportSink): void {
  sink.wildcards.push([dirOf(dir)]); // the file's own package
  for (const s of statements) {
    for (const m of s.matchAll(/(?:^|[\n(;])\s*(?:import\s+)?(?:([A-Za-z_][\w]*|\.)\s+)?"([^"\n]+)"/g)) {
      const parts = m[2].split('/').filter(Boolean);
      if (parts.length === 0 || m[1] === '_') continue;
      const dirs = suffixDirs(parts, sink.ancestors, 4);
      if (m[1] === '.') sink.wildcards.push(dirs);
      else sink.addModule(m[1] ?? parts[parts.length - 1].replace(/[^\w]/g, '_'), dirs);
    }
  }
}

/** A Rust file's crate source root, from its ancestors (ancestorDirs()): the nearest `src`, else the workspace folder. */
export function rustCrateSource(ancestors: readonly string[]): string {
  return ancestors.find((a) => path.basename(a) === 'src') ?? ancestors[ancestors.length - 1];
}

export function rustImports(statements: readonly string[], file: string, sink: ImportSink): void {
  const src = rustCrateSource(sink.ancestors);
  const rel = path.relative(src, file).replace(/\.rs$/, '').split(path.sep);
  const here = ['mod', 'lib', 'main'].includes(rel[rel.length - 1]) ? rel.slice(0, -1) : rel;
  const files = (segs: readonly string[]) =>
    segs.length === 0
      ? [path.join(src, 'lib.rs'), path.join(src, 'main.rs')]
      : [`${path.join(src, ...segs)}.rs`, path.join(src, ...segs, 'mod.rs')];
  for (const s of statements) {
    const m = /^\s*(?:pub(?:\([^)]*\))?\s+)?use\s+(?:::)?([\w:]+?)(?:::\{([^{}]*)\}|(::\*))?\s*;/.exec(
      s.replace(/\s+/g, ' '),
    );
    if (!m) continue;
    const segments = m[1].split('::');
    let base: string[];
    if (segments[0] === 'crate') base = segments.slice(1);
    else if (segments[0] === 'self') base = [...here, ...segments.slice(1)];
    else if (segments[0] === 'super') {
      let up = 0;
      while (segments[up] === 'super') up++;
      base = [...here.slice(0, Math.max(0, here.length - up)), ...segments.slice(up)];
    } else base = segments; // `use a::b` for a module the crate root declares (an external crate matches no file)
    const [, , group, star] = m;
    if (star) {
      const mods = files(base);
      sink.candidates.push(...mods);
      sink.wildcards.push(mods);
      continue;
    }
    // `use a::b::X;` is one item of a group `a::b::{X}`.
    const items = group === undefined ? [base.pop()!] : group.split(',');
    for (const item of items) {
      const [name, alias] = item.trim().split(/\s+as\s+/);
      if (!name || !/^[A-Za-z_]\w*$/.test(name)) continue;
      const local = alias ?? name;
      if (name === 'self') {
        sink.addModule(alias ?? base[base.length - 1], files(base));
        continue;
      }
      const from = files(base);
      sink.candidates.push(...from);
      sink.addName(local, from); // a function, type or constant defined in module `base`...
      sink.addModule(local, files([...base, name])); // ...or a module of its own
      if (alias && alias !== name) sink.alias(alias, name);
    }
  }
}

export function includeImports(statements: readonly string[], dir: string, sink: ImportSink): void {
  for (const s of statements) {
    const m = /^\s*#\s*include\s*"([^"\n]+)"/.exec(s);
    if (!m) continue;
    const headers = [path.resolve(dir, m[1])];
    for (const a of sink.ancestors) headers.push(path.join(a, m[1]), path.join(a, 'include', m[1]));
    const unique = [...new Set(headers)];
    sink.candidates.push(...unique);
    sink.wildcards.push(unique);
  }
}

export function csharpImports(statements: readonly string[], dir: string, sink: ImportSink): void {
  sink.wildcards.push([dirOf(dir)]); // the file's own namespace, by convention its directory
  for (const s of statements) {
    const m = /^\s*(?:global\s+)?using\s+([A-Za-z_][\w.]*)\s*;/.exec(s);
    if (!m) continue;
    sink.namespaces.push(m[1]);
    sink.wildcards.push(suffixDirs(m[1].split('.'), sink.ancestors, 3));
  }
}
