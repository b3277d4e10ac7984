/**
 * Finds the dependency packages in a workspace folder whose licence is known: node_modules/<name>
 * and node_modules/@scope/<name> (package.json `license`), vendor/<name> (its LICENSE file) and a
 * virtualenv's site-packages (each *.dist-info's METADATA). Directories are listed with readdir
 * (bounded, no symbolic link followed); every file is read through the guarded reader. The
 * workspace walker's gitignore rules would skip node_modules, so this small enumerator exists.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readWorkspaceFile, type ReadOptions } from '../privacy/guarded-reader';
import { canonicalLicence, licenceFileLicence, metadataLicence, packageJsonLicence } from './licence-ids';

export interface DependencyPackage {
  name: string;
  version: string;
  /** Canonical licence id (licence-ids.ts), undefined when the package does not say. */
  licence: string | undefined;
  /** Directories holding the package's source files. */
  dirs: string[];
}

/** Most packages enumerated per workspace folder. */
const MAX_PACKAGES = 2000;
/** Most directory entries looked at in one listing. */
const MAX_LISTING = 5000;
const SMALL_FILE = 256 * 1024;

async function list(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.slice(0, MAX_LISTING).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

async function readText(file: string, read: ReadOptions): Promise<string | undefined> {
  const r = await readWorkspaceFile(file, { ...read, maxBytes: Math.min(read.maxBytes, SMALL_FILE), binary: 'refuse' });
  return r.ok ? r.text : undefined;
}

async function nodePackage(dir: string, read: ReadOptions): Promise<DependencyPackage | undefined> {
  const text = await readText(path.join(dir, 'package.json'), read);
  if (text === undefined) return undefined;
  try {
    const pkg = JSON.parse(text) as Record<string, unknown>;
    const name = typeof pkg.name === 'string' ? pkg.name.slice(0, 214) : path.basename(dir);
    const version = typeof pkg.version === 'string' ? pkg.version.slice(0, 64) : '';
    return { name, version, licence: packageJsonLicence(pkg), dirs: [dir] };
  } catch {
    return undefined;
  }
}

async function licenceOfDir(dir: string, read: ReadOptions): Promise<string | undefined> {
  for (const entry of await list(dir)) {
    if (entry.isFile() && /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(entry.name)) {
      const text = await readText(path.join(dir, entry.name), read);
      if (text !== undefined) return licenceFileLicence(text);
    }
  }
  return undefined;
}

async function sitePackages(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const env of ['.venv', 'venv', 'env']) {
    const lib = path.join(root, env, 'lib');
    for (const py of await list(lib))
      if (py.isDirectory() && /^python\d/.test(py.name)) out.push(path.join(lib, py.name, 'site-packages'));
    const win = path.join(root, env, 'Lib', 'site-packages');
    if ((await list(win)).length) out.push(win);
  }
  return out;
}

async function pythonPackages(site: string, read: ReadOptions, out: DependencyPackage[]): Promise<void> {
  const entries = await list(site);
  const names = new Set(entries.filter((e) => e.isDirectory()).map((e) => e.name));
  for (const e of entries) {
    if (out.length >= MAX_PACKAGES) return;
    if (!e.isDirectory() || !e.name.endsWith('.dist-info')) continue;
    const info = path.join(site, e.name);
    const metadata = await readText(path.join(info, 'METADATA'), read);
    if (metadata === undefined) continue;
    const name = /^Name:\s*(.+)$/m.exec(metadata)?.[1].trim().slice(0, 214) ?? e.name;
    const version = /^Version:\s*(.+)$/m.exec(metadata)?.[1].trim().slice(0, 64) ?? '';
    const topLevel = await readText(path.join(info, 'top_level.txt'), read);
    const tops = (
      topLevel
        ?.split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean) ?? [name.toLowerCase().replace(/[-.]/g, '_')]
    ).slice(0, 20);
    const dirs = tops
      .filter((t) => names.has(t) && !t.includes('/') && !t.includes('\\'))
      .map((t) => path.join(site, t));
    if (dirs.length) out.push({ name, version, licence: metadataLicence(metadata), dirs });
  }
}

/** The dependency packages of one workspace folder, in a stable order, at most MAX_PACKAGES. */
export async function dependencyPackages(root: string, read: ReadOptions): Promise<DependencyPackage[]> {
  const out: DependencyPackage[] = [];
  const nm = path.join(root, 'node_modules');
  for (const e of await list(nm)) {
    if (out.length >= MAX_PACKAGES) break;
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const dirs = e.name.startsWith('@')
      ? (await list(path.join(nm, e.name))).filter((s) => s.isDirectory()).map((s) => path.join(nm, e.name, s.name))
      : [path.join(nm, e.name)];
    for (const dir of dirs) {
      const pkg = await nodePackage(dir, read);
      if (pkg) out.push(pkg);
    }
  }
  const vendor = path.join(root, 'vendor');
  for (const e of await list(vendor)) {
    if (out.length >= MAX_PACKAGES) break;
    if (!e.isDirectory()) continue;
    const dir = path.join(vendor, e.name);
    out.push(
      (await nodePackage(dir, read)) ?? {
        name: e.name,
        version: '',
        licence: await licenceOfDir(dir, read),
        dirs: [dir],
      },
    );
  }
  for (const site of await sitePackages(root)) await pythonPackages(site, read, out);
  return out.slice(0, MAX_PACKAGES);
}

export { canonicalLicence };
