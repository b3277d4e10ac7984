/**
 * Recognises a suggestion that reproduces a span of a common licence text (MIT, Apache-2.0, GPL,
 * LGPL, BSD, MPL, ISC, AGPL). Their shingle table ships as dist/server/coderef/licence-index.json, made
 * at build time from the spdx-license-list package (scripts/package/extract-licences.ts). Text is
 * compared as lower-case words with comment markers and punctuation dropped, by hashed 12-word
 * shingles; a span counts when at least MIN_SHINGLES consecutive-ish shingles of one licence occur.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { serverDir } from '../paths';
import { fnv1a, proseWords, windowHashes } from './hashing';

export const SHINGLE_WORDS = 12;
/** 3 shingles: at least 14 words in a row from the licence text. */
const MIN_SHINGLES = 3;
/** Most words of one suggestion looked at. */
const MAX_WORDS = 4000;

export interface LicenceTextMatch {
  licence: string;
  /** Shingles of the suggestion found in that licence's text. */
  shingles: number;
}

/**
 * What ships: the shingle table precomputed at build time (hashing the texts took ~70 ms at
 * start-up), as base64 of little-endian numbers: the hashes (53-bit, as float64) sorted, and each one's
 * licence mask (uint32).
 */
export interface LicenceIndex {
  licences: string[];
  hashes: string;
  masks: string;
}

export class LicenceTexts {
  /**
   * Shingle hashes, sorted, and for each a bit mask of the licences (indices into `licences`) whose
   * text holds it: about 17,500 shingles for the 11 shipped texts, 210 KB (a Map of them cost
   * 1 MB of heap and 30 ms to load, a list of ids per shingle 3.3 MB).
   */
  private constructor(
    readonly licences: string[],
    private readonly hashes: Float64Array,
    private readonly masks: Uint32Array,
  ) {}

  static fromTexts(texts: Record<string, string>): LicenceTexts {
    // 31 licences at most fit a mask; the shipped set has 11.
    const licences = Object.keys(texts).slice(0, 31);
    const shingles = new Map<number, number>();
    licences.forEach((id, bit) => {
      for (const h of windowHashes(
        proseWords(texts[id]).map((w) => fnv1a(w)),
        SHINGLE_WORDS,
      )) {
        shingles.set(h, (shingles.get(h) ?? 0) | (1 << bit));
      }
    });
    const hashes = Float64Array.from(shingles.keys()).sort();
    return new LicenceTexts(
      licences,
      hashes,
      Uint32Array.from(hashes, (h) => shingles.get(h)!),
    );
  }

  /** A table written by toIndex(); throws on a malformed one. */
  static fromIndex(index: LicenceIndex): LicenceTexts {
    const { licences } = index;
    if (!Array.isArray(licences) || licences.length > 31 || !licences.every((l) => typeof l === 'string'))
      throw new Error('licences: expected at most 31 licence ids');
    const hashes = decode(index.hashes, 'hashes', 8) as Float64Array;
    const masks = decode(index.masks, 'masks', 4) as Uint32Array;
    if (hashes.length !== masks.length) throw new Error('hashes and masks differ in length');
    for (let i = 1; i < hashes.length; i++) if (hashes[i - 1] >= hashes[i]) throw new Error('hashes: not sorted');
    return new LicenceTexts(licences, hashes, masks);
  }

  toIndex(): LicenceIndex {
    return { licences: this.licences, hashes: encode(this.hashes), masks: encode(this.masks) };
  }

  private maskOf(hash: number): number {
    let lo = 0;
    let hi = this.hashes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const h = this.hashes[mid];
      if (h === hash) return this.masks[mid];
      if (h < hash) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** The licence whose text the suggestion reproduces most of, or undefined. */
  match(text: string): LicenceTextMatch | undefined {
    const words = proseWords(text);
    if (words.length < SHINGLE_WORDS + MIN_SHINGLES - 1) return undefined;
    const counts = new Map<string, number>();
    for (const h of windowHashes(
      words.slice(0, MAX_WORDS).map((w) => fnv1a(w)),
      SHINGLE_WORDS,
    )) {
      const mask = this.maskOf(h);
      if (mask === 0) continue;
      this.licences.forEach((id, bit) => {
        if (mask & (1 << bit)) counts.set(id, (counts.get(id) ?? 0) + 1);
      });
    }
    let best: LicenceTextMatch | undefined;
    for (const [licence, shingles] of counts) {
      if (shingles >= MIN_SHINGLES && (!best || shingles > best.shingles)) best = { licence, shingles };
    }
    return best;
  }
}

let shipped: LicenceTexts | undefined;

/** The shipped table (read once); an empty matcher when the build did not ship it. */
export function shippedLicenceTexts(): LicenceTexts {
  if (!shipped) {
    try {
      shipped = LicenceTexts.fromIndex(
        JSON.parse(fs.readFileSync(path.join(serverDir(), 'coderef', LICENCE_INDEX_FILE), 'utf8')) as LicenceIndex,
      );
    } catch {
      // Built without the spdx-license-list dev dependency: no licence-text matching.
      shipped = LicenceTexts.fromTexts({});
    }
  }
  return shipped;
}

function encode(values: Float64Array | Uint32Array): string {
  const size = values instanceof Float64Array ? 8 : 4;
  const buf = Buffer.alloc(values.length * size);
  for (let i = 0; i < values.length; i++) {
    if (size === 8) buf.writeDoubleLE(values[i], i * 8);
    else buf.writeUInt32LE(values[i], i * 4);
  }
  return buf.toString('base64');
}

function decode(text: unknown, field: string, size: 4 | 8): Float64Array | Uint32Array {
  if (typeof text !== 'string') throw new Error(`${field}: expected base64 text`);
  const buf = Buffer.from(text, 'base64');
  if (buf.length % size !== 0) throw new Error(`${field}: not a list of ${size}-byte numbers`);
  const n = buf.length / size;
  // A view of a copy (aligned) where the machine is little-endian, as Node's platforms are; Buffer
  // reads one by one otherwise (20 ms for the shipped table while cold).
  const bytes = new Uint8Array(buf);
  if (os.endianness() === 'LE') return size === 8 ? new Float64Array(bytes.buffer) : new Uint32Array(bytes.buffer);
  if (size === 8) return Float64Array.from({ length: n }, (_, i) => buf.readDoubleLE(i * 8));
  return Uint32Array.from({ length: n }, (_, i) => buf.readUInt32LE(i * 4));
}

/** Next to this module in dist/ (scripts/package/extract-licences.ts writes it). */
export const LICENCE_INDEX_FILE = 'licence-index.json';
