// A MessageWriter for vscode-jsonrpc that sends each message (Content-Length header and JSON body) in ONE
// socket write. The library's stream writer writes the header, waits for its callback, then writes the
// body: two syscalls and an extra event-loop turn per message, a measurable part of a helper round trip.
// Framing and everything else stay the library's (its reader parses what this writes).
import type * as net from 'node:net';
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-jsonrpc/node';

export class SingleWriteMessageWriter extends AbstractMessageWriter implements MessageWriter {
  private errorCount = 0;
  /** Messages written so far. */
  written = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly onWritten?: () => void,
  ) {
    super();
    socket.on('error', (error: Error) => this.fireError(error));
    socket.on('close', () => this.fireClose());
  }

  write(message: Message): Promise<void> {
    const body = JSON.stringify(message);
    const bodyBytes = Buffer.byteLength(body, 'utf8');
    const header = `Content-Length: ${bodyBytes}\r\n\r\n`;
    const frame = Buffer.allocUnsafe(header.length + bodyBytes);
    frame.write(header, 0, 'ascii');
    frame.write(body, header.length, 'utf8');
    return new Promise((resolve, reject) => {
      if (this.socket.destroyed || !this.socket.writable) {
        reject(new Error('The connection is closed.'));
        return;
      }
      this.socket.write(frame, (error) => {
        if (error) {
          this.errorCount++;
          this.fireError(error, message, this.errorCount);
          reject(error);
        } else {
          this.errorCount = 0;
          this.written++;
          this.onWritten?.();
          resolve();
        }
      });
    });
  }

  end(): void {
    this.socket.end();
  }
}
