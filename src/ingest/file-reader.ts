import { close, open, read } from 'node:fs';
import { isAscii } from 'node:buffer';
import { Readable } from 'node:stream';

// Reading a plain file for framing. A fs.ReadStream hands out a fresh 64 KiB Buffer per read:
// on a multi-GB log that is a page fault for every 4 KiB read (about as much system time as
// the parsing itself), and the next read starts only after the last chunk was processed, so
// the thread waits on each one. This reader decodes each read into a latin1 string at once
// (framing wants latin1 anyway, see lines.ts), which frees its one Buffer for the next read,
// and starts that read before handing the text on, so reading overlaps the parsing.

/** A piece of a file decoded latin1 (one char per byte), and whether its bytes were all ASCII. */
export interface TextChunk {
  text: string;
  ascii: boolean;
}

export function isTextChunk(c: unknown): c is TextChunk {
  return typeof c === 'object' && c !== null && !Buffer.isBuffer(c) && typeof (c as TextChunk).text === 'string';
}

// Strings of 64 KiB are still allocated in V8's young generation (larger ones each get pages of
// their own, which brings the page faults back); each read fills four of them, as every read
// also costs a round trip to the thread pool.
const PIECE = 64 * 1024;
const READ_SIZE = 4 * PIECE;

export class FileTextReader extends Readable {
  private fd = -1;
  private pos: number;
  private readonly buf: Buffer;
  private reading = false;
  /** pieces of the last read, waiting for the consumer to ask */
  private readonly ready: TextChunk[] = [];
  /** the consumer asked and nothing was ready */
  private wanted = false;
  private eof = false;
  /** destroy waits for a read in flight before closing the descriptor */
  private onIdle: (() => void) | null = null;

  constructor(
    private readonly path: string,
    start = 0,
    private readonly piece = PIECE,
    readSize = READ_SIZE,
  ) {
    super({ objectMode: true, highWaterMark: 1 });
    this.pos = start;
    this.buf = Buffer.allocUnsafe(readSize);
  }

  override _construct(cb: (err?: Error | null) => void): void {
    open(this.path, 'r', (err, fd) => {
      if (err) return cb(err);
      this.fd = fd;
      cb();
    });
  }

  override _read(): void {
    if (this.ready.length > 0) this.pushNext();
    else if (this.eof) this.push(null);
    else {
      this.wanted = true;
      this.fetch();
    }
  }

  /** hands on the next piece; the read after the last piece starts first, so it overlaps the parsing */
  private pushNext(): void {
    const c = this.ready.shift()!;
    if (this.ready.length === 0) this.fetch();
    this.push(c);
  }

  private fetch(): void {
    if (this.reading || this.eof || this.destroyed) return;
    this.reading = true;
    read(this.fd, this.buf, 0, this.buf.length, this.pos, (err, n) => {
      this.reading = false;
      if (this.onIdle !== null) return this.onIdle();
      if (err) return void this.destroy(err);
      if (n === 0) {
        this.eof = true;
        if (this.wanted && this.ready.length === 0) {
          this.wanted = false;
          this.push(null);
        }
        return;
      }
      this.pos += n;
      // decoded now, so the buffer is free for the next read
      for (let at = 0; at < n; at += this.piece) {
        const end = Math.min(n, at + this.piece);
        this.ready.push({ text: this.buf.toString('latin1', at, end), ascii: isAscii(this.buf.subarray(at, end)) });
      }
      if (this.wanted) {
        this.wanted = false;
        this.pushNext();
      }
    });
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    const fd = this.fd;
    if (fd < 0) return cb(err);
    this.fd = -1;
    const closeFd = (): void => close(fd, () => cb(err));
    if (this.reading) this.onIdle = closeFd;
    else closeFd();
  }
}
