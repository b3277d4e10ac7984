import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildFimArgs, FimBuild } from '../../server/context/assemble';
import { packageRoot } from '../../server/paths';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { DocumentTree } from '../../server/syntax/document-tree';
import { grammarFor } from '../../server/syntax/registry';

export const CURSOR = '<|cursor|>';
export const WORKSPACE = 'file:///ws';

/**
 * case.json of a fixture folder; every other file in the folder is an open document. A `.txt`
 * suffix is dropped from the document's name (`app.ts.txt` is `app.ts`), so source fixtures with
 * cursor markers are never picked up by the compiler or linters.
 */
interface CaseFile {
  current: string;
  budget: number;
  exclude?: string[];
  header?: boolean;
}

export interface LoadedCase {
  name: string;
  dir: string;
  args: BuildFimArgs;
  dispose(): void;
}

export function fixturesDir(): string {
  return path.join(packageRoot(), 'test', 'fixtures', 'context');
}

export function caseNames(): string[] {
  return fs
    .readdirSync(fixturesDir(), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function listFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else if (r !== 'case.json' && r !== 'expected.txt') out.push(r);
  }
  return out.sort();
}

function documentName(rel: string): string {
  return /\.[^./]+\.txt$/.test(rel) ? rel.slice(0, -'.txt'.length) : rel;
}

export function languageIdOf(file: string): string {
  return grammarFor('', file)?.languageIds[0] ?? 'plaintext';
}

/** Parses every file with its real grammar; the caller disposes the trees. */
export async function loadCase(name: string): Promise<LoadedCase> {
  const dir = path.join(fixturesDir(), name);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseFile;
  const docs: { uri: string; languageId: string; text: string; doc: DocumentTree }[] = [];
  let offset = -1;
  for (const rel of listFiles(dir)) {
    const docName = documentName(rel);
    let text = fs.readFileSync(path.join(dir, rel), 'utf8');
    if (docName === spec.current) {
      offset = text.indexOf(CURSOR);
      if (offset === -1) throw new Error(`${name}: no ${CURSOR} in ${rel}`);
      text = text.slice(0, offset) + text.slice(offset + CURSOR.length);
    }
    const uri = `${WORKSPACE}/${docName}`;
    const languageId = languageIdOf(docName);
    docs.push({ uri, languageId, text, doc: await DocumentTree.create(languageId, uri, text) });
  }
  const current = docs.find((d) => d.uri === `${WORKSPACE}/${spec.current}`);
  if (!current) throw new Error(`${name}: ${spec.current} not found`);
  return {
    name,
    dir,
    args: {
      ...current,
      offset,
      openDocuments: docs,
      budgetTokens: spec.budget,
      workspaceFolders: [WORKSPACE],
      isExcluded: createExclusionMatcher(spec.exclude ?? [], [WORKSPACE]),
      header: spec.header,
    },
    dispose: () => {
      for (const d of docs) d.doc.dispose();
    },
  };
}

/** The golden text form of a build: what the model sees, then where each piece came from. */
export function renderBuild(build: FimBuild, budget: number): string {
  const parts = [`tokens: ${build.tokens} / ${budget}`, `file: ${build.input.filePath} (${build.input.languageId})`];
  for (const c of build.input.context) parts.push(`--- context: ${c.path}\n${c.text}`);
  parts.push(`--- prefix\n${build.input.prefix}<|cursor|>`);
  parts.push(`--- suffix\n${build.input.suffix}<|end|>`);
  parts.push(
    `--- snippets\n${build.snippets.map((s) => `${s.source} ${s.path} ${s.range.start}-${s.range.end} score=${round(s.score)}`).join('\n')}`,
  );
  return `${parts.join('\n')}\n`;
}

function round(n: number): string {
  return n.toFixed(3);
}
