/**
 * .gitignore rules for the workspace walk: comments, `!` negation, trailing `/` (directories only),
 * patterns with a `/` anchored to the .gitignore's folder, others matching a name at any depth,
 * and the glob syntax of privacy/glob.ts (`*`, `?`, `**`, classes). The last matching rule wins.
 */
import { globToRegExp } from '../privacy/glob';

interface Rule {
  regex: RegExp;
  negated: boolean;
  dirOnly: boolean;
  /** Matched against the path relative to the .gitignore's folder; otherwise against the name. */
  anchored: boolean;
}

export interface IgnoreFile {
  /** '/'-separated folder the rules are relative to. */
  base: string;
  rules: Rule[];
}

export function parseGitignore(text: string, base: string): IgnoreFile {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let p = raw.replace(/(?<!\\)\s+$/, '');
    if (p === '' || p.startsWith('#')) continue;
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1);
    const dirOnly = p.endsWith('/');
    if (dirOnly) p = p.replace(/\/+$/, '');
    const anchored = p.includes('/');
    p = p.replace(/^\//, '');
    if (p === '') continue;
    rules.push({ regex: globToRegExp(p), negated, dirOnly, anchored });
  }
  return { base: base.replace(/\/+$/, ''), rules };
}

/**
 * Whether `path` ('/'-separated, absolute) is ignored by the given files, outermost first. The walk
 * never enters an ignored folder, so only the entry itself needs testing.
 */
export function isIgnored(files: readonly IgnoreFile[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const file of files) {
    if (!path.startsWith(`${file.base}/`)) continue;
    const rel = path.slice(file.base.length + 1);
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    for (const rule of file.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(rule.anchored ? rel : name)) ignored = !rule.negated;
    }
  }
  return ignored;
}
