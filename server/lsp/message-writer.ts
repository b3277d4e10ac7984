import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver';

/**
 * Writes each JSON-RPC message as one frame in one stream write. vscode-jsonrpc's StreamMessageWriter
 * queues every message behind a setImmediate and writes the body only once the header's write has
 * completed, which costs each answer one or two extra event-loop turns. Stream writes keep their
 * order, so no queue is needed.
 */
export class FrameWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (error) => this.fireError(error));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let frame: Buffer;
    try {
      frame = encodeFrame(msg);
    } catch (error) {
      this.fireError(error, msg, ++this.errorCount);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.out.write(frame, (error) => {
        if (!error) return resolve();
        this.fireError(error, msg, ++this.errorCount);
        reject(error);
      });
    });
  }

  end(): void {
    this.out.end();
  }
}

/** `Content-Length: N\r\n\r\n` followed by the UTF-8 JSON body. */
export function encodeFrame(msg: Message): Buffer {
  const body = JSON.stringify(msg);
  const length = Buffer.byteLength(body, 'utf8');
  const header = `Content-Length: ${length}\r\n\r\n`;
  const frame = Buffer.allocUnsafe(header.length + length);
  frame.write(header, 0, 'ascii');
  frame.write(body, header.length, 'utf8');
  return frame;
}
