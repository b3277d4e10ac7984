/**
 * The server bundle's Headers stands in for the global one (undici's): every script below runs on
 * both and must end in the same headers, or throw on both.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { FetchHeaders } from '../../server/backends/fetch-headers';
import { SERVER_JS } from '../support/lsp-client';

type Make = (init?: never) => Headers;
type Script = (make: Make) => Headers;

const SCRIPTS: Record<string, Script> = {
  empty: (make) => make(),
  'record init, mixed case': (make) => make({ 'Content-Type': 'application/json', 'X-Stainless-OS': 'Linux' } as never),
  'pair init, repeated name': (make) =>
    make([
      ['Accept', 'a'],
      ['accept', 'b'],
    ] as never),
  'headers init': (make) =>
    make(
      make([
        ['B', '2'],
        ['a', '1'],
      ] as never) as never,
    ),
  'append joins, set replaces': (make) => {
    const h = make();
    h.append('X-A', '1');
    h.append('x-a', '2');
    h.set('X-B', '3');
    h.set('x-b', '4');
    return h;
  },
  'delete is case-insensitive': (make) => {
    const h = make({ Authorization: 'Bearer k', Other: 'o' } as never);
    h.delete('AUTHORIZATION');
    return h;
  },
  'values are trimmed': (make) => make({ 'x-space': '  padded \t' } as never),
  'set-cookie stays apart': (make) => {
    const h = make();
    h.append('Set-Cookie', 'a=1');
    h.append('set-cookie', 'b=2');
    return h;
  },
  'sorted iteration': (make) => make({ zeta: 'z', Alpha: 'a', mid: 'm' } as never),
  'a line break in a value is refused': (make) => make({ 'x-evil': 'a\r\nInjected: yes' } as never),
  'a space in a name is refused': (make) => make({ 'bad name': 'v' } as never),
  'an empty name is refused': (make) => make({ '': 'v' } as never),
  'a pair of three is refused': (make) => make([['a', 'b', 'c']] as never),
};

function outcome(script: Script, make: Make): unknown {
  try {
    const h = script(make);
    return {
      entries: [...h],
      forEach: (() => {
        const seen: string[] = [];
        h.forEach((v, k) => {
          seen.push(`${k}=${v}`);
        });
        return seen;
      })(),
      keys: [...h.keys()],
      values: [...h.values()],
      get: ['x-a', 'X-B', 'set-cookie', 'missing', 'accept'].map((n) => h.get(n)),
      has: ['x-a', 'AUTHORIZATION', 'other'].map((n) => h.has(n)),
      cookies: h.getSetCookie(),
    };
  } catch (err) {
    return { threw: (err as Error).constructor.name };
  }
}

for (const [name, script] of Object.entries(SCRIPTS)) {
  test(`FetchHeaders answers as the global Headers: ${name}`, () => {
    const ours = outcome(script, (init) => new FetchHeaders(init) as unknown as Headers);
    const global = outcome(script, (init) => new Headers(init));
    assert.deepEqual(ours, global);
  });
}

test('the server bundle uses FetchHeaders in place of the global Headers', () => {
  const bundle = fs.readFileSync(SERVER_JS, 'utf8');
  assert.match(
    bundle,
    /new FetchHeaders\(/,
    `${path.basename(SERVER_JS)} is not the bundle, or Headers was not replaced`,
  );
  assert.doesNotMatch(bundle, /new Headers\(/, 'a bundled module still makes the global Headers');
});
