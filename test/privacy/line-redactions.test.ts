import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineRedactions } from '../../server/privacy/line-redactions';
import { redactSecrets } from '../../server/privacy/redact';
import { findSecrets, maskFindings } from '../../server/privacy/scan';
import type { TextKind } from '../../server/privacy/assignments';
import { CANARY, canaryFragments, privateKeyBlock } from './canaries';

/*
 * Redaction line by line (with its cache of lines) must give exactly what scanning the whole text
 * gives: same text, same count, whatever the lines, their order and where the text is cut.
 */

function random(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * n);
  };
}

const LINES = [
  'def handle(self, record):',
  '    total = self.store.get(record.key) or 0',
  `api_key = "${CANARY.openai}"`,
  `OPENAI_API_KEY=${CANARY.openai}`,
  `token: "${CANARY.github}"`,
  `password = "${CANARY.password}"`,
  `    headers = {"Authorization": "Bearer ${CANARY.jwt}"}`,
  `url = "postgres://admin:${CANARY.password}@db:5432/app"`,
  `aws = ("${CANARY.awsKeyId}", "${CANARY.awsSecret}")`,
  `<password>${CANARY.password}</password>`,
  `  secret: ${CANARY.password}`,
  `export DB_PASSWORD=${CANARY.password}`,
  `slack = '${CANARY.slack}' # ${CANARY.githubPat}`,
  'x = "sk-button-primary-large"; y = 1',
  '    "é ü 漢字 😀" \u2028 tail',
  '',
  '\r',
  '   ',
  `password = "${CANARY.password.slice(0, 6)}`,
  `${CANARY.github.slice(0, 14)}`,
  'Bearer abc',
  `    ${CANARY.password}-block-line`,
  `    "${CANARY.password}",`,
  `  "${CANARY.jwt.split('.')[2]}";`,
  `conn = "Server=db;User Id=sa;Password=${CANARY.password};"`,
  `curl -u admin:${CANARY.password} https://api.internal`,
  `# password: ${CANARY.password}`,
  `ENV SECRET_KEY=${CANARY.password}`,
  `PGPASSWORD=${CANARY.password} psql -h db`,
  `mysql -uroot -p${CANARY.password} shop`,
  `url = "redis://:${CANARY.password}@cache:6379"`,
  `ret:"${CANARY.awsSecret}",host:"h"`,
];

/** First lines of multi-line shapes (multi-line.ts): a text holding one is scanned whole. */
const MULTI_LINE_STARTS = [
  'password =',
  'password: |',
  '  api_token: >-',
  `t = "${CANARY.jwt.split('.').slice(0, 2).join('.')}." +`,
  'secret:',
];

function scanWhole(text: string, kind: TextKind) {
  return maskFindings(text, findSecrets(text, kind));
}

function randomText(pick: (n: number) => number): string {
  const parts: string[] = [];
  const n = 20 + pick(120);
  for (let i = 0; i < n; i++) parts.push(LINES[pick(LINES.length)] + (pick(6) === 0 ? '\r\n' : '\n'));
  // Lines that only a whole-text scan may judge (key material), in a few texts.
  if (pick(10) === 0) parts.splice(pick(parts.length), 0, `${privateKeyBlock()}\n`);
  if (pick(10) === 0) parts.splice(pick(parts.length), 0, `key = "${CANARY.keyBody[0]}"\n`, `${CANARY.keyBody[1]}\n`);
  if (pick(4) === 0)
    parts.splice(
      pick(parts.length),
      0,
      `${MULTI_LINE_STARTS[pick(MULTI_LINE_STARTS.length)]}${pick(3) === 0 ? '\r\n' : '\n'}`,
    );
  let text = parts.join('');
  // Cut at a random place, as a window would (possibly inside a secret), sometimes at both ends.
  if (pick(2) === 0) text = text.slice(0, text.length - pick(60));
  if (pick(3) === 0) text = text.slice(pick(60));
  return text;
}

describe('LineRedactions', () => {
  for (const kind of ['code', 'config'] as const) {
    it(`equals a whole-text scan on random ${kind} texts, cold and warm`, () => {
      const pick = random(kind === 'code' ? 17 : 23);
      const lines = new LineRedactions(kind);
      let lineAnswers = 0;
      for (let i = 0; i < 400; i++) {
        const text = randomText(pick);
        const whole = scanWhole(text, kind);
        const byLines = lines.redact(text);
        if (byLines) {
          lineAnswers++;
          assert.deepEqual(byLines, whole, `text ${i}: ${JSON.stringify(text)}`);
        }
        assert.deepEqual(lines.redact(text) ?? whole, whole, `text ${i} again`);
      }
      assert.ok(lineAnswers > 100, `line path used ${lineAnswers} times`);
    });
  }

  it('scans texts with private key material whole', () => {
    const text = `${'x = 1\n'.repeat(200)}${privateKeyBlock()}\n${'y = 2\n'.repeat(10)}`;
    assert.equal(new LineRedactions('code').redact(text), undefined);
    const out = redactSecrets(text, { path: 'a.py' });
    for (const fragment of canaryFragments()) assert.ok(!out.text.includes(fragment), fragment);
  });

  it('masks key lines it saw alone before once they are inside a key', () => {
    const lines = new LineRedactions('code');
    const filler = 'x = 1\n'.repeat(200);
    for (const body of CANARY.keyBody) lines.redact(`${filler}${body}\n${filler}`);
    lines.redact(`${filler}${privateKeyBlock().split('\n')[0]}\n`);
    const text = `${filler}${privateKeyBlock()}\n${filler}`;
    assert.deepEqual(lines.redact(text) ?? scanWhole(text, 'code'), scanWhole(text, 'code'));
  });

  it('masks block-scalar and next-line values it saw alone before once their key line is in the text', () => {
    const filler = 'x = 1\n'.repeat(200);
    const value = `    ${CANARY.password}-block-line\n`;
    for (const kind of ['code', 'config'] as const) {
      const lines = new LineRedactions(kind);
      assert.ok(lines.redact(`${filler}${value}${filler}`), 'the value line alone is cached');
      for (const key of ['password: |\n', 'api_token: >-\n', 'password =\n', 'secret:\n']) {
        const text = `${filler}${key}${value}${filler}`;
        assert.equal(lines.redact(text), undefined, `${JSON.stringify(key)} makes the text scanned whole`);
      }
    }
    const out = redactSecrets(`${filler}db:\n  password: |\n${value}${filler}`, { languageId: 'yaml' });
    assert.ok(!out.text.includes('hunter2'), 'masked');
  });

  it('keeps secrets masked when a window moves over cached lines', () => {
    const body = Array.from({ length: 300 }, (_, i) =>
      i % 37 === 0 ? `password = "${CANARY.password}${i}"\n` : `value_${i} = compute(${i})\n`,
    ).join('');
    for (let start = 0; start < 2000; start += 97) {
      const text = body.slice(start, start + 4000);
      const out = redactSecrets(text, { path: 'app.py' });
      assert.deepEqual(out, scanWhole(text, 'code'));
      assert.ok(!out.text.includes('hunter2'));
    }
  });
});
