import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver';
import { scrubSecrets } from '../privacy/log-scrub';

/**
 * Writes each JSON-RPC message as one frame in one stream write. vscode-jsonrpc's StreamMessageWriter
 * queues every message behind a setImmediate and writes the body only once the header's write has
 * completed, which costs each answer one or two extra event-loop turns. Stream writes keep their
 * order, so no queue is needed.
 */
export class FrameWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;

  /** `onWritten` runs once a message's frame has been handed to the system (see admission.ts). */
  constructor(
    private readonly out: NodeJS.WritableStream & { writableLength?: number },
    private readonly onWritten: (msg: Message) => void = () => {},
  ) {
    super();
    out.on('error', (error) => this.fireError(error));
    out.on('close', () => this.fireClose());
  }

  /** Bytes written to the stream that the other side has not taken yet. */
  get queuedBytes(): number {
    return this.out.writableLength ?? 0;
  }

  write(msg: Message): Promise<void> {
    let frame: Buffer;
    try {
      frame = encodeFrame(scrubUserMessage(msg));
    } catch (error) {
      this.fireError(error, msg, ++this.errorCount);
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.out.write(frame, (error) => {
        this.onWritten(msg);
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

const USER_MESSAGES = new Set(['window/showMessage', 'window/logMessage', 'window/showMessageRequest']);

/**
 * Messages shown to the user pass the same scrubbing as logs, whichever feature sent them: an
 * error may quote a URL with a password or a server's body echoing a key.
 */
function scrubUserMessage(msg: Message): Message {
  const m = msg as { method?: string; params?: { message?: unknown } };
  if (!m.method || !USER_MESSAGES.has(m.method) || typeof m.params?.message !== 'string') return msg;
  return { ...m, params: { ...m.params, message: scrubSecrets(m.params.message) } } as unknown as Message;
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
