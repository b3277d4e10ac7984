/**
 * Malformed frames and JSON on stdin: each gets a JSON-RPC error (or, for a response-shaped message,
 * nothing) and the server goes on answering the next request. stdout stays pure frames throughout.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RpcMessage } from '../support/lsp-client';
import { frame, stillServes, writeBytes } from './helpers';
import { session } from '../support/session';

interface Case {
  name: string;
  bytes: string | Buffer;
  /** The error the server answers with (code and message pattern), or undefined for no answer. */
  error?: { code: number; message?: RegExp; id?: number | null };
}

const CONFIG = (id: number) => JSON.stringify({ jsonrpc: '2.0', id, method: 'arbor/config' });
const nonAscii = JSON.stringify({ jsonrpc: '2.0', id: 7001, method: 'arbor/config', params: { note: 'é漢字😀' } });

const CASES: Case[] = [
  {
    name: 'Content-Length is not a number',
    bytes: `Content-Length: abc\r\n\r\n${CONFIG(7002)}`,
    error: { code: -32700, message: /Content-Length/ },
  },
  {
    name: 'no Content-Length header',
    bytes: `Content-Type: application/vscode-jsonrpc\r\n\r\n${CONFIG(7003)}`,
    error: { code: -32700, message: /Content-Length/ },
  },
  {
    name: 'Content-Length counts characters, not bytes (too small)',
    bytes: `Content-Length: ${nonAscii.length}\r\n\r\n${nonAscii}`,
    error: { code: -32700 },
  },
  { name: 'negative Content-Length', bytes: `Content-Length: -5\r\n\r\n{}`, error: { code: -32700 } },
  { name: 'garbage before a frame', bytes: `hello world\n${frame(CONFIG(7004))}`, error: { code: -32700 } },
  { name: '20 KB of garbage without a line break', bytes: 'x'.repeat(20_000), error: { code: -32700 } },
  { name: 'NUL bytes between frames', bytes: Buffer.from([0, 0, 0, 0]), error: { code: -32700 } },
  { name: 'body is not JSON', bytes: frame('hello'), error: { code: -32700, id: null } },
  {
    name: 'body is cut JSON',
    bytes: frame('{"jsonrpc": "2.0", "id": 7005, "method": '),
    error: { code: -32700, id: null },
  },
  {
    name: 'JSON array (batch)',
    bytes: frame(`[${CONFIG(7006)}]`),
    error: { code: -32600, message: /batch/, id: null },
  },
  { name: 'JSON number', bytes: frame('42'), error: { code: -32600, id: null } },
  { name: 'JSON string', bytes: frame('"abc"'), error: { code: -32600, id: null } },
  { name: 'JSON null', bytes: frame('null'), error: { code: -32600, id: null } },
  {
    name: 'method is a number',
    bytes: frame('{"jsonrpc":"2.0","id":7007,"method":42}'),
    error: { code: -32600, id: 7007 },
  },
  {
    name: 'id is an object',
    bytes: frame('{"jsonrpc":"2.0","id":{"a":1},"method":"arbor/config"}'),
    error: { code: -32600, id: null },
  },
  // Shaped like a response to a request the server never sent: nothing to answer.
  { name: 'no method, with an id', bytes: frame('{"jsonrpc":"2.0","id":7008,"params":{}}') },
  { name: 'no method, no id', bytes: frame('{"jsonrpc":"2.0","params":{}}') },
  {
    name: 'unknown method',
    bytes: frame('{"jsonrpc":"2.0","id":7009,"method":"no/such"}'),
    error: { code: -32601, id: 7009 },
  },
];

test('malformed frames and JSON: an error each, the server goes on, stdout stays frames', {
  timeout: 30_000,
}, async () => {
  const s = await session();
  const { client } = s;
  try {
    for (const c of CASES) {
      const seen = client.received.length;
      writeBytes(client, c.bytes);
      // The next well-formed request is answered whatever came before.
      const probe = await client.request('arbor/config', undefined, 5000).catch((err: Error) => {
        throw new Error(`${c.name}: the next request got no answer (${err.message})`);
      });
      assert.equal(probe.error, undefined, `${c.name}: the next request is answered normally`);
      const errors = client.received
        .slice(seen)
        .filter((m: RpcMessage) => m.error !== undefined && m.method === undefined);
      if (c.error) {
        const match = errors.find(
          (m) =>
            m.error!.code === c.error!.code &&
            (c.error!.message?.test(m.error!.message) ?? true) &&
            (c.error!.id === undefined || m.id === c.error!.id),
        );
        assert.ok(match, `${c.name}: expected error ${c.error.code}, got ${JSON.stringify(errors)}`);
      } else {
        assert.deepEqual(errors, [], `${c.name}: nothing to answer`);
      }
    }
    // A frame split byte by byte is still one message.
    const body = frame(CONFIG(7100));
    for (const byte of Buffer.from(body)) writeBytes(client, Buffer.from([byte]));
    await client.waitFor((m) => m.id === 7100 && m.result !== undefined, 5000, 'the byte-by-byte request');
    // Two frames in one write, the second with a Content-Type header first.
    writeBytes(
      client,
      `${frame(CONFIG(7101))}Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: ${CONFIG(7102).length}\r\n\r\n${CONFIG(7102)}`,
    );
    await client.waitFor((m) => m.id === 7102 && m.result !== undefined, 5000, 'the second frame of one write');
    await stillServes(s);
  } finally {
    assert.equal(await s.close(), 0, 'exit code 0 after shutdown/exit');
  }
  assert.equal(client.framingError, undefined, 'stdout carried only frames');
});

test('a Content-Length larger than the body swallows what follows, and the server recovers once the bytes arrive', {
  timeout: 20_000,
}, async () => {
  const s = await session();
  const { client } = s;
  try {
    const body = CONFIG(7200);
    writeBytes(client, `Content-Length: ${Buffer.byteLength(body) + 64}\r\n\r\n${body}`);
    const swallowed = client.request('arbor/config', undefined, 1500);
    await assert.rejects(
      swallowed,
      /no answer/,
      'the next frame is read as the rest of the body (nothing can tell them apart)',
    );
    writeBytes(client, ' '.repeat(200)); // the client (or a timeout) fills the rest
    await client.waitFor((m) => m.error?.code === -32700, 5000, 'a parse error for the over-long body');
    await stillServes(s);
  } finally {
    assert.equal(await s.close(), 0);
  }
  assert.equal(client.framingError, undefined);
});
