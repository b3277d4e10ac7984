/**
 * False positives: masking ordinary code hurts completions. The project's own fixtures (code in a
 * dozen languages) and its server sources (outside server/privacy, whose comments quote secret
 * shapes on purpose) pass through redaction unchanged: whole, as windows that start on any line
 * (the cut-text rules), and under a misleading language id.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { packageRoot } from '../../server/paths';
import { redactSecrets } from '../../server/privacy/redact';

function files(dir: string, keep: (f: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) files(p, keep, out);
    else if (keep(p)) out.push(p);
  }
  return out.sort();
}

const root = packageRoot();
const CORPORA = {
  'test/fixtures': files(path.join(root, 'test', 'fixtures'), () => true),
  'server sources (outside privacy)': files(
    path.join(root, 'server'),
    (f) => f.endsWith('.ts') && !f.includes(`${path.sep}privacy${path.sep}`),
  ),
};

describe('ordinary code passes redaction unchanged', () => {
  for (const [name, list] of Object.entries(CORPORA)) {
    it(`${name}: ${list.length} files`, () => {
      let lines = 0;
      const changed: string[] = [];
      for (const file of list) {
        const text = fs.readFileSync(file, 'utf8');
        const rel = path.relative(root, file);
        const all = text.split('\n');
        lines += all.length;
        const check = (t: string, hint: { path?: string; languageId?: string }, where: string) => {
          const out = redactSecrets(t, hint);
          if (out.text === t) return;
          const a = t.split('\n');
          const b = out.text.split('\n');
          const i = a.findIndex((l, k) => l !== b[k]);
          changed.push(`${rel} ${where}: ${JSON.stringify(a[i])} → ${JSON.stringify(b[i])}`);
        };
        check(text, { path: file }, 'whole');
        check(text, { languageId: 'plaintext' }, 'as plaintext');
        for (let start = 1; start < all.length; start += 9)
          check(all.slice(start, start + 40).join('\n'), { path: file }, `window from line ${start + 1}`);
      }
      assert.ok(lines >= 300, `${lines} lines`);
      assert.deepEqual(changed.slice(0, 20), [], `${changed.length} changes over ${lines} lines`);
    });
  }
});
