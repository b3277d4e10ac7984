/**
 * Build step: copies the texts of the most common licences out of the `spdx-license-list`
 * development dependency into dist/server/coderef/licence-texts.json, which the server reads to
 * recognise a suggestion that reproduces a licence text (server/coderef/licence-texts.ts). Only
 * these few texts ship (about 100 KB), not the package's 5 MB of every SPDX licence.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

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
  const out = path.join(root, 'dist', 'server', 'coderef', 'licence-texts.json');
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
  fs.writeFileSync(out, JSON.stringify(texts));
}

if (require.main === module) main();
