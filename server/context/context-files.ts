import type { ContextFile } from '../model/input';
import { commentSyntax } from '../syntax/lexical-rules';
import { commentLine } from '../text/languages';
import { compare } from './order';
import type { Snippet } from './snippet';
import { estimateTokens } from './tokens';

/** Tokens a FIM template spends around each context file (file separator, path line break). */
export const FILE_OVERHEAD_TOKENS = 3;
/** Upper bound for one `// ...` line between two pieces of the same file (`<!-- ... -->` is 4). */
export const SEPARATOR_TOKENS = 4;

/** The most a snippet from `path` can cost on top of its text: a separator and, if new, the file's path and overhead. */
export function snippetOverhead(path: string): number {
  return SEPARATOR_TOKENS + estimateTokens(path) + FILE_OVERHEAD_TOKENS;
}

/**
 * Snippets from other files, chosen within a budget (rendered by renderContextFiles).
 * Every snippet is charged its text plus a separator line, every new path its name plus the
 * template overhead, so the rendered files never cost more than what was charged.
 */
export class ContextFileSet {
  private readonly chosen: Snippet[] = [];
  private readonly paths = new Set<string>();
  private spent = 0;

  get tokens(): number {
    return this.spent;
  }

  get snippets(): readonly Snippet[] {
    return this.chosen;
  }

  /** Takes candidates in the given order while they fit `budget` tokens; returns what was spent. */
  take(candidates: readonly Snippet[], budget: number): number {
    let used = 0;
    for (const s of candidates) {
      if (this.covered(s)) continue;
      const cost =
        estimateTokens(s.text) +
        SEPARATOR_TOKENS +
        (this.paths.has(s.path) ? 0 : estimateTokens(s.path) + FILE_OVERHEAD_TOKENS);
      if (used + cost > budget) continue;
      used += cost;
      this.chosen.push(s);
      this.paths.add(s.path);
    }
    this.spent += used;
    return used;
  }

  // A snippet whose text another chosen snippet of the same file already shows adds nothing.
  private covered(s: Snippet): boolean {
    const needle = s.text.trim();
    return this.chosen.some((c) => c.path === s.path && c.text.includes(needle));
  }
}

/**
 * One file per path, pieces in file order joined by `...` comment lines. Files ordered least
 * relevant first, so the most relevant sits right before the current file, where models look most.
 */
export function renderContextFiles(snippets: readonly Snippet[]): ContextFile[] {
  const byPath = new Map<string, Snippet[]>();
  for (const s of snippets) {
    const list = byPath.get(s.path);
    if (list) list.push(s);
    else byPath.set(s.path, [s]);
  }
  const files = [...byPath.entries()].map(([path, list]) => {
    list.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || compare(a.text, b.text));
    const syntax = commentSyntax('', path);
    const separator = `${syntax ? commentLine(syntax, '...') : '...'}\n`;
    return {
      file: { path, text: list.map((s) => s.text).join(separator) },
      priority: Math.min(...list.map((s) => s.priority)),
      score: Math.max(...list.map((s) => s.score)),
    };
  });
  files.sort((a, b) => b.priority - a.priority || a.score - b.score || compare(a.file.path, b.file.path));
  return files.map((f) => f.file);
}

/** What rendered context files cost, by the same estimator. */
export function contextFileTokens(files: readonly ContextFile[]): number {
  return files.reduce((sum, f) => sum + estimateTokens(f.path) + FILE_OVERHEAD_TOKENS + estimateTokens(f.text), 0);
}
