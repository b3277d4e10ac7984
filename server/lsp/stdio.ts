import { createConnection, ProposedFeatures, StreamMessageReader } from 'vscode-languageserver/node';
import { ErrorCodes, type Message, type MessageReader } from 'vscode-languageserver';
import { Admission } from './admission';
import { FrameResync } from './framing';
import { FrameWriter } from './message-writer';
import { createServer, type ServerOptions } from './server';
import { sharedStderr } from '../log/logger';
import { scrubSecrets } from '../privacy/log-scrub';

/**
 * Runs the server on stdin/stdout. stdout carries protocol frames only: console.* is routed to
 * stderr so that a stray log line from any library cannot corrupt the stream.
 */
export function runStdio(options: ServerOptions = {}): void {
  // console.* and stray writes to process.stderr go through the same bounded sink as the logs: a
  // synchronous write to a stderr pipe the client does not read would stop the server.
  const stderr = sharedStderr();
  for (const method of ['log', 'info', 'debug', 'trace', 'warn', 'error'] as const) {
    console[method] = (...args: unknown[]) => stderr.write(`${scrubSecrets(args.map(String).join(' '))}\n`);
  }
  // A promise nobody awaited that rejects would end the process (Node's default): the editor would
  // lose its server over one failed background step. It is logged instead and the server goes on.
  process.on('unhandledRejection', (reason) => {
    stderr.write(
      `${scrubSecrets(`arbor-ls: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`)}\n`,
    );
  });
  let input: FrameResync;
  let admission: Admission | undefined;
  const writer = new FrameWriter(process.stdout, (msg) => {
    const m = msg as { id?: unknown; method?: unknown };
    if (m.method === undefined) admission?.answered(m.id);
    else admission?.flush();
  });
  const admitted = (reader: MessageReader): MessageReader => ({
    ...reader,
    listen: (callback) => {
      admission = new Admission({
        deliver: callback,
        queuedBytes: () => writer.queuedBytes,
        setReading: (on) => {
          if (on) process.stdin.pipe(input);
          else {
            process.stdin.unpipe(input);
            process.stdin.pause();
          }
        },
      });
      return reader.listen((message) => admission!.offer(message));
    },
  });
  const fail = (id: number | string | null, code: number, message: string) => {
    void writer.write({ jsonrpc: '2.0', id, error: { code, message } } as never);
  };
  // A bad frame header is skipped up to the next frame (the reader alone would lose every later
  // message); a frame whose body is not JSON gets a JSON-RPC parse error (id null) and the reader goes on.
  input = new FrameResync((problem) => fail(null, ErrorCodes.ParseError, `Parse error: ${problem}`));
  process.stdin.pipe(input);
  const reader = new StreamMessageReader(input);
  reader.onError((error) => fail(null, ErrorCodes.ParseError, `Parse error: ${error.message}`));
  const connection = createConnection(
    ProposedFeatures.all,
    admitted(refuseAfterShutdown(rejectInvalidMessages(reader, fail), fail)),
    writer,
  );
  createServer(connection, options);
  connection.listen();
}

/**
 * JSON that is not a JSON-RPC message (an array, a number, a method that is not a string, an id that
 * is an object) is answered InvalidRequest instead of being dropped silently, so a client waiting on
 * it gets an answer; a request whose params are a number or a string is answered InvalidParams.
 * Messages without a method are responses and are left to the library.
 */
function rejectInvalidMessages(
  reader: MessageReader,
  fail: (id: number | string | null, code: number, message: string) => void,
): MessageReader {
  return {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    dispose: () => reader.dispose(),
    listen: (callback) =>
      reader.listen((message: Message) => {
        const problem = invalidMessage(message as unknown);
        const id = (message as { id?: unknown } | null)?.id;
        const replyId = typeof id === 'string' || typeof id === 'number' ? id : null;
        if (problem !== undefined) return fail(replyId, ErrorCodes.InvalidRequest, `Invalid request: ${problem}`);
        const m = message as { method?: unknown; params?: unknown };
        if (m.method !== undefined && m.params === null) {
          // `"params": null` (some clients send it with shutdown) means no params; the library's own
          // handler wrappers would read properties of null and answer InternalError.
          const { params: _null, ...rest } = m;
          return callback(rest as Message);
        }
        if (m.method !== undefined && replyId !== null && m.params !== undefined && typeof m.params !== 'object') {
          return fail(
            replyId,
            ErrorCodes.InvalidParams,
            `Invalid params: params must be an object or an array, got ${typeof m.params}`,
          );
        }
        callback(message);
      }),
  };
}

function invalidMessage(m: unknown): string | undefined {
  if (Array.isArray(m)) return 'batches (JSON arrays) are not supported';
  if (typeof m !== 'object' || m === null)
    return `a message must be a JSON object, got ${m === null ? 'null' : typeof m}`;
  const { method, id } = m as { method?: unknown; id?: unknown };
  if (method === undefined) return undefined; // a response (or nothing the library will act on)
  if (typeof method !== 'string') return 'method must be a string';
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number')
    return 'id must be a string or a number';
  return undefined;
}

/**
 * After `shutdown` the only message that means anything is `exit` (LSP: requests are answered
 * InvalidRequest, notifications dropped); serving them would start work on a server that is going away.
 */
function refuseAfterShutdown(
  reader: MessageReader,
  fail: (id: number | string | null, code: number, message: string) => void,
): MessageReader {
  let shutDown = false;
  return {
    ...reader,
    listen: (callback) =>
      reader.listen((message: Message) => {
        const m = message as { method?: unknown; id?: unknown };
        if (shutDown && m.method !== undefined && m.method !== 'exit') {
          if (typeof m.id === 'string' || typeof m.id === 'number')
            fail(
              m.id,
              ErrorCodes.InvalidRequest,
              `${String(m.method)}: the server is shutting down (only exit is accepted after shutdown)`,
            );
          return;
        }
        if (m.method === 'shutdown') shutDown = true;
        callback(message);
      }),
  };
}
