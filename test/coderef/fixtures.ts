/** A temp workspace with a planted GPL-3.0 package under node_modules, and the texts the tests use. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A distinctive function, as the planted package ships it (about 700 characters of code). */
export const GPL_FUNCTION = `function zebraquillRebalance(ledger, tolerance) {
  const buckets = new Map();
  for (const entry of ledger.entries) {
    const key = entry.account + ':' + entry.currency;
    const prior = buckets.get(key) ?? { debit: 0, credit: 0, count: 0 };
    prior.debit += entry.kind === 'debit' ? entry.amount : 0;
    prior.credit += entry.kind === 'credit' ? entry.amount : 0;
    prior.count += 1;
    buckets.set(key, prior);
  }
  const drifted = [];
  for (const [key, b] of buckets) {
    const delta = Math.abs(b.debit - b.credit);
    if (delta > tolerance * Math.max(1, b.count)) drifted.push({ key, delta, count: b.count });
  }
  return drifted.sort((a, b) => b.delta - a.delta || a.key.localeCompare(b.key));
}
`;

export const MIT_PARAGRAPH = `// Permission is hereby granted, free of charge, to any person obtaining a copy
// of this software and associated documentation files (the "Software"), to deal
// in the Software without restriction, including without limitation the rights
// to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
// copies of the Software, and to permit persons to whom the Software is
// furnished to do so, subject to the following conditions:
`;

export const GPL_PARAGRAPH = `# This program is free software: you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation, either version 3 of the License, or
# (at your option) any later version.
#
# This program is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
# GNU General Public License for more details.
`;

/** Makes the workspace; returns its real path. */
export function plantWorkspace(projectLicence = 'MIT'): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'arbor-coderef-')));
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'app', version: '1.0.0', license: projectLicence }),
  );
  const pkg = path.join(root, 'node_modules', 'zebraquill');
  fs.mkdirSync(path.join(pkg, 'lib'), { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: 'zebraquill', version: '2.4.1', license: 'GPL-3.0-or-later' }),
  );
  fs.writeFileSync(
    path.join(pkg, 'lib', 'ledger.js'),
    `'use strict';\n\n/* helpers */\nconst VERSION = '2.4.1';\n\n${GPL_FUNCTION}\nmodule.exports = { zebraquillRebalance, VERSION };\n`,
  );
  const other = path.join(root, 'node_modules', '@scope', 'tiny');
  fs.mkdirSync(other, { recursive: true });
  fs.writeFileSync(
    path.join(other, 'package.json'),
    JSON.stringify({ name: '@scope/tiny', version: '0.1.0', license: 'MIT' }),
  );
  fs.writeFileSync(path.join(other, 'index.js'), 'module.exports = function add(a, b) { return a + b; };\n');
  fs.mkdirSync(path.join(root, 'src'));
  fs.writeFileSync(path.join(root, 'src', 'app.js'), '// app\n\n');
  return root;
}
