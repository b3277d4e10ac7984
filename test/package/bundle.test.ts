import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as vm from 'node:vm';
import { escapeNonAscii } from '../../scripts/package/bundle-server';
import { serverDir } from '../../server/paths';

test('the server bundles are ASCII, so V8 holds their source at one byte per character', () => {
  for (const file of ['cli.js', path.join('workspace', 'parse-worker.js')]) {
    const text = fs.readFileSync(path.join(serverDir(), file), 'utf8');
    const line = text.split('\n').findIndex((l) => /[\u0080-\uffff]/.test(l));
    assert.equal(line, -1, `${file}:${line + 1} is not ASCII`);
  }
});

test('escaping what esbuild leaves (comments, regex literals) keeps what the code does', () => {
  const source = [
    '// a comment with an arrow → and a wave 👋',
    'const results = [];',
    "results.push('sk-…'.length, `→${'x'}`, '👋'.length);",
    'results.push(/^(?:\\.{3}|…|none)$/i.test("…"), /…/.test("u".repeat(3)), /^👋$/.test("👋"), /^👋$/u.test("👋"));',
    'results.push(/[→-⇿]/.test("⇒"), /^.$/u.test("👋"), /^..$/.test("👋"));',
    'results;',
  ].join('\n');
  const escaped = escapeNonAscii(source);
  assert.doesNotMatch(escaped, /[\u0080-\uffff]/);
  assert.notEqual(escaped, source);
  const run = (code: string) => JSON.stringify(vm.runInNewContext(code));
  assert.equal(run(escaped), run(source));
  assert.equal(run(source), '[4,"→x",2,true,false,true,true,true,true,true]');
});
