/**
 * Recognises a suggestion that reproduces a span of a common licence text (MIT, Apache-2.0, GPL,
 * LGPL, BSD, MPL, ISC, AGPL). The texts ship as dist/server/coderef/licence-texts.json, extracted at
 * build time from the spdx-license-list package (scripts/package/extract-licences.ts). Text is
 * compared as lower-case words with comment markers and punctuation dropped, by hashed 12-word
 * shingles; a span counts when at least MIN_SHINGLES consecutive-ish shingles of one licence occur.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
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

export class LicenceTexts {
  /**
   * shingle hash → bit mask of the licences (indices into `licences`) whose text holds it. A map
   * of small integers: about 17,500 shingles for the 11 shipped texts, under 1 MB (a list of ids
   * per shingle cost 3.3 MB of heap).
   */
  private readonly shingles = new Map<number, number>();
  readonly licences: string[];

  constructor(texts: Record<string, string>) {
    // 31 licences at most fit a mask; the shipped set has 11.
    this.licences = Object.keys(texts).slice(0, 31);
    this.licences.forEach((id, bit) => {
      for (const h of windowHashes(
        proseWords(texts[id]).map((w) => fnv1a(w)),
        SHINGLE_WORDS,
      )) {
        this.shingles.set(h, (this.shingles.get(h) ?? 0) | (1 << bit));
      }
    });
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
      const mask = this.shingles.get(h) ?? 0;
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

/** The shipped texts (read once); an empty matcher when the build did not ship them. */
export function shippedLicenceTexts(): LicenceTexts {
  if (!shipped) {
    let texts: Record<string, string> = {};
    try {
      texts = JSON.parse(fs.readFileSync(path.join(__dirname, 'licence-texts.json'), 'utf8')) as Record<string, string>;
    } catch {
      // Built without the spdx-license-list dev dependency: no licence-text matching.
    }
    shipped = new LicenceTexts(texts);
  }
  return shipped;
}
