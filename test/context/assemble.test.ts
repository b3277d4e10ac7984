import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildFimInput, type BuildFimArgs } from '../../server/context/assemble';
import { clearDocumentCache } from '../../server/context/document-cache';
import { estimateTokens } from '../../server/context/tokens';
import { createExclusionMatcher } from '../../server/privacy/exclude';
import { CANARY, canaryFragments, privateKeyBlock } from '../privacy/canaries';
import { TestDocs, withCursor } from './docs';

const WS = 'file:///proj';
const docs = new TestDocs();
let base: BuildFimArgs;

// A Python service: a class far above the cursor, imports at the top, helpers in other open files.
const filler = Array.from({ length: 120 }, (_, i) => `        step_${i} = self.rate * ${i}\n`).join('');
const current = withCursor(
  `import logging\nfrom billing.money import Money, round_cents\n\nlog = logging.getLogger(__name__)\n\n\nclass InvoiceService:\n    def __init__(self, rate):\n        self.rate = rate\n\n    def total(self, invoice, discount=0):\n${filler}        amount = round_cents(invoice.net * self.rate)\n        return Money(<|cursor|>)\n\n    def close(self):\n        pass\n`,
);
const money = `from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Money:\n    amount: int\n    currency: str = "EUR"\n\n\ndef round_cents(value: float) -> int:\n    return int(round(value * 100))\n`;
const similar = `def settle(invoice, rate):\n    amount = round_cents(invoice.net * rate)\n    return Money(amount, invoice.currency)\n`;
const unrelated = `def slugify(text):\n    return "-".join(text.lower().split())\n`;

before(async () => {
  const openDocuments = [
    await docs.open('python', `${WS}/billing/money.py`, money),
    await docs.open('python', `${WS}/billing/settle.py`, similar),
    await docs.open('python', `${WS}/util/text.py`, unrelated),
  ];
  const self = await docs.open('python', `${WS}/billing/invoice.py`, current.text);
  base = {
    ...self,
    offset: current.offset,
    openDocuments: [self, ...openDocuments],
    budgetTokens: 2048,
    workspaceFolders: [WS],
    isExcluded: createExclusionMatcher([], [WS]),
  };
});
after(() => docs.dispose());

function contextPaths(args: BuildFimArgs): string[] {
  return buildFimInput(args).input.context.map((c) => c.path);
}

describe('buildFimInput', () => {
  it('is deterministic: same input twice, any document order, warm or cold caches', () => {
    const first = buildFimInput(base);
    const again = buildFimInput(base);
    const reversed = buildFimInput({ ...base, openDocuments: [...base.openDocuments].reverse() });
    clearDocumentCache();
    const cold = buildFimInput(base);
    const json = JSON.stringify(first);
    assert.equal(JSON.stringify(again), json);
    assert.equal(JSON.stringify(reversed), json);
    assert.equal(JSON.stringify(cold), json);
  });

  it('ends the prefix exactly at the cursor and starts the suffix there', () => {
    const { input } = buildFimInput(base);
    assert.ok(input.prefix.endsWith('        return Money('));
    assert.ok(input.suffix.startsWith(')\n'));
    assert.ok(
      current.text.slice(0, current.offset).endsWith(input.prefix.slice(input.prefix.lastIndexOf('\n        amount'))),
    );
  });

  it('names files relative to the workspace', () => {
    const { input } = buildFimInput(base);
    assert.equal(input.filePath, 'billing/invoice.py');
    assert.equal(input.languageId, 'python');
    assert.deepEqual(input.context.map((c) => c.path).sort(), ['billing/money.py', 'billing/settle.py']);
  });

  it('starts with a path comment only when no context file names the current file', () => {
    const alone = { ...base, openDocuments: [] };
    assert.ok(buildFimInput(alone).input.prefix.startsWith('# Path: billing/invoice.py\n'));
    assert.ok(!buildFimInput({ ...alone, header: false }).input.prefix.startsWith('# Path'));
    assert.ok(
      !buildFimInput(base).input.prefix.startsWith('# Path'),
      'the FIM template names it beside the context files',
    );
  });

  it('shows the enclosing class and method signatures far above the window', () => {
    const { input, snippets } = buildFimInput({ ...base, budgetTokens: 600 });
    assert.ok(
      input.prefix.includes('class InvoiceService:\n    def total(self, invoice, discount=0):\n'),
      input.prefix,
    );
    assert.ok(snippets.some((s) => s.source === 'scope'));
  });

  it('shows imports that are above the window', () => {
    const { input } = buildFimInput({ ...base, budgetTokens: 600 });
    assert.ok(input.prefix.includes('import logging\nfrom billing.money import Money, round_cents\n'));
  });

  it('drops the outline and imports when the window already holds them', async () => {
    const small = withCursor('import os\n\nclass A:\n    def f(self):\n        return os.<|cursor|>\n');
    const self = await docs.open('python', `${WS}/small.py`, small.text);
    const { input, snippets } = buildFimInput({ ...base, ...self, offset: small.offset, openDocuments: [] });
    assert.equal(input.prefix, '# Path: small.py\nimport os\n\nclass A:\n    def f(self):\n        return os.');
    assert.deepEqual(snippets.map((s) => s.source).sort(), ['header', 'prefix', 'suffix']);
  });

  it('adds definitions from other open files for names used near the cursor', () => {
    const { input, snippets } = buildFimInput(base);
    const moneyFile = input.context.find((c) => c.path === 'billing/money.py');
    assert.ok(moneyFile, 'billing/money.py in context');
    assert.ok(moneyFile.text.includes('class Money:\n    amount: int'));
    assert.ok(moneyFile.text.includes('def round_cents(value: float) -> int:'));
    assert.ok(snippets.some((s) => s.source === 'definition' && s.path === 'billing/money.py'));
  });

  it('adds similar code from other open files', () => {
    const { input, snippets } = buildFimInput(base);
    assert.ok(snippets.some((s) => s.source === 'similar' && s.path === 'billing/settle.py'));
    assert.ok(
      input.context.some(
        (c) => c.path === 'billing/settle.py' && c.text.includes('return Money(amount, invoice.currency)'),
      ),
    );
    assert.ok(!contextPaths(base).includes('util/text.py'), 'unrelated file left out');
  });

  it('puts the most relevant context file last', () => {
    assert.deepEqual(contextPaths(base), ['billing/settle.py', 'billing/money.py']);
  });

  it('never exceeds the budget', () => {
    for (const budget of [0, 1, 5, 20, 64, 100, 150, 300, 700, 2048, 8000]) {
      const build = buildFimInput({ ...base, budgetTokens: budget });
      const { input } = build;
      const measured =
        estimateTokens(input.prefix) +
        estimateTokens(input.suffix) +
        input.context.reduce((n, c) => n + estimateTokens(c.path) + 3 + estimateTokens(c.text), 0);
      assert.equal(build.tokens, measured, `reported tokens at ${budget}`);
      assert.ok(build.tokens <= budget, `${build.tokens} <= ${budget}`);
    }
  });

  it('spends a tight budget on the lines around the cursor first', () => {
    const tiny = buildFimInput({ ...base, budgetTokens: 20 });
    assert.ok(tiny.input.prefix.endsWith('\n        return Money('), 'the cursor line whole');
    assert.equal(tiny.input.suffix, ')\n\n');
    assert.equal(tiny.input.context.length, 0);
    const small = buildFimInput({ ...base, budgetTokens: 64 });
    assert.ok(
      small.input.prefix.endsWith('        amount = round_cents(invoice.net * self.rate)\n        return Money('),
    );
    assert.equal(small.input.context.length, 0);
  });

  it('honours priorities: definitions before similar code, both before a wider window', () => {
    const sourcesAt = (budget: number): Set<string> =>
      new Set(buildFimInput({ ...base, budgetTokens: budget }).snippets.map((s) => s.source));
    const mid = sourcesAt(400);
    assert.ok(mid.has('definition') && mid.has('scope'), [...mid].join());
    assert.ok(!mid.has('similar'));
    const wide = sourcesAt(2048);
    assert.ok(wide.has('definition') && wide.has('similar'));
  });

  it('leaves excluded documents out of the context', () => {
    const env = {
      uri: `${WS}/.env`,
      languageId: 'dotenv',
      text: 'round_cents = Money(amount)\nINVOICE_RATE=excluded-env\n',
    };
    const extra = {
      uri: `${WS}/billing/legacy.py`,
      languageId: 'python',
      text: similar.replace('settle', 'legacy_settle'),
    };
    const args = {
      ...base,
      openDocuments: [...base.openDocuments, env, extra],
      isExcluded: createExclusionMatcher(['**/legacy.py'], [WS]),
    };
    const out = JSON.stringify(buildFimInput(args).input);
    assert.ok(!out.includes('excluded-env'));
    assert.ok(!out.includes('legacy'));
    assert.ok(out.includes('billing/settle.py'), 'the allowed twin still contributes');
  });

  it('returns nothing for an excluded current document', () => {
    const build = buildFimInput({ ...base, isExcluded: (u) => u.endsWith('invoice.py') });
    assert.deepEqual(build.input, {
      kind: 'fim',
      prefix: '',
      suffix: '',
      filePath: 'billing/invoice.py',
      languageId: 'python',
      context: [],
    });
    assert.equal(build.tokens, 0);
  });

  it('masks secrets in the current file and in context files', () => {
    const secretLines = `AWS_KEY_ID = "${CANARY.awsKeyId}"\npassword = "${CANARY.password}"\nGITHUB = "${CANARY.github}"\n`;
    const leaky = withCursor(
      `${secretLines}KEY = """${privateKeyBlock()}"""\nOPENAI = "${CANARY.openai}"\n\n\n\n\n\n\ndef f(invoice, rate):\n    amount = round_cents(invoice.net * rate)\n    return Money(<|cursor|>)\n# ${CANARY.slack}\n`,
    );
    const contextDoc = {
      uri: `${WS}/billing/keys.py`,
      languageId: 'python',
      text: `def settle(invoice, rate):\n    token = "${CANARY.github}"\n    amount = round_cents(invoice.net * rate)\n    return Money(amount, invoice.currency)\n`,
    };
    const build = buildFimInput({
      ...base,
      ...leaky,
      doc: undefined,
      openDocuments: [...base.openDocuments, contextDoc],
    });
    const out = JSON.stringify(build);
    for (const f of canaryFragments()) assert.ok(!out.includes(f), `leaked ${f}`);
    assert.ok(
      build.input.context.some((c) => c.path === 'billing/keys.py'),
      'the secret-bearing file is still used, masked',
    );
    assert.ok(build.input.prefix.includes('password = "*****'));
  });

  it('masks a secret that the cursor splits', () => {
    const split = withCursor(`password = "${CANARY.password.slice(0, 4)}<|cursor|>${CANARY.password.slice(4)}"\n`);
    const { input } = buildFimInput({ ...base, ...split, doc: undefined, openDocuments: [] });
    assert.ok(!`${input.prefix}${input.suffix}`.includes('hunt'));
    assert.ok(!input.suffix.includes('er2-canary'));
  });

  it('keeps CRLF in rendered parts of a CRLF document', () => {
    const crlf = withCursor('import os\r\n\r\nx = 1\r\ny = os.<|cursor|>\r\n');
    const { input } = buildFimInput({ ...base, ...crlf, uri: `${WS}/w.py`, doc: undefined, openDocuments: [] });
    assert.equal(input.prefix, '# Path: w.py\r\nimport os\r\n\r\nx = 1\r\ny = os.');
    assert.equal(input.suffix, '\r\n');
  });
});
