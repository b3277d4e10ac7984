/** Golden renderings of every FIM template, with and without context files, and the auto table. */
import { commentLine } from '../../server/prompt/comments';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MODEL_FAMILY_PATTERNS, resolveFimMode, templateForModel } from '../../server/prompt/fim-mode';
import {
  commentedContext,
  FIM_TEMPLATE_NAMES,
  FIM_TEMPLATES,
  type FimParts,
  type FimTemplateName,
  renderPlainPrefix,
} from '../../server/prompt/fim-templates';

const bare: FimParts = {
  prefix: 'def add(a, b):\n    ',
  suffix: '\n\nprint(add(1, 2))\n',
  filePath: 'src/calc.py',
  languageId: 'python',
  context: [],
};
const withContext: FimParts = {
  ...bare,
  repoName: 'calc',
  context: [
    { path: 'src/util.py', text: 'def sub(a, b):\n    return a - b\n' },
    { path: 'README.md', text: 'Calculator' },
  ],
};

const GOLDEN: Record<FimTemplateName, { bare: string; context: string }> = {
  starcoder: {
    bare: '<fim_prefix>def add(a, b):\n    <fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>',
    context:
      '<repo_name>calc<file_sep>src/util.py\ndef sub(a, b):\n    return a - b\n<file_sep>README.md\nCalculator' +
      '<file_sep><fim_prefix>src/calc.py\ndef add(a, b):\n    <fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>',
  },
  codellama: {
    bare: '<PRE> def add(a, b):\n     <SUF>\n\nprint(add(1, 2))\n <MID>',
    context:
      '<PRE> # Path: src/util.py\ndef sub(a, b):\n    return a - b\n\n# Path: README.md\nCalculator\n\n# Path: src/calc.py\n' +
      'def add(a, b):\n     <SUF>\n\nprint(add(1, 2))\n <MID>',
  },
  deepseek: {
    bare: '<｜fim▁begin｜>def add(a, b):\n    <｜fim▁hole｜>\n\nprint(add(1, 2))\n<｜fim▁end｜>',
    context:
      '<｜fim▁begin｜># Path: src/util.py\ndef sub(a, b):\n    return a - b\n\n# Path: README.md\nCalculator\n\n# Path: src/calc.py\n' +
      'def add(a, b):\n    <｜fim▁hole｜>\n\nprint(add(1, 2))\n<｜fim▁end｜>',
  },
  qwen: {
    bare: '<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>',
    context:
      '<|repo_name|>calc\n<|file_sep|>src/util.py\ndef sub(a, b):\n    return a - b\n<|file_sep|>README.md\nCalculator\n' +
      '<|file_sep|>src/calc.py\n<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>',
  },
  codestral: {
    bare: '[SUFFIX]\n\nprint(add(1, 2))\n[PREFIX] def add(a, b):\n    ',
    context:
      '[SUFFIX]\n\nprint(add(1, 2))\n[PREFIX] # Path: src/util.py\ndef sub(a, b):\n    return a - b\n\n# Path: README.md\nCalculator\n\n' +
      '# Path: src/calc.py\ndef add(a, b):\n    ',
  },
  codegemma: {
    bare: '<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>',
    context:
      '<|file_separator|>src/util.py\ndef sub(a, b):\n    return a - b\n<|file_separator|>README.md\nCalculator\n' +
      '<|file_separator|>src/calc.py\n<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>',
  },
  granite: {
    bare: '<fim_prefix>def add(a, b):\n    <fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>',
    context:
      '<fim_prefix># Path: src/util.py\ndef sub(a, b):\n    return a - b\n\n# Path: README.md\nCalculator\n\n# Path: src/calc.py\n' +
      'def add(a, b):\n    <fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>',
  },
};

for (const name of FIM_TEMPLATE_NAMES) {
  test(`${name}: exact rendering without and with context files`, () => {
    const template = FIM_TEMPLATES[name];
    assert.equal(template.name, name);
    assert.equal(template.render(bare), GOLDEN[name].bare);
    assert.equal(template.render(withContext), GOLDEN[name].context);
  });

  test(`${name}: stops include every special token the template itself uses`, () => {
    const rendered = FIM_TEMPLATES[name].render(withContext);
    const specials = rendered.match(/<[|｜]?[A-Za-z_▁]+[|｜]?>|\[[A-Z]+\]/g) ?? [];
    // The tokens that open the middle are the only ones the model may legitimately never emit.
    const opening = new Set(['<fim_middle>', '<|fim_middle|>', '<MID>', '<｜fim▁end｜>', '[PREFIX]']);
    for (const token of new Set(specials)) {
      if (!opening.has(token)) assert.ok(FIM_TEMPLATES[name].stop.includes(token), `${name} should stop at ${token}`);
    }
    assert.ok(FIM_TEMPLATES[name].stop.length > 0);
  });
}

test('deepseek tokens use the fullwidth bar and the lower one-eighth block', () => {
  const rendered = FIM_TEMPLATES.deepseek.render(bare);
  assert.ok(rendered.startsWith('<\uFF5Cfim\u2581begin\uFF5C>'));
  assert.ok(rendered.includes('<\uFF5Cfim\u2581hole\uFF5C>') && rendered.endsWith('<\uFF5Cfim\u2581end\uFF5C>'));
});

test('plain prefix: the prefix alone, context as comment headers in the file’s language', () => {
  assert.equal(renderPlainPrefix(bare), bare.prefix);
  const ts = { ...withContext, languageId: 'typescript', filePath: 'a.ts' };
  assert.ok(renderPlainPrefix(ts).startsWith('// Path: src/util.py\n'));
  assert.ok(renderPlainPrefix(ts).endsWith('// Path: a.ts\ndef add(a, b):\n    '));
});

const AUTO_CASES: Array<[string, FimTemplateName | undefined]> = [
  ['qwen2.5-coder:1.5b', 'qwen'],
  ['Qwen/Qwen2.5-Coder-7B', 'qwen'],
  ['qwen2.5-coder-1.5b-q8_0.gguf', 'qwen'],
  ['codeqwen:7b', 'starcoder'],
  ['deepseek-coder:6.7b-base', 'deepseek'],
  ['deepseek-coder-v2:16b', 'deepseek'],
  ['starcoder2:3b', 'starcoder'],
  ['bigcode/starcoder', 'starcoder'],
  ['stable-code:3b', 'starcoder'],
  ['codellama:7b-code', 'codellama'],
  ['meta/code-llama-13b', 'codellama'],
  ['codestral:22b', 'codestral'],
  ['codestral-latest', 'codestral'],
  ['codegemma:2b', 'codegemma'],
  ['granite-code:3b', 'granite'],
  ['ibm-granite/granite-8b-code-base', 'granite'],
  ['llama3:8b', undefined],
  ['gpt-4o-mini', undefined],
  ['qwen2.5:7b', undefined],
];

for (const [model, expected] of AUTO_CASES) {
  test(`auto: ${model} → ${expected ?? 'no template'}`, () => {
    assert.equal(templateForModel(model), expected);
  });
}

test('every template is reachable from the auto table', () => {
  const reachable = new Set(MODEL_FAMILY_PATTERNS.map(([, name]) => name));
  assert.deepEqual([...reachable].sort(), [...FIM_TEMPLATE_NAMES].sort());
});

test('resolveFimMode: explicit template, auto, suffix, none, and the documented fallback', () => {
  assert.deepEqual(resolveFimMode('suffix', 'qwen2.5-coder'), { kind: 'suffix' });
  assert.deepEqual(resolveFimMode('none', 'qwen2.5-coder'), { kind: 'none' });
  const explicit = resolveFimMode('codellama', 'qwen2.5-coder');
  assert.equal(
    explicit.kind === 'template' ? explicit.template.name : '',
    'codellama',
    'an explicit name beats the model name',
  );
  const auto = resolveFimMode('auto', 'starcoder2:3b');
  assert.equal(auto.kind === 'template' ? auto.template.name : '', 'starcoder');
  assert.deepEqual(resolveFimMode('auto', 'llama3'), { kind: 'none' }, 'unknown model: plain prefix');
});

test('suffix first (backend.fimOrder spm): exact renderings for the families trained with it', () => {
  assert.equal(
    FIM_TEMPLATES.starcoder.renderSuffixFirst?.(bare),
    '<fim_prefix><fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>def add(a, b):\n    ',
  );
  assert.equal(
    FIM_TEMPLATES.starcoder.renderSuffixFirst?.(withContext),
    '<repo_name>calc<file_sep>src/util.py\ndef sub(a, b):\n    return a - b\n<file_sep>README.md\nCalculator' +
      '<file_sep><fim_prefix><fim_suffix>\n\nprint(add(1, 2))\n<fim_middle>src/calc.py\ndef add(a, b):\n    ',
  );
  assert.equal(
    FIM_TEMPLATES.codellama.renderSuffixFirst?.(bare),
    '<PRE> <SUF>\n\nprint(add(1, 2))\n <MID> def add(a, b):\n    ',
  );
});

test('suffix first: typing one more character only appends to the prompt, so a server can reuse its cache', () => {
  for (const name of FIM_TEMPLATE_NAMES) {
    const mode = resolveFimMode(name, '', 'spm');
    assert.equal(mode.kind, 'template');
    if (mode.kind !== 'template') continue;
    const before = mode.render(withContext);
    const after = mode.render({ ...withContext, prefix: `${withContext.prefix}r` });
    const suffixFirst = mode.template.renderSuffixFirst !== undefined || name === 'codestral';
    assert.equal(after.startsWith(before), suffixFirst, `${name}: ${suffixFirst ? 'suffix-first' : 'its one order'}`);
  }
});

test('resolveFimMode: spm and auto suffix first where the template has that form; psm keeps the usual order', () => {
  for (const order of ['auto', 'spm'] as const) {
    const spm = resolveFimMode('auto', 'starcoder2:3b', order);
    assert.equal(
      spm.kind === 'template' ? spm.render(bare) : '',
      FIM_TEMPLATES.starcoder.renderSuffixFirst?.(bare),
      order,
    );
  }
  const usual = resolveFimMode('starcoder', '', 'psm');
  assert.equal(usual.kind === 'template' ? usual.render(bare) : '', GOLDEN.starcoder.bare);
  const qwen = resolveFimMode('qwen', '', 'spm');
  assert.equal(
    qwen.kind === 'template' ? qwen.render(bare) : '',
    GOLDEN.qwen.bare,
    'no suffix-first form: its one order',
  );
});

test('context file headers are comments of the file language, from the grammar data (one table for every header)', () => {
  const header = (languageId: string) => commentLine(languageId, 'Path: a/b');
  assert.equal(header('python'), '# Path: a/b');
  assert.equal(header('ini'), '; Path: a/b', 'not C-style: // is no comment in an ini file');
  assert.equal(header('dotenv'), '# Path: a/b');
  assert.equal(header('fish'), '# Path: a/b');
  assert.equal(header('html'), '<!-- Path: a/b -->');
  assert.equal(header('TypeScript'), '// Path: a/b', 'ids compared without case');
  assert.equal(header('no-such-language'), '// Path: a/b', 'unknown: C-style');
  assert.equal(commentLine('', 'Path: a/b', 'x/y.rb'), '# Path: a/b', 'language guessed from the path');
});

test('commented context files: an unknown language id takes its comment style from the current file path', () => {
  const text = commentedContext({
    prefix: '',
    suffix: '',
    filePath: 'lib/task.rb',
    languageId: 'x-unknown',
    context: [{ path: 'lib/util.rb', text: 'def helper; end' }],
  });
  assert.equal(text, '# Path: lib/util.rb\ndef helper; end\n\n# Path: lib/task.rb\n');
});
