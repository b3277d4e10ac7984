import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { inForeground, whenNoRequest } from '../../server/documents/foreground';

test('a background step waits for a short request in flight to end', async () => {
  const order: string[] = [];
  const request = inForeground(async () => {
    await sleep(20);
    order.push('request done');
  });
  whenNoRequest(() => order.push('step'));
  await request;
  await sleep(10);
  assert.deepEqual(order, ['request done', 'step']);
});

test('a background step runs during a long request in flight: steady typing keeps one in flight nearly all the time', async () => {
  let stepped = false;
  const started = performance.now();
  let ranAfter = Number.NaN;
  await inForeground(async () => {
    whenNoRequest(() => {
      stepped = true;
      ranAfter = performance.now() - started;
    });
    await sleep(1500);
    assert.ok(stepped, 'the step ran while the request was still in flight');
  });
  assert.ok(ranAfter < 1500, `after ${ranAfter.toFixed(0)} ms`);
});
