import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gateCompletion, wordBeforeCursor } from '../../server/completion/gate';
import { CompletionScheduler, Rhythm } from '../../server/completion/scheduler';
import { TypeaheadCache } from '../../server/completion/typeahead-cache';

test('gate: no request before word characters; mid-line only before closers', () => {
  assert.deepEqual(gateCompletion(''), { ok: true });
  assert.deepEqual(gateCompletion(')'), { ok: true });
  assert.deepEqual(gateCompletion('"]);  '), { ok: true });
  assert.equal(gateCompletion('foo)').ok, false);
  assert.equal(gateCompletion('é').ok, false, 'unicode letters are word characters');
  assert.equal(gateCompletion(') + x').ok, false);
  assert.equal(wordBeforeCursor('  return fooBar'), 'fooBar');
  assert.equal(wordBeforeCursor('x = 漢字'), '漢字');
  assert.equal(wordBeforeCursor('call('), '');
});

test('typeahead cache: typing into a suggestion answers the rest; anything else misses', () => {
  const cache = new TypeaheadCache();
  cache.remember('u', 'def f(', '):\n', ['a, b', 'x']);
  assert.deepEqual(cache.lookup('u', 'def f(a', '):\n'), [', b']);
  assert.deepEqual(cache.lookup('u', 'def f(a, ', '):\n'), ['b']);
  assert.equal(cache.lookup('u', 'def f(a, b', '):\n'), undefined, 'fully typed: nothing left to suggest');
  assert.equal(cache.lookup('u', 'def f(q', '):\n'), undefined, 'diverged from the suggestion');
  assert.equal(cache.lookup('u', 'def f(a', ')\n'), undefined, 'text after the cursor changed');
  assert.equal(cache.lookup('other', 'def f(a', '):\n'), undefined);
  cache.forget('u');
  assert.equal(cache.lookup('u', 'def f(a', '):\n'), undefined);
});

test('typeahead cache: only the documents typed in most recently keep entries', () => {
  const cache = new TypeaheadCache(8, 2);
  for (const uri of ['a', 'b', 'c']) cache.remember(uri, 'x = ', '\n', ['value']);
  assert.equal(cache.lookup('a', 'x = v', '\n'), undefined, 'the oldest document gave its entries up');
  assert.deepEqual(cache.lookup('b', 'x = v', '\n'), ['alue']);
  cache.remember('b', 'y = ', '\n', ['other']); // typing in b again makes it the latest
  cache.remember('d', 'x = ', '\n', ['value']);
  assert.deepEqual(cache.lookup('b', 'x = v', '\n'), ['alue']);
  assert.equal(cache.lookup('c', 'x = v', '\n'), undefined);
});

test('scheduler: an isolated request goes at once; in a burst only the last one runs', async () => {
  let now = 0;
  const s = new CompletionScheduler(() => now);
  const signal = new AbortController().signal;
  assert.equal((await s.admit('u', 'k1', 50, signal)).kind, 'go');
  // Burst: three more requests 10 ms apart (virtual clock), all waiting concurrently.
  now = 10;
  const a = s.admit('u', 'k2', 50, signal);
  now = 20;
  const b = s.admit('u', 'k3', 50, signal);
  now = 30;
  const c = s.admit('u', 'k4', 50, signal);
  assert.deepEqual(await Promise.all([a, b, c]).then((r) => r.map((x) => x.kind)), ['superseded', 'superseded', 'go']);
  // Another document is independent.
  now = 31;
  assert.equal((await s.admit('v', 'k1', 50, signal)).kind, 'go');
});

test('scheduler: a new request aborts the previous model work; identical work is shared; last waiter leaving aborts', async () => {
  let now = 0;
  const s = new CompletionScheduler(() => now);
  const never = new AbortController().signal;
  let started = 0;
  const start = (sig: AbortSignal) => {
    started++;
    return new Promise<string>((resolve) => sig.addEventListener('abort', () => resolve('aborted')));
  };
  const w1 = s.share('u', 'k1', never, start);
  const w1again = s.share('u', 'k1', never, start);
  assert.equal(w1, w1again);
  assert.equal(started, 1, 'identical request shared the model call');
  now = 5000; // not a burst: admitted at once, but it still supersedes the old work
  assert.equal((await s.admit('u', 'k2', 50, never)).kind, 'go');
  assert.equal(await w1.promise, 'aborted');

  const c1 = new AbortController();
  const c2 = new AbortController();
  const w2 = s.share('u', 'k2', c1.signal, start);
  s.share('u', 'k2', c2.signal, start);
  c1.abort();
  assert.equal(w2.controller.signal.aborted, false, 'one waiter is left');
  c2.abort();
  assert.equal(w2.controller.signal.aborted, true, 'nobody waits: the model call stops');
});

test('rhythm: an even rhythm waits 1.5 gaps; an uneven one waits longer; never past 400 ms', () => {
  const even = new Rhythm();
  for (let i = 0; i < 20; i++) even.add(60);
  assert.ok(Math.abs(even.wait(0) - 90) < 1, `even: ${even.wait(0)}`);
  assert.equal(even.wait(150), 150, 'the configured debounce is the floor');
  const uneven = new Rhythm();
  for (let i = 0; i < 20; i++) uneven.add(i % 2 ? 30 : 90);
  assert.ok(uneven.wait(0) > 120, `uneven: ${uneven.wait(0)}`);
  const slow = new Rhythm();
  for (let i = 0; i < 20; i++) slow.add(i % 2 ? 100 : 900);
  assert.equal(slow.wait(0), 400);
});
