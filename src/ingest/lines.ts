import { Transform, type TransformCallback } from 'node:stream';
import split2 from 'split2';

// Framing: bytes -> lines, with exact byte accounting so checkpoints land on line boundaries.
// Input is decoded as latin1 (one char per byte) so a line's byte length is its string length;
// each line is then decoded as UTF-8 on its own (invalid sequences become U+FFFD).

/** Lines longer than this are cut; the rest of the line is skipped but still counted in bytes. */
export const MAX_LINE = 64 * 1024;

/**
 * Cuts over-long lines before split2 sees them, and remembers, line by line, how many bytes it
 * dropped, so the consumer can keep the byte offset exact.
 */
export class LineGuard extends Transform {
  private lineLen = 0;
  private lineNo = 0;
  /** line number (0-based) -> bytes dropped from it */
  readonly dropped = new Map<number, number>();

  /**
   * @param wait called after each chunk is handed on; a promise it returns holds the next
   *   chunk back (the writer thread is behind), which keeps memory bounded
   */
  constructor(
    private readonly max = MAX_LINE,
    private readonly wait: () => Promise<void> | null = () => null,
  ) {
    // strings in and out, unconverted: the file stream decodes latin1, split2 takes strings as they are
    super({ decodeStrings: false, readableObjectMode: true });
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, cb: TransformCallback): void {
    const s = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    let out = '';
    let start = 0;
    while (start < s.length) {
      const nl = s.indexOf('\n', start);
      const end = nl < 0 ? s.length : nl;
      const take = Math.max(0, Math.min(end - start, this.max - this.lineLen));
      out += s.slice(start, start + take);
      const drop = end - start - take;
      if (drop > 0) this.dropped.set(this.lineNo, (this.dropped.get(this.lineNo) ?? 0) + drop);
      this.lineLen += end - start;
      if (nl < 0) break;
      out += '\n';
      this.lineNo++;
      this.lineLen = 0;
      start = nl + 1;
    }
    if (out.length > 0) this.push(out);
    const w = this.wait();
    if (w === null) cb();
    else w.then(() => cb(), cb);
  }
}

const NON_ASCII = /[^\x00-\x7f]/;

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
export function lineSplitter(guard: LineGuard, onLine: (l: FramedLine) => void): Transform {
  let lineNo = 0;
  let flushing = false;
  const splitter = split2('\n', (raw: string) => {
    const dropped = guard.dropped.get(lineNo);
    if (dropped !== undefined) guard.dropped.delete(lineNo);
    lineNo++;
    const bytes = raw.length + (flushing ? 0 : 1) + (dropped ?? 0);
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (NON_ASCII.test(text)) text = Buffer.from(text, 'latin1').toString('utf8');
    onLine({ text, bytes, partial: flushing, cut: dropped !== undefined });
    return undefined;
  }, { maxLength: MAX_LINE * 2, writableObjectMode: true });
  const flush = splitter._flush.bind(splitter);
  splitter._flush = (cb: TransformCallback) => {
    flushing = true;
    flush(cb);
  };
  return splitter;
}
