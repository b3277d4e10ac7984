/**
 * Code referencing (issue #19): says when a suggestion copies licensed code, locally; nothing is
 * sent anywhere. Two checks per suggestion, both by hashes:
 *   - a span of a common licence text (licence-texts.ts) → a note on the item;
 *   - code matching a dependency's source in the workspace (reference-index.ts, built in the
 *     background from dependencies.ts) → its origin (package, version, file, line, licence).
 * `completion.codeReferencing`: `off`; `reference` (kept, with a note and a log line); `block`
 * (a match whose licence is not the project's own, or is unknown to us while the project's is, is
 * withheld and a message says so once).
 */
import type { ProgressReporter } from '../log/progress';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Config } from '../config/schema';
import { realRoots, type ReadOptions, readWorkspaceFile } from '../privacy/guarded-reader';
import { dependencyPackages } from './dependencies';
import { licenceFileLicence, packageJsonLicence, pyprojectLicence, sameLicence } from './licence-ids';
import { type LicenceTextMatch, shippedLicenceTexts } from './licence-texts';
import { type ReferenceOrigin, ReferenceIndex } from './reference-index';

/** Bounds of the background index. */
export interface IndexLimits {
  maxFiles: number;
  maxBytes: number;
  maxFileBytes: number;
  maxFilesPerPackage: number;
}
export const DEFAULT_LIMITS: IndexLimits = {
  maxFiles: 5000,
  maxBytes: 32 * 1024 * 1024,
  maxFileBytes: 256 * 1024,
  maxFilesPerPackage: 400,
};
const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|py|go|rs|c|h|cc|cpp|hpp|java|kt|rb|php|cs|lua|sh|swift|scala)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '__pycache__', '.bin']);
const MAX_DEPTH = 8;

export interface Finding {
  origin?: ReferenceOrigin;
  licenceText?: LicenceTextMatch;
}

export interface Reviewed {
  text: string;
  finding?: Finding;
  /** Markdown for the item's documentation. */
  note?: string;
}

export interface Review {
  kept: Reviewed[];
  /** One line per referenced suggestion, for window/logMessage. */
  log: string[];
  /** One message per withheld suggestion, for window/showMessage (shown once each). */
  withheld: string[];
}

export interface CodeReferencingDeps {
  config: () => Config;
  roots: () => string[];
  isExcluded: (uriOrPath: string) => boolean;
  limits?: Partial<IndexLimits>;
  /** Called once the index is built (or given up), with a one-line summary. */
  onIndexed?: (summary: string) => void;
  /** Shows the build of the index (LSP work-done progress). */
  progress?: () => ProgressReporter | undefined;
}

const describeOrigin = (o: ReferenceOrigin): string =>
  `${o.package}${o.version ? `@${o.version}` : ''} (${o.file}:${o.line}), licence ${o.licence ?? 'unknown'}`;

export class CodeReferencing {
  private index = new ReferenceIndex();
  private building: Promise<void> | undefined;
  private builtFor = '';
  private ownLicence: string | undefined;
  private readonly limits: IndexLimits;

  constructor(private readonly deps: CodeReferencingDeps) {
    this.limits = { ...DEFAULT_LIMITS, ...deps.limits };
  }

  get projectLicence(): string | undefined {
    return this.ownLicence;
  }

  /** Starts (or restarts, when the workspace folders changed) the background index; resolves when built. */
  start(): Promise<void> {
    const key = JSON.stringify(this.deps.roots());
    if (this.building && key === this.builtFor) return this.building;
    this.builtFor = key;
    // Without a workspace folder there are no dependencies to index: nothing worth showing.
    const progress = this.deps.roots().length > 0 ? this.deps.progress?.() : undefined;
    progress?.begin('arbor-ls: indexing dependency sources for code referencing');
    this.building = this.build(this.deps.roots())
      .catch(() => {})
      .finally(() => progress?.end());
    return this.building;
  }

  private async build(rootsGiven: string[]): Promise<void> {
    shippedLicenceTexts(); // read here, once, rather than on the first suggestion
    const roots = await realRoots(rootsGiven);
    const index = new ReferenceIndex();
    const read: ReadOptions = {
      roots,
      rootsAreReal: true,
      maxBytes: this.limits.maxFileBytes,
      isExcluded: this.deps.isExcluded,
      binary: 'refuse',
    };
    let files = 0;
    let bytes = 0;
    let packages = 0;
    this.ownLicence = undefined;
    for (const root of roots) {
      this.ownLicence ??= await projectLicence(root, read);
      for (const pkg of await dependencyPackages(root, read)) {
        if (files >= this.limits.maxFiles || bytes >= this.limits.maxBytes || index.full) break;
        const id = index.addPackage(pkg);
        packages++;
        let inPackage = 0;
        for (const dir of pkg.dirs) {
          for await (const file of sourceFiles(dir, 0)) {
            if (
              files >= this.limits.maxFiles ||
              bytes >= this.limits.maxBytes ||
              inPackage >= this.limits.maxFilesPerPackage
            )
              break;
            const r = await readWorkspaceFile(file, read);
            if (!r.ok) continue;
            files++;
            inPackage++;
            bytes += r.text.length;
            index.addFile(id, path.relative(root, file).split(path.sep).join('/'), r.text);
            // Yield between files: completions keep being answered while the index grows.
            await new Promise<void>((resolve) => setImmediate(resolve));
          }
        }
      }
    }
    this.index = index;
    this.deps.onIndexed?.(
      `code referencing: indexed ${files} files of ${packages} dependency packages; project licence ${this.ownLicence ?? 'unknown'}`,
    );
  }

  /** The findings for one suggestion (cheap: hashes and map look-ups). */
  check(text: string): Finding | undefined {
    const config = this.deps.config();
    if (config['completion.codeReferencing'] === 'off') return undefined;
    const origin = this.index.lookup(text, config['completion.codeReferencingMinChars']);
    const licenceText = shippedLicenceTexts().match(text);
    return origin || licenceText
      ? { ...(origin ? { origin } : {}), ...(licenceText ? { licenceText } : {}) }
      : undefined;
  }

  /** Applies `completion.codeReferencing` to a list of suggestions. */
  review(suggestions: string[]): Review {
    const mode = this.deps.config()['completion.codeReferencing'];
    const out: Review = { kept: [], log: [], withheld: [] };
    if (mode === 'off') {
      out.kept = suggestions.map((text) => ({ text }));
      return out;
    }
    void this.start();
    for (const text of suggestions) {
      const finding = this.check(text);
      if (!finding) {
        out.kept.push({ text });
        continue;
      }
      const { origin, licenceText } = finding;
      if (
        origin &&
        mode === 'block' &&
        !sameLicence(origin.licence, this.ownLicence) &&
        (origin.licence !== undefined || this.ownLicence === undefined)
      ) {
        out.withheld.push(
          `a suggestion matching code from ${describeOrigin(origin)} was not shown: completion.codeReferencing is "block" and this project's licence is ${this.ownLicence ?? 'unknown'}`,
        );
        continue;
      }
      const notes: string[] = [];
      if (origin)
        notes.push(
          `**Code reference**: matches \`${origin.file}\` line ${origin.line} in package \`${origin.package}${origin.version ? `@${origin.version}` : ''}\`, licence **${origin.licence ?? 'unknown'}**.`,
        );
      if (licenceText) notes.push(`**Licence text**: reproduces part of the **${licenceText.licence}** licence text.`);
      out.kept.push({ text, finding, note: notes.join('\n\n') });
      if (origin) out.log.push(`code reference: suggestion matches ${describeOrigin(origin)}`);
      if (licenceText) out.log.push(`code reference: suggestion reproduces the ${licenceText.licence} licence text`);
    }
    return out;
  }
}

/** Source files under `dir`, depth-first in name order, no symbolic link followed. */
async function* sourceFiles(dir: string, depth: number): AsyncGenerator<string> {
  if (depth > MAX_DEPTH) return;
  let entries: import('node:fs').Dirent[];
  try {
    entries = (await fs.readdir(dir, { withFileTypes: true })).slice(0, 5000);
  } catch {
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.isFile() && SOURCE_FILE.test(e.name) && !/\.min\.js$/.test(e.name)) yield path.join(dir, e.name);
  }
  for (const e of entries) {
    if (e.isDirectory() && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.'))
      yield* sourceFiles(path.join(dir, e.name), depth + 1);
  }
}

/** The workspace's own licence: package.json, then pyproject.toml, then a LICENSE file. */
export async function projectLicence(root: string, read: ReadOptions): Promise<string | undefined> {
  const text = async (name: string) => {
    const r = await readWorkspaceFile(path.join(root, name), { ...read, maxBytes: 256 * 1024 });
    return r.ok ? r.text : undefined;
  };
  const pkg = await text('package.json');
  if (pkg !== undefined) {
    try {
      const id = packageJsonLicence(JSON.parse(pkg));
      if (id) return id;
    } catch {
      // not JSON: try the next source
    }
  }
  const py = await text('pyproject.toml');
  const fromPy = py === undefined ? undefined : pyprojectLicence(py);
  if (fromPy) return fromPy;
  for (const name of ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'COPYING']) {
    const t = await text(name);
    if (t !== undefined) return licenceFileLicence(t);
  }
  return undefined;
}
