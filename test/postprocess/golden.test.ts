import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { decideExtent, type MultilineSetting } from '../../server/completion/extent';
import type { CompletionMode } from '../../server/completion/outcome';
import { completionSite } from '../../server/completion/site';
import { postprocess, STAGES } from '../../server/completion/postprocess/pipeline';
import { buildSituation, type Situation } from '../../server/completion/postprocess/situation';
import { StreamStop } from '../../server/completion/postprocess/stop/stream-stop';
import { DocumentTree } from '../../server/syntax/document-tree';
import { fixturesDir, loadFixtures, type Fixture } from './fixtures';

/**
 * The one table-driven test over test/fixtures/postprocess/: each folder names its subject (a
 * stage of the pipeline, `stream-stop`, `extent` or `pipeline`), each file is one case.
 */

const docs: DocumentTree[] = [];

async function situationFor(fx: Fixture): Promise<{ sit: Situation; doc: DocumentTree }> {
  const languageId = fx.headers.language ?? 'plaintext';
  const uri = fx.headers.uri ?? `file:///fixture/${fx.name}`;
  const doc = await DocumentTree.create(languageId, uri, fx.text);
  docs.push(doc);
  const site = completionSite(uri, languageId, fx.text, fx.offset);
  const extent = fx.headers.mode ? undefined : decideExtent(site, doc, 'auto');
  const mode = (fx.headers.mode as CompletionMode | undefined) ?? extent!.mode;
  const sit = buildSituation({
    site,
    mode,
    extentReason: extent?.reason,
    maxLines: Number(fx.headers['max-lines'] ?? 40),
    doc,
  });
  return { sit, doc };
}

type Runner = (fx: Fixture) => Promise<string | null>;

const RUNNERS: Record<string, Runner> = {
  ...Object.fromEntries(
    STAGES.map((stage): [string, Runner] => [
      stage.name,
      async (fx) => {
        const { sit } = await situationFor(fx);
        return stage.run(fx.raw, sit);
      },
    ]),
  ),
  /** The stop rules fed piece by piece: every piece size must give the same text. */
  'stream-stop': async (fx) => {
    const { sit } = await situationFor(fx);
    const results = new Set<string>();
    for (const size of [1, 3, 7, fx.raw.length || 1]) {
      const stop = new StreamStop(sit);
      for (let i = 0; i < fx.raw.length; i += size) if (stop.push(fx.raw.slice(i, i + size))) break;
      stop.finish();
      if (fx.headers.reason)
        assert.equal(stop.stopped?.reason, fx.headers.reason, `${fx.name}: stop reason with pieces of ${size}`);
      results.add(stop.result);
    }
    assert.equal(
      results.size,
      1,
      `${fx.name}: the cut depends on how the text was streamed: ${JSON.stringify([...results])}`,
    );
    return [...results][0];
  },
  /** `expected` is `<mode> <reason>`. */
  extent: async (fx) => {
    const languageId = fx.headers.language ?? 'plaintext';
    const uri = `file:///fixture/${fx.name}`;
    const doc = await DocumentTree.create(languageId, uri, fx.text);
    docs.push(doc);
    const extent = decideExtent(
      completionSite(uri, languageId, fx.text, fx.offset),
      doc,
      (fx.headers.multiline as MultilineSetting | undefined) ?? 'auto',
    );
    return `${extent.mode} ${extent.reason}`;
  },
  pipeline: async (fx) => {
    const { sit } = await situationFor(fx);
    return postprocess(fx.raw, sit).text;
  },
};

describe('post-processing golden fixtures', () => {
  before(() => assert.ok(fs.existsSync(fixturesDir()), 'fixtures folder'));
  after(() => {
    for (const doc of docs.splice(0)) doc.dispose();
  });

  const folders = fs
    .readdirSync(fixturesDir(), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  test('every folder names a stage or a known subject, and every stage has fixtures', () => {
    for (const folder of folders) assert.ok(folder in RUNNERS, `unknown fixture folder ${folder}`);
    for (const stage of STAGES) assert.ok(folders.includes(stage.name), `no fixtures for stage ${stage.name}`);
  });

  for (const folder of folders) {
    for (const fx of loadFixtures(folder)) {
      test(fx.name, async () => {
        const run = RUNNERS[folder];
        assert.ok(run, `no runner for ${folder}`);
        assert.equal(await run(fx), fx.expected);
      });
    }
  }
});
