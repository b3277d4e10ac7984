import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { buildFimInput } from '../../server/context/assemble';
import { caseNames, loadCase, renderBuild } from './fixture';

/*
 * One folder per case under test/fixtures/context: the files of a small workspace, one of them
 * holding <|cursor|>, case.json (current file, budget, extra excludes) and expected.txt, the
 * rendered input. UPDATE_GOLDEN=1 rewrites expected.txt (review the diff).
 */
describe('context golden fixtures', () => {
  for (const name of caseNames()) {
    it(name, async () => {
      const c = await loadCase(name);
      try {
        const build = buildFimInput(c.args);
        const actual = renderBuild(build, c.args.budgetTokens);
        const file = path.join(c.dir, 'expected.txt');
        if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, actual);
        assert.equal(actual, fs.readFileSync(file, 'utf8'));
      } finally {
        c.dispose();
      }
    });
  }
});
