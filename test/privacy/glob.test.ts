import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globToRegExp } from '../../server/privacy/glob';

describe('globToRegExp', () => {
  const table: [pattern: string, matches: string[], misses: string[]][] = [
    ['*.pem', ['a.pem', '.pem'], ['a.pem.txt', 'dir/a.pem', 'apem']],
    ['.env*', ['.env', '.env.local', '.envrc'], ['x.env', 'env']],
    ['?.key', ['a.key'], ['ab.key', '/.key']],
    ['**/secret/**', ['secret/a', 'x/y/secret/a/b', 'secret'], ['secrets/a', 'x/notsecret/a']],
    ['src/**/*.ts', ['src/a.ts', 'src/x/y/a.ts'], ['src/a.js', 'lib/src/a.ts']],
    ['config/*.{yml,yaml}', ['config/a.yml', 'config/b.yaml'], ['config/a.json', 'config/x/a.yml']],
    ['{a,b{c,d}}.txt', ['a.txt', 'bc.txt', 'bd.txt'], ['b.txt', 'abc.txt']],
    ['[ab]*.log', ['a.log', 'b1.log'], ['c.log']],
    ['[!ab]*.log', ['c.log'], ['a.log', '/x.log']],
    ['file(1).txt', ['file(1).txt'], ['file1.txt']],
    ['a+b.txt', ['a+b.txt'], ['aab.txt']],
    ['\\*.txt', ['*.txt'], ['a.txt']],
    ['unclosed[.txt', ['unclosed[.txt'], []],
    ['unclosed{.txt', ['unclosed{.txt'], []],
  ];
  for (const [pattern, matches, misses] of table) {
    it(pattern, () => {
      const re = globToRegExp(pattern);
      for (const m of matches) assert.ok(re.test(m), `${pattern} should match ${m}`);
      for (const m of misses) assert.ok(!re.test(m), `${pattern} should not match ${m}`);
    });
  }
});
