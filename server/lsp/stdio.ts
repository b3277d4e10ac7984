import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { ErrorCodes } from 'vscode-languageserver';
import { createServer, type ServerOptions } from './server';

/**
 * Runs the server on stdin/stdout. stdout carries protocol frames only: console.* is routed to
 * stderr so that a stray log line from any library cannot corrupt the stream.
 */
export function runStdio(options: ServerOptions = {}): void {
  for (const method of ['log', 'info', 'debug', 'trace'] as const) {
    console[method] = (...args: unknown[]) => process.stderr.write(args.map(String).join(' ') + '\n');
  }
  const reader = new StreamMessageReader(process.stdin);
  const writer = new StreamMessageWriter(process.stdout);
  // A frame whose body is not JSON still gets an answer (JSON-RPC parse error, id null); the reader goes on.
  reader.onError((error) => {
    void writer.write({ jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: `Parse error: ${error.message}` } } as never);
  });
  const connection = createConnection(ProposedFeatures.all, reader, writer);
  createServer(connection, options);
  connection.listen();
}
