import { Transform, type TransformCallback } from 'node:stream';
import { isAscii } from 'node:buffer';
import split2 from 'split2';
import { isTextChunk, type TextChunk } from './file-reader.js';

// Framing: bytes -> lines, with exact byte accounting so checkpoints land on line boundaries.
// Input is decoded as latin1 (one char per byte) so a line's byte length is its string length;
// each line is then decoded as UTF-8 on its own (invalid sequences become U+FFFD). Only lines
// that drew on a read chunk holding a byte above 0x7F need that second decoding: the guard
// notes which chunks do, the splitter which chunks a line came from.

/** Shared by a LineGuard and the splitter after it: chunks are numbered in the order both see them. */
export class ChunkMarks {
  /** number of the last chunk holding a byte above 0x7F (0: none yet); chunks count from 1 */
  lastNonAscii = 0;
}

/** Lines longer than this are cut; the rest of the line is skipped but still counted in bytes. */
export const MAX_LINE = 64 * 1024;

// A cut line ends with CUT + the number of bytes dropped + CUT. Latin1 text never holds a
// char above U+00FF, so the marker cannot come from the input.
const CUT = '\uffff';
const CUT_CODE = 0xffff;

/**
 * Cuts over-long lines before split2 sees them. Chunks with no over-long line (nearly all)
 * are passed on untouched.
 */
export class LineGuard extends Transform {
  /** length of the line in progress at the end of the last chunk */
  private lineLen = 0;
  /** bytes dropped from the line in progress */
  private dropping = 0;

  /**
   * @param wait called after each chunk is handed on; a promise it returns holds the next
   *   chunk back (the writer thread is behind), which keeps memory bounded
   */
  /** chunks handed on so far */
  private pushed = 0;

  constructor(
    private readonly max = MAX_LINE,
    private readonly wait: () => Promise<void> | null = () => null,
    private readonly marks = new ChunkMarks(),
  ) {
    // Buffers, strings or a file reader's TextChunks in; strings out, which split2 takes as they are
    super({ decodeStrings: false, writableObjectMode: true, writableHighWaterMark: 1, readableObjectMode: true });
  }

  override _transform(chunk: Buffer | string | TextChunk, _enc: BufferEncoding, cb: TransformCallback): void {
    let s: string;
    let ascii: boolean;
    if (typeof chunk === 'string') {
      s = chunk;
      ascii = !NON_ASCII.test(chunk);
    } else if (isTextChunk(chunk)) {
      s = chunk.text;
      ascii = chunk.ascii;
    } else {
      s = chunk.toString('latin1');
      ascii = isAscii(chunk);
    }
    const out = this.dropping === 0 && this.fits(s) ? s : this.cut(s);
    if (out.length > 0) {
      this.pushed++;
      if (!ascii) this.marks.lastNonAscii = this.pushed;
      this.push(out);
    }
    const w = this.wait();
    if (w === null) cb();
    else w.then(() => cb(), cb);
  }

  override _flush(cb: TransformCallback): void {
    if (this.dropping > 0) this.push(`${CUT}${this.dropping}${CUT}`);
    cb();
  }

  /** true when no line in s grows past max; updates lineLen as it goes */
  private fits(s: string): boolean {
    let start = 0;
    let len = this.lineLen;
    for (;;) {
      const nl = s.indexOf('\n', start);
      const end = nl < 0 ? s.length : nl;
      if (len + end - start > this.max) return false;
      if (nl < 0) {
        this.lineLen = len + end - start;
        return true;
      }
      len = 0;
      start = nl + 1;
    }
  }

  private cut(s: string): string {
    let out = '';
    let start = 0;
    for (;;) {
      const nl = s.indexOf('\n', start);
      const end = nl < 0 ? s.length : nl;
      const take = Math.max(0, Math.min(end - start, this.max - this.lineLen));
      out += s.slice(start, start + take);
      this.dropping += end - start - take;
      this.lineLen += take;
      if (nl < 0) return out;
      if (this.dropping > 0) out += `${CUT}${this.dropping}${CUT}`;
      out += '\n';
      this.lineLen = 0;
      this.dropping = 0;
      start = nl + 1;
    }
  }
}

const NON_ASCII = /[^\x00-\x7f]/;
const LEADING_JUNK = /^[\x00\ufeff]+/;

/** A framed line: its text (UTF-8 decoded, CR stripped) and the bytes it took in the input. */
export interface FramedLine {
  text: string;
  bytes: number;
  /** true when the line had no final newline (end of input) */
  partial: boolean;
  /** true when the line was longer than MAX_LINE and was cut */
  cut: boolean;
}

/**
 * Returns a split2 stream meant to be fed from a LineGuard; `onLine` runs synchronously for
 * each line, so the caller can commit to SQLite between lines without holding a transaction
 * across I/O. Pieces split2 emits while transforming are followed by a newline; the one it
 * emits from its flush is the input's unterminated last line.
 */
export function lineSplitter(onLine: (l: FramedLine) => void, marks?: ChunkMarks): Transform {
  let flushing = false;
  // the chunk being split, and the chunk the line in progress began in
  let chunk = 0;
  let lineFrom = 1;
  const splitter = split2('\n', (raw: string) => {
    let dropped = 0;
    if (raw.charCodeAt(raw.length - 1) === CUT_CODE) {
      const open = raw.lastIndexOf(CUT, raw.length - 2);
      dropped = Number(raw.slice(open + 1, -1));
      raw = raw.slice(0, open);
    }
    const bytes = raw.length + dropped + (flushing ? 0 : 1);
    let text = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
    // a line is a slice of a 64 KiB read chunk: copy it, or anything kept from it pins the chunk
    // (the guard may be chunks ahead: a later mark only makes the test run when not needed)
    const maybeUtf8 = marks === undefined || marks.lastNonAscii >= lineFrom;
    // the next line begins in this chunk (or the next: counting this one too is harmless)
    lineFrom = chunk;
    if (maybeUtf8 && NON_ASCII.test(text)) text = Buffer.from(text, 'latin1').toString('utf8');
    else text = (' ' + text).slice(1);
    // NUL bytes a crash left where the file had grown (rsyslog goes on writing after them), and a
    // byte order mark an editor put first, are no part of the line that follows them
    const c0 = text.charCodeAt(0);
    if (c0 === 0 || c0 === 0xfeff) text = text.replace(LEADING_JUNK, '');
    onLine({ text, bytes, partial: flushing, cut: dropped > 0 });
    return undefined;
  }, { maxLength: MAX_LINE * 2, writableObjectMode: true });
  const transform = splitter._transform.bind(splitter);
  splitter._transform = (c: unknown, enc: BufferEncoding, cb: TransformCallback) => {
    chunk++;
    transform(c, enc, cb);
  };
  const flush = splitter._flush.bind(splitter);
  splitter._flush = (cb: TransformCallback) => {
    flushing = true;
    flush(cb);
  };
  return splitter;
}
