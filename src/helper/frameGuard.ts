// Bounds what a client can make the helper buffer: a Transform in front of vscode-jsonrpc's reader that
// follows the Content-Length framing and fails as soon as a header block or a declared body is too large,
// before the reader would buffer it. Bytes pass through unchanged.
import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 1024;

export class FrameError extends Error {}

export class FrameGuard extends Transform {
  private header: Buffer = Buffer.alloc(0);
  private bodyLeft = -1;
  private failed = false;
  /** Complete messages seen so far (the server compares this with the answers it has sent). */
  frames = 0;

  constructor(private readonly maxMessageBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.failed) return callback();
    let offset = 0;
    while (offset < chunk.length) {
      if (this.bodyLeft > 0) {
        const take = Math.min(this.bodyLeft, chunk.length - offset);
        this.bodyLeft -= take;
        offset += take;
        if (this.bodyLeft === 0) {
          this.bodyLeft = -1;
          this.frames++;
        }
        continue;
      }
      // Header mode: collect up to the blank line.
      const rest = chunk.subarray(offset);
      const previous = this.header.length;
      this.header = Buffer.concat([this.header, rest]);
      const end = this.header.indexOf(HEADER_END);
      if (end < 0) {
        if (this.header.length > MAX_HEADER_BYTES)
          return this.fail(callback, 'The message header is too long.');
        break; // the rest of the chunk is header so far: wait for more
      }
      if (end > MAX_HEADER_BYTES) return this.fail(callback, 'The message header is too long.');
      const problem = this.checkHeader(this.header.subarray(0, end).toString('latin1'));
      if (typeof problem === 'string') return this.fail(callback, problem);
      offset += end + HEADER_END.length - previous;
      this.header = Buffer.alloc(0);
      this.bodyLeft = problem === 0 ? -1 : problem;
      if (problem === 0) this.frames++;
    }
    callback(null, chunk);
  }

  /** The declared body length, or a sentence saying what is wrong. */
  private checkHeader(text: string): number | string {
    let length: number | undefined;
    for (const line of text.split('\r\n')) {
      const match = /^([A-Za-z-]+): ?(.*)$/.exec(line);
      if (!match) return 'A message header line is not "Name: value".';
      if ((match[1] as string).toLowerCase() === 'content-length') {
        if (!/^\d{1,9}$/.test(match[2] as string)) return 'Content-Length is not a number.';
        length = Number(match[2]);
      }
    }
    if (length === undefined) return 'The message has no Content-Length header.';
    if (length > this.maxMessageBytes) {
      return `The message is ${length} bytes; the helper accepts at most ${this.maxMessageBytes}.`;
    }
    return length;
  }

  private fail(callback: TransformCallback, message: string): void {
    this.failed = true;
    callback(new FrameError(message));
  }
}
