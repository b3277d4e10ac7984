import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../server/paths';

/**
 * Golden fixtures for post-processing (format: test/fixtures/postprocess/README.md).
 *
 *   language: python            header lines `key: value`, up to the first section
 *   === document                the document, `█` marks the cursor
 *   === raw                     what the model returned
 *   === expected                what the stage (or folder's subject) returns; `<null>` for null
 *
 * A section's text runs from the line after its header to the line break before the next header
 * (or the end of the file), so a trailing empty line means a trailing line break. `␍` stands for a
 * carriage return.
 */
export interface Fixture {
  /** `<folder>/<file>` */
  name: string;
  folder: string;
  headers: Record<string, string>;
  /** Document text (LF, or CRLF with `crlf: true`) and the cursor offset in it. */
  text: string;
  offset: number;
  raw: string;
  expected: string | null;
}

export const CURSOR = '█';
const CR = '␍';

export function fixturesDir(): string {
  return path.join(packageRoot(), 'test', 'fixtures', 'postprocess');
}

export function loadFixtures(folder: string): Fixture[] {
  const dir = path.join(fixturesDir(), folder);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => parseFixture(`${folder}/${file}`, fs.readFileSync(path.join(dir, file), 'utf8')));
}

export function parseFixture(name: string, source: string): Fixture {
  const headers: Record<string, string> = {};
  const sections: Record<string, string> = {};
  const parts = source.split(/^=== (\w+)\n?/m);
  for (const line of parts[0].split('\n')) {
    const m = /^([\w-]+):\s*(.*)$/.exec(line.trim());
    if (m) headers[m[1]] = m[2];
  }
  for (let i = 1; i < parts.length; i += 2) sections[parts[i]] = (parts[i + 1] ?? '').replace(/\n$/, '');
  const crlf = headers.crlf === 'true';
  const decode = (s: string) => s.split(CR).join('\r');
  const document = decode(sections.document ?? '');
  const offset = document.indexOf(CURSOR);
  if (offset === -1 && sections.document !== undefined)
    throw new Error(`${name}: the document has no ${CURSOR} cursor marker`);
  let text = document.replace(CURSOR, '');
  let at = Math.max(0, offset);
  if (crlf) {
    at = text.slice(0, at).replace(/\n/g, '\r\n').length;
    text = text.replace(/\n/g, '\r\n');
  }
  const expected =
    sections.expected === undefined ? null : sections.expected.trim() === '<null>' ? null : decode(sections.expected);
  return { name, folder: name.split('/')[0], headers, text, offset: at, raw: decode(sections.raw ?? ''), expected };
}
