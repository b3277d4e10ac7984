/** The node:http fetch the openai client uses: what the client relies on behaves as fetch's would. */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createHttpFetch } from '../../server/backends/http-fetch';

let server: http.Server;
let base: string;
const closed: string[] = [];
const seen: Array<{ method?: string; headers: http.IncomingHttpHeaders; body: string; port?: number }> = [];

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body, port: req.socket.remotePort });
      res.on('close', () => !res.writableFinished && closed.push(req.url ?? ''));
      if (req.url === '/json')
        return res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r1' }).end('{"ünï":"cödé"}');
      if (req.url === '/moved') return res.writeHead(307, { location: '/json' }).end();
      if (req.url === '/pieces') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: a\n\n');
        setTimeout(() => res.end('data: b\n\n'), 20);
        return;
      }
      if (req.url === '/burst') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.end('data: a\n\ndata: b\n\ndata: [DONE]\n\n');
      }
      if (req.url === '/hang') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return res.write('data: a\n\n');
      }
      if (req.url === '/drop') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: a\n\n');
        return setTimeout(() => res.socket?.destroy(), 10);
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const http0 = createHttpFetch();
after(() => http0.destroy());

async function drain(body: AsyncIterable<Uint8Array>): Promise<string> {
  let text = '';
  for await (const chunk of body) text += Buffer.from(chunk).toString('utf8');
  return text;
}

test('POST: headers and a UTF-8 body with its byte length; status, headers and json() of the answer', async () => {
  const body = JSON.stringify({ prompt: 'é€😀' });
  const res = await http0.fetch(`${base}/json`, {
    method: 'POST',
    headers: new Headers({ Authorization: 'Bearer k', 'Content-Type': 'application/json' }),
    body,
  });
  assert.equal(res.status, 200);
  assert.equal(res.ok, true);
  assert.equal(res.headers.get('x-request-id'), 'r1');
  assert.equal(res.url, `${base}/json`);
  assert.deepEqual(await res.json(), { ünï: 'cödé' });
  const req = seen.at(-1)!;
  assert.equal(req.method, 'POST');
  assert.equal(req.body, body);
  assert.equal(req.headers['content-length'], String(Buffer.byteLength(body)));
  assert.equal(req.headers.authorization, 'Bearer k');
  assert.equal(req.headers['accept-encoding'], undefined); // answers come uncompressed
});

test('the body streams chunk by chunk, and consecutive requests reuse the connection', async () => {
  const first = await http0.fetch(`${base}/pieces`);
  const chunks: string[] = [];
  for await (const c of first.body as unknown as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(c).toString());
  assert.deepEqual(chunks, ['data: a\n\n', 'data: b\n\n']);
  await (await http0.fetch(`${base}/json`)).text();
  assert.equal(seen.at(-1)!.port, seen.at(-2)!.port);
});

test('a reader that stops early and aborts after the whole answer arrived leaves the connection to the next request', async () => {
  const controller = new AbortController();
  const res = await http0.fetch(`${base}/burst`, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 20)); // the whole answer is in by now
  for await (const _ of res.body as unknown as AsyncIterable<Uint8Array>) break; // the client's end marker came: it stops reading
  controller.abort();
  await new Promise((resolve) => setTimeout(resolve, 10)); // the rest is read and the socket freed
  await (await http0.fetch(`${base}/json`)).text();
  assert.equal(seen.at(-1)!.port, seen.at(-2)!.port);
});

test('an abort after the headers fails the body with an AbortError and closes the connection', async () => {
  const controller = new AbortController();
  const res = await http0.fetch(`${base}/hang`, { signal: controller.signal });
  const reading = drain(res.body as unknown as AsyncIterable<Uint8Array>);
  setTimeout(() => controller.abort(), 10);
  await assert.rejects(reading, (err: Error) => err.name === 'AbortError');
  await new Promise((r) => setTimeout(r, 20));
  assert.ok(closed.includes('/hang'));
});

test('an abort before the answer rejects with an AbortError', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(
    http0.fetch(`${base}/json`, { signal: controller.signal }),
    (err: Error) => err.name === 'AbortError',
  );
});

test('a connection dropped mid-body fails it as fetch does: TypeError "terminated"', async () => {
  const res = await http0.fetch(`${base}/drop`);
  await assert.rejects(
    drain(res.body as unknown as AsyncIterable<Uint8Array>),
    (err: Error) => err instanceof TypeError && err.message === 'terminated',
  );
});

test('a redirect is followed', async () => {
  const res = await http0.fetch(`${base}/moved`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { ünï: 'cödé' });
});

test('connection refused rejects with the socket error (its code names the cause)', async () => {
  const dead = http.createServer();
  await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
  const port = (dead.address() as AddressInfo).port;
  await new Promise<void>((resolve) => dead.close(() => resolve()));
  await assert.rejects(
    http0.fetch(`http://127.0.0.1:${port}/`),
    (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED',
  );
});
