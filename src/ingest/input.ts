import { createReadStream, promises as fsp } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { FileTextReader } from './file-reader.js';

// Opening inputs: files (plain or gzip, told apart by magic bytes, not by name) and stdin.

export const FINGERPRINT_BYTES = 256;

export class IngestError extends Error {
  constructor(
    readonly code: 'noinput' | 'io' | 'dataerr',
    message: string,
  ) {
    super(message);
  }
}

/** A file that exists but cannot be read: its identity still tells whether it held unread lines. */
export class UnreadableFile extends IngestError {
  /** matched by a glob or a directory the user named (candidates.ts probeGroup): its lines were to be read */
  named = false;

  constructor(
    message: string,
    readonly dev: number,
    readonly ino: number,
    readonly size: number,
  ) {
    super('noinput', message);
  }
}

/**
 * A file or stream in a format mxlens does not read (another compression, a database): refused
 * with one line saying what to do, rather than read as text into garbage unparsed lines.
 */
export class UnsupportedInput extends IngestError {
  /** the refused file's identity (a file on disk; not standard input): its first bytes as hex, up to FINGERPRINT_BYTES */
  file?: { path: string; dev: number; ino: number; size: number; fingerprint: string };

  constructor(input: string, what: string, hint: string) {
    super('dataerr', `${input}: ${what}, which mxlens does not read (plain text, gzip and JSON only); ${hint}`);
  }
}

// Node's zlib reads gzip only. Other content keeps being read as text (its lines counted as
// unparsed): only these, told by their magic numbers, are refused.
const MAGIC: Array<{ bytes: number[]; what: string; tool?: string; hint?: string }> = [
  { bytes: [0x42, 0x5a, 0x68], what: 'bzip2-compressed', tool: 'bzcat' }, // "BZh", then the block size 1-9
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed', tool: 'xzcat' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed', tool: 'zstdcat' },
  { bytes: [...Buffer.from('SQLite format 3\0', 'latin1')], what: 'an SQLite database', hint: 'leave it out of the inputs' },
  { bytes: [...Buffer.from('LPKSHHRH', 'latin1')], what: 'a binary journald file', hint: 'export it: journalctl --file FILE -o json | mxlens analyse -' },
];
export const MAGIC_BYTES = 16;

/** The input refused for its first bytes, or null. `name` is the file ('-' for standard input). */
export function refusedFormat(head: Uint8Array, name: string): UnsupportedInput | null {
  for (const m of MAGIC) {
    if (head.length < m.bytes.length || !m.bytes.every((b, i) => head[i] === b)) continue;
    if (m.tool === 'bzcat' && !(head[3]! >= 0x31 && head[3]! <= 0x39)) continue;
    const stdin = name === '-';
    const hint = m.hint?.replace('FILE', stdin ? 'FILE' : name) ??
      (stdin ? `decompress it first: ${m.tool} FILE | mxlens analyse -` : `pipe it in: ${m.tool} ${name} | mxlens analyse -`);
    return new UnsupportedInput(stdin ? 'standard input' : name, m.what, hint);
  }
  return null;
}

export interface FileInfo {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  gzip: boolean;
  /** hex of the first FINGERPRINT_BYTES of the (uncompressed) content, shorter for small files */
  fingerprint: string;
}

function ioError(path: string, err: unknown): IngestError {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return new IngestError('noinput', `${path}: no such file`);
  if (e.code === 'EACCES' || e.code === 'EPERM') return new IngestError('noinput', `${path}: permission denied`);
  if (e.code === 'EISDIR') return new IngestError('noinput', `${path}: is a directory`);
  // a path through something that is no directory (mail.log/x), or a loop of symbolic links: no such file either
  if (e.code === 'ENOTDIR') return new IngestError('noinput', `${path}: no such file (a part of the path is not a directory)`);
  if (e.code === 'ELOOP') return new IngestError('noinput', `${path}: no such file (too many symbolic links: a loop)`);
  if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR') return new IngestError('dataerr', `${path}: damaged gzip data (${e.message})`);
  return new IngestError('io', `${path}: ${e.message ?? String(err)}`);
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

async function firstBytes(path: string, gzip: boolean): Promise<Buffer> {
  const stream = gzip ? createReadStream(path).pipe(createGunzip()) : createReadStream(path, { start: 0, end: FINGERPRINT_BYTES - 1 });
  const parts: Buffer[] = [];
  let n = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      n += chunk.length;
      if (n >= FINGERPRINT_BYTES) break;
    }
  } catch (err) {
    // a truncated gzip still has readable first bytes; anything else is an error
    if (n === 0) throw ioError(path, err);
  } finally {
    (stream as Readable).destroy();
  }
  return Buffer.concat(parts).subarray(0, FINGERPRINT_BYTES);
}

export async function probeFile(path: string): Promise<FileInfo> {
  let st;
  try {
    st = await fsp.stat(path);
  } catch (err) {
    throw ioError(path, err);
  }
  if (st.isDirectory()) throw new IngestError('noinput', `${path}: is a directory`);
  let head: Buffer;
  try {
    const fh = await fsp.open(path, 'r');
    try {
      // the magic numbers need MAGIC_BYTES; a refused file is remembered by more (see UnsupportedInput.file)
      const buf = Buffer.alloc(FINGERPRINT_BYTES);
      const { bytesRead } = await fh.read(buf, 0, FINGERPRINT_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    const e = ioError(path, err);
    throw e.code === 'noinput' ? new UnreadableFile(e.message, st.dev, st.ino, st.size) : e;
  }
  const gzip = isGzip(head);
  const identify = (e: UnsupportedInput): UnsupportedInput => {
    e.file = { path, dev: st.dev, ino: st.ino, size: st.size, fingerprint: head.toString('hex') };
    return e;
  };
  const refused = refusedFormat(head, path);
  if (refused) throw identify(refused);
  const fp = await firstBytes(path, gzip);
  // a gzipped database backup is no log either
  const inner = gzip ? refusedFormat(fp, path) : null;
  if (inner) throw identify(inner);
  return { path, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, gzip, fingerprint: fp.toString('hex') };
}

/** Drops the first n bytes of a byte stream (resuming a gzip file at an uncompressed offset). */
export function skipBytes(n: number): Transform {
  let left = n;
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (left <= 0) return cb(null, chunk);
      if (chunk.length <= left) {
        left -= chunk.length;
        return cb();
      }
      const rest = chunk.subarray(left);
      left = 0;
      cb(null, rest);
    },
  });
}

/** The byte streams (to hand to stream.pipeline) that read a file from an uncompressed offset. */
export function fileStages(info: FileInfo, offset: number): Array<NodeJS.ReadableStream | NodeJS.ReadWriteStream> {
  if (!info.gzip) return [new FileTextReader(info.path, offset)];
  const stages: Array<NodeJS.ReadableStream | NodeJS.ReadWriteStream> = [createReadStream(info.path, { highWaterMark: 64 * 1024 }), createGunzip({ chunkSize: 64 * 1024 })];
  if (offset > 0) stages.push(skipBytes(offset));
  return stages;
}

/**
 * A named pipe, socket or character device (`mxlens analyse <(ssh mx cat /var/log/mail.log)`)
 * cannot be probed, seeked or resumed: it is opened as a stream and read like stdin. Null for
 * anything else, including a path that does not exist (the caller reports that).
 */
export async function openPipe(path: string): Promise<Readable | null> {
  let st;
  try {
    st = await fsp.stat(path);
  } catch {
    return null;
  }
  if (!st.isFIFO() && !st.isSocket() && !st.isCharacterDevice()) return null;
  // opened here, so a failure is this call's error and not a stream 'error' event nobody hears
  let fh;
  try {
    fh = await fsp.open(path, 'r');
  } catch (err) {
    throw ioError(path, err);
  }
  return fh.createReadStream();
}

/** Names of standard input itself: on a socket (as some process managers give) they cannot be opened again. */
export function isStdinPath(path: string): boolean {
  return path === '-' || path === '/dev/stdin' || path === '/dev/fd/0' || path === '/proc/self/fd/0';
}

/** stdin, or any byte stream, gunzipped when it starts with the gzip magic bytes; refused when it is bzip2, xz, zstd or a database. */
export async function sniffStream(src: Readable): Promise<Array<NodeJS.ReadableStream | NodeJS.ReadWriteStream>> {
  const parts: Buffer[] = [];
  let n = 0;
  let ended = false;
  src.once('end', () => (ended = true));
  // A read error can come before anything iterates `src` (it reads ahead): it is not lost, the
  // iteration below meets it (as the stream's stored error) and passes it on to the reader, which
  // reports it after the lines that came first. Without a listener it would end the process.
  src.on('error', () => {});
  while (n < MAGIC_BYTES && !ended) {
    const chunk = src.read() as Buffer | string | null;
    if (chunk === null) {
      await new Promise<void>((resolve) => {
        const done = () => {
          src.off('readable', done);
          src.off('end', done);
          resolve();
        };
        src.on('readable', done);
        src.on('end', done);
      });
      continue;
    }
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    parts.push(buf);
    n += buf.length;
  }
  const head = Buffer.concat(parts);
  const refused = refusedFormat(head, '-');
  if (refused) {
    // nothing more is read from it; the writer of the pipe is told by a broken pipe
    src.destroy();
    throw refused;
  }
  const rest = Readable.from((async function* () {
    if (head.length > 0) yield head;
    if (!ended) for await (const c of src) yield c as Buffer;
  })());
  return isGzip(head) ? [rest, createGunzip()] : [rest];
}

export { ioError };
