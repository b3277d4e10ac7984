/**
 * The canary corpus through redactSecrets: for every shape, in each of its syntaxes, judged with
 * its own path and language id and with misleading ones (the same text as 'plaintext', or as
 * 'kubeconfig' with no path at all), no secret part survives, the readable parts do, offsets and
 * line breaks are preserved, and a second pass changes nothing.
 *
 * Measured against secretlint 13.1 (@secretlint/core + preset-recommend, masking its reported
 * ranges) on this corpus: it leaves 64 of 76 shapes (154 of 182 variants) readable and catches
 * none that these detectors miss; it is ESM-only and async (lintSource returns a Promise), about
 * 0.6 ms per 8 KB. So the detectors stay hand-written (about 1.1 ms per uncached 8 KB, lines
 * cached by LineRedactions while typing) and secretlint is not a dependency.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets, type RedactHint } from '../../server/privacy/redact';
import { SHAPES, survivors } from './canaries';

export function hintsFor(path: string, languageId: string): { label: string; hint: RedactHint }[] {
  return [
    { label: `${languageId} ${path}`, hint: { path, languageId } },
    { label: `plaintext ${path}`, hint: { path, languageId: 'plaintext' } },
    { label: 'kubeconfig, no path', hint: { languageId: 'kubeconfig' } },
    { label: 'python, no path', hint: { languageId: 'python' } },
  ];
}

const lineBreaks = (s: string): number[] => [...s.matchAll(/\r?\n/g)].map((m) => m.index);

describe('canary corpus: no secret survives redaction, whatever the language id', () => {
  it(`has at least 60 shapes, each in two or more syntaxes (${SHAPES.length} shapes)`, () => {
    assert.ok(SHAPES.length >= 60);
    for (const s of SHAPES) assert.ok(s.variants.length >= 2, s.shape);
    assert.equal(new Set(SHAPES.map((s) => s.shape)).size, SHAPES.length, 'shape names are unique');
  });
  for (const shape of SHAPES) {
    it(shape.shape, () => {
      const problems: string[] = [];
      for (const variant of shape.variants) {
        for (const { label, hint } of hintsFor(variant.path, variant.languageId)) {
          const out = redactSecrets(variant.text, hint);
          const left = survivors(out.text, shape.secrets);
          if (left.length > 0)
            problems.push(`[${label}] leaked ${JSON.stringify(left)} in ${JSON.stringify(out.text)}`);
          for (const k of variant.kept)
            if (!out.text.includes(k))
              problems.push(`[${label}] lost ${JSON.stringify(k)} in ${JSON.stringify(out.text)}`);
          if (out.text.length !== variant.text.length) problems.push(`[${label}] length changed`);
          else if (lineBreaks(out.text).join() !== lineBreaks(variant.text).join())
            problems.push(`[${label}] line breaks moved`);
          const again = redactSecrets(out.text, hint);
          if (again.text !== out.text)
            problems.push(`[${label}] not idempotent: ${JSON.stringify(out.text)} → ${JSON.stringify(again.text)}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
});
