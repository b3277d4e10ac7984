import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import type { Message } from 'vscode-languageserver';
import { encodeFrame, FrameWriter } from '../../server/lsp/message-writer';

test('a frame is the Content-Length header (UTF-8 bytes) and the JSON body', () => {
  const msg = { jsonrpc: '2.0', id: 1, result: 'é€😀' } as Message;
  const body = JSON.stringify(msg);
  assert.equal(encodeFrame(msg).toString('utf8'), `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
});

test('each message is one write, in order', async () => {
  const out = new PassThrough();
  const writes: string[] = [];
  out.on('data', (chunk: Buffer) => writes.push(chunk.toString('utf8')));
  const writer = new FrameWriter(out);
  const a = { jsonrpc: '2.0', method: 'a', params: { text: 'ü'.repeat(70000) } } as Message;
  const b = { jsonrpc: '2.0', id: 2, result: null } as Message;
  await Promise.all([writer.write(a), writer.write(b)]);
  assert.deepEqual(writes, [encodeFrame(a).toString('utf8'), encodeFrame(b).toString('utf8')]);
});

test('a message that cannot be encoded rejects, is reported, and writes nothing', async () => {
  const out = new PassThrough();
  let written = 0;
  out.on('data', () => written++);
  const writer = new FrameWriter(out);
  const errors: Error[] = [];
  writer.onError(([err]) => errors.push(err));
  await assert.rejects(writer.write({ jsonrpc: '2.0', id: 1, result: 1n } as unknown as Message));
  assert.equal(errors.length, 1);
  assert.equal(written, 0);
});
