/**
 * Build step: hashes the texts of the most common licences from the `spdx-license-list`
 * development dependency into the shingle table the server reads to recognise a suggestion that
 * reproduces a licence text (dist/server/coderef/licence-index.json, see
 * server/coderef/licence-texts.ts). Only this table ships (about 300 KB), not the package's 5 MB of
 * every SPDX licence; hashing here spares the server ~70 ms at start-up.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LICENCE_INDEX_FILE, LicenceTexts } from '../../server/coderef/licence-texts';

export const SHIPPED_LICENCES = [
  'MIT',
  'ISC',
  'Apache-2.0',
  'GPL-2.0-only',
  'GPL-3.0-only',
  'LGPL-2.1-only',
  'LGPL-3.0-only',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'MPL-2.0',
  'AGPL-3.0-only',
] as const;

function main(): void {
  const root = path.join(__dirname, '..', '..', '..');
  const out = path.join(root, 'dist', 'server', 'coderef', LICENCE_INDEX_FILE);
  const texts: Record<string, string> = {};
  for (const id of SHIPPED_LICENCES) {
    const file = path.join(root, 'node_modules', 'spdx-license-list', 'licenses', `${id}.json`);
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { licenseText?: unknown };
      if (typeof parsed.licenseText === 'string') texts[id.replace(/-only$/, '')] = parsed.licenseText;
    } catch {
      // Not installed (a production-only install): the texts already in dist are kept.
      if (fs.existsSync(out)) return;
    }
  }
  if (!Object.keys(texts).length) return;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(LicenceTexts.fromTexts(texts).toIndex()));
}

if (require.main === module) main();
