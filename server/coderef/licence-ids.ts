/** Licence names as packages and projects write them, reduced to one comparable id. */
import { shippedLicenceTexts } from './licence-texts';

const MAX_LICENCE_CHARS = 200;

/**
 * A comparable id: `MIT License` → MIT, `GPLv3` / `GPL-3.0-or-later` → GPL-3.0, `Apache License 2.0`
 * → Apache-2.0, `BSD` → BSD. Unknown names are kept (trimmed and capped); empty → undefined.
 */
export function canonicalLicence(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().slice(0, MAX_LICENCE_CHARS);
  if (!s || /^(unlicensed|unknown|none|see license( in)? .*)$/i.test(s)) return undefined;
  const u = s.toUpperCase().replace(/\s+/g, ' ');
  const lesser = /\bLGPL|LESSER/.test(u);
  const affero = /\bAGPL|AFFERO/.test(u);
  const version = /(\d)(?:\.(\d))?/.exec(u.replace(/^[^0-9]*?(?=\d)/, ''));
  const v = version ? `${version[1]}.${version[2] ?? '0'}` : '';
  if (affero) return `AGPL-${v || '3.0'}`;
  if (lesser) return v ? `LGPL-${v}` : 'LGPL';
  if (/\bGPL|GENERAL PUBLIC/.test(u)) return v ? `GPL-${v}` : 'GPL';
  if (/^MIT\b|\bMIT LICEN[SC]E\b|^EXPAT\b/.test(u)) return 'MIT';
  if (/^ISC\b/.test(u)) return 'ISC';
  if (/APACHE/.test(u)) return `Apache-${v || '2.0'}`;
  if (/MOZILLA|^MPL/.test(u)) return `MPL-${v || '2.0'}`;
  if (/BSD/.test(u))
    return /3|THREE|NEW|REVISED/.test(u) ? 'BSD-3-Clause' : /2|TWO|SIMPLIFIED|FREEBSD/.test(u) ? 'BSD-2-Clause' : 'BSD';
  return s;
}

/** The licence of a package.json's `license` (or old-style `licenses`) field. */
export function packageJsonLicence(pkg: unknown): string | undefined {
  if (typeof pkg !== 'object' || pkg === null) return undefined;
  const p = pkg as Record<string, unknown>;
  const field = p.license ?? (Array.isArray(p.licenses) ? p.licenses[0] : undefined);
  if (typeof field === 'string') return canonicalLicence(field);
  if (typeof field === 'object' && field !== null) return canonicalLicence((field as Record<string, unknown>).type);
  return undefined;
}

/** pyproject.toml's `license = "MIT"`, `license = { text = "MIT" }` or a License classifier. */
export function pyprojectLicence(toml: string): string | undefined {
  const m = /^\s*license\s*=\s*(?:"([^"\n]{1,200})"|\{[^}\n]*\btext\s*=\s*"([^"\n]{1,200})")/m.exec(toml);
  if (m) return canonicalLicence(m[1] ?? m[2]);
  const c = /License :: (?:OSI Approved :: )?([^"\n]{1,200})"/.exec(toml);
  return c ? canonicalLicence(c[1]) : undefined;
}

/** A wheel's METADATA: `License-Expression:`, then a License classifier, then `License:`. */
export function metadataLicence(metadata: string): string | undefined {
  const head = metadata.split(/\r?\n\r?\n/, 1)[0];
  const expr = /^License-Expression:\s*(.+)$/m.exec(head);
  if (expr) return canonicalLicence(expr[1]);
  const c = /^Classifier:\s*License :: (?:OSI Approved :: )?(.+)$/m.exec(head);
  if (c) return canonicalLicence(c[1]);
  const l = /^License:\s*(.+)$/m.exec(head);
  return l ? canonicalLicence(l[1]) : undefined;
}

/** A LICENSE file: its text recognised against the shipped licence texts, else its first line. */
export function licenceFileLicence(text: string): string | undefined {
  const match = shippedLicenceTexts().match(text.slice(0, 40000));
  if (match && match.shingles >= 10) return canonicalLicence(match.licence);
  const first = text.split(/\r?\n/).find((l) => l.trim());
  if (!first) return undefined;
  const id = canonicalLicence(first);
  // A first line like "Copyright (c) 2020 Someone" names no licence.
  return id && /licen[cs]e|^[A-Z0-9.-]+$/i.test(first.trim()) ? id : undefined;
}

/** Two licences that are the same for the purpose of `block` (GPL-3.0 and GPL-3.0 alike). */
export function sameLicence(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toUpperCase() === b.toUpperCase();
}
