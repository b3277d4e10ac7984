/**
 * An index of dependency source code by hashes of normalised token windows. Only hashes and a
 * (file, line) per window are kept, never the text. A suggestion is a reference when the windows it
 * shares with one file cover at least `minChars` characters of its tokens (white space not counted).
 */
import { codeTokens, windowHashes } from './hashing';
import type { DependencyPackage } from './dependencies';

/** Tokens per window: about 60–80 characters of code. */
export const WINDOW_TOKENS = 16;
/** One window in SAMPLE is kept (by its hash, the same on both sides): a quarter of the memory. */
const SAMPLE = 4;
const LINE_BITS = 0x100000; // lines < 2^20
/** Most windows held (~40 MB at worst). */
const MAX_WINDOWS = 1_500_000;
/** Most tokens of one suggestion looked at. */
const MAX_SUGGESTION_TOKENS = 3000;

export interface ReferenceOrigin {
  package: string;
  version: string;
  /** Path relative to the workspace folder. */
  file: string;
  /** 1-based line in that file where the matching code starts. */
  line: number;
  licence: string | undefined;
  /** Characters (white space not counted) of the suggestion that match. */
  chars: number;
}

interface IndexedFile {
  pkg: number;
  file: string;
}

export class ReferenceIndex {
  private readonly windows = new Map<number, number>();
  private readonly files: IndexedFile[] = [];
  private readonly packages: DependencyPackage[] = [];

  get fileCount(): number {
    return this.files.length;
  }
  get windowCount(): number {
    return this.windows.size;
  }
  get full(): boolean {
    return this.windows.size >= MAX_WINDOWS;
  }

  addPackage(pkg: DependencyPackage): number {
    this.packages.push(pkg);
    return this.packages.length - 1;
  }

  /** Indexes one file's text; `file` is how the origin names it. */
  addFile(pkg: number, file: string, text: string): void {
    if (this.full || this.files.length >= Math.floor(Number.MAX_SAFE_INTEGER / LINE_BITS)) return;
    const id = this.files.length;
    this.files.push({ pkg, file });
    const tokens = codeTokens(text);
    const hashes = windowHashes(
      tokens.map((t) => t.hash),
      WINDOW_TOKENS,
    );
    let line = 1;
    let at = 0;
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      if (h % SAMPLE !== 0 || this.windows.has(h)) continue;
      const offset = tokens[i].offset;
      for (; at < offset; at++) if (text.charCodeAt(at) === 10) line++;
      this.windows.set(h, id * LINE_BITS + Math.min(line, LINE_BITS - 1));
      if (this.windows.size >= MAX_WINDOWS) return;
    }
  }

  /** The file the suggestion copies the most of, when that is at least `minChars` characters. */
  lookup(text: string, minChars: number): ReferenceOrigin | undefined {
    if (!this.windows.size) return undefined;
    const tokens = codeTokens(text, MAX_SUGGESTION_TOKENS);
    if (tokens.length < WINDOW_TOKENS) return undefined;
    let total = 0;
    for (const t of tokens) total += t.length;
    if (total < minChars) return undefined;
    const hashes = windowHashes(
      tokens.map((t) => t.hash),
      WINDOW_TOKENS,
    );
    // Per file: the suggestion's tokens covered by the windows it shares with that file, each
    // distinct window counted once (a short idiom repeated in the suggestion is not a long copy).
    const covered = new Map<number, { tokens: Uint8Array; line: number }>();
    const seen = new Set<number>();
    for (let i = 0; i < hashes.length; i++) {
      const h = hashes[i];
      if (h % SAMPLE !== 0 || seen.has(h)) continue;
      seen.add(h);
      const v = this.windows.get(h);
      if (v === undefined) continue;
      const id = Math.floor(v / LINE_BITS);
      let c = covered.get(id);
      if (!c) covered.set(id, (c = { tokens: new Uint8Array(tokens.length), line: v % LINE_BITS }));
      c.tokens.fill(1, i, i + WINDOW_TOKENS);
    }
    let best: ReferenceOrigin | undefined;
    for (const [id, c] of covered) {
      let chars = 0;
      for (let i = 0; i < tokens.length; i++) if (c.tokens[i]) chars += tokens[i].length;
      if (chars < minChars || (best && chars <= best.chars)) continue;
      const f = this.files[id];
      const pkg = this.packages[f.pkg];
      best = { package: pkg.name, version: pkg.version, file: f.file, line: c.line, licence: pkg.licence, chars };
    }
    return best;
  }
}
