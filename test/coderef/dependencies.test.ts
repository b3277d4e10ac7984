import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CodeReferencing } from '../../server/coderef/code-referencing';
import { dependencyPackages } from '../../server/coderef/dependencies';
import { defaultConfig } from '../../server/config/schema';
import { GPL_FUNCTION, plantWorkspace } from './fixtures';

const MIT_TEXT = `MIT License

Copyright (c) 2020 Someone

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:
`;

test('dependencies: node_modules (scoped too), vendor/ by its LICENSE, a virtualenv by METADATA', async () => {
  const root = plantWorkspace();
  try {
    fs.mkdirSync(path.join(root, 'vendor', 'minilib'), { recursive: true });
    fs.writeFileSync(path.join(root, 'vendor', 'minilib', 'LICENSE'), MIT_TEXT);
    fs.writeFileSync(path.join(root, 'vendor', 'minilib', 'mini.c'), 'int mini(void) { return 0; }\n');
    const site = path.join(root, '.venv', 'lib', 'python3.12', 'site-packages');
    fs.mkdirSync(path.join(site, 'pyquill-1.0.dist-info'), { recursive: true });
    fs.mkdirSync(path.join(site, 'pyquill'));
    fs.writeFileSync(
      path.join(site, 'pyquill-1.0.dist-info', 'METADATA'),
      'Metadata-Version: 2.1\nName: pyquill\nVersion: 1.0\nLicense: LGPL-3.0-or-later\n\nA package.\n',
    );
    fs.writeFileSync(path.join(site, 'pyquill', '__init__.py'), 'def f():\n    return 1\n');
    const pkgs = await dependencyPackages(root, { roots: [root], maxBytes: 1 << 20 });
    const brief = pkgs.map((p) => [p.name, p.version, p.licence, p.dirs.map((d) => path.relative(root, d))]);
    assert.deepEqual(brief, [
      ['@scope/tiny', '0.1.0', 'MIT', ['node_modules/@scope/tiny']],
      ['zebraquill', '2.4.1', 'GPL-3.0', ['node_modules/zebraquill']],
      ['minilib', '', 'MIT', ['vendor/minilib']],
      ['pyquill', '1.0', 'LGPL-3.0', [path.join('.venv', 'lib', 'python3.12', 'site-packages', 'pyquill')]],
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('dependency index: files go through the guarded reader (exclusions, symbolic links) and the limits hold', async () => {
  const root = plantWorkspace();
  try {
    const config = defaultConfig();
    const file = path.join(root, 'node_modules', 'zebraquill', 'lib', 'ledger.js');
    // Excluded by the privacy rules: never read, never matched.
    const excluded = new CodeReferencing({
      config: () => config,
      roots: () => [root],
      isExcluded: (p) => p.endsWith('ledger.js'),
    });
    await excluded.start();
    assert.equal(excluded.check(GPL_FUNCTION)?.origin, undefined);
    // A symbolic link in place of the file is refused by the guarded reader.
    const outside = fs.mkdtempSync(path.join(path.dirname(root), 'arbor-coderef-outside-'));
    fs.renameSync(file, path.join(outside, 'ledger.js'));
    fs.symlinkSync(path.join(outside, 'ledger.js'), file);
    const linked = new CodeReferencing({ config: () => config, roots: () => [root], isExcluded: () => false });
    await linked.start();
    assert.equal(linked.check(GPL_FUNCTION)?.origin, undefined);
    fs.rmSync(outside, { recursive: true, force: true });
    // maxFiles: 0 indexes nothing.
    let summary = '';
    const none = new CodeReferencing({
      config: () => config,
      roots: () => [root],
      isExcluded: () => false,
      limits: { maxFiles: 0 },
      onIndexed: (s) => (summary = s),
    });
    await none.start();
    assert.match(summary, /indexed 0 files/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('check cost: p50 well under 1 ms for a 17-line suggestion against an indexed package', async () => {
  const root = plantWorkspace();
  try {
    const config = defaultConfig();
    const refs = new CodeReferencing({ config: () => config, roots: () => [root], isExcluded: () => false });
    await refs.start();
    const texts = [GPL_FUNCTION, GPL_FUNCTION.replace(/zebraquill/g, 'other'), 'const x = compute(a, b);\n'.repeat(20)];
    const times: number[] = [];
    for (let i = 0; i < 600; i++) {
      const t = performance.now();
      refs.check(texts[i % 3]);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p50 = times[times.length >> 1];
    assert.ok(p50 < 1, `p50 ${p50.toFixed(3)} ms`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
