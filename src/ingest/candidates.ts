import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { rotationName, type FileFacts } from './rotation.js';

// The I/O half of rotation handling: find a log's rotated siblings, stat them and read
// their first bytes. The decisions are in rotation.ts.

/** Bytes of uncompressed content that name a file. */
export const FINGERPRINT_BYTES = 512;

export interface SourceGroup {
  /** the live file's absolute path (it may not exist right now) */
  live: string;
  files: string[];
  /** the user named a glob or directory: on a first run, read rotated files too */
  readRotatedOnFirstRun: boolean;
}

const GLOB_CHARS = /[*?[]/;

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

async function filesIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) if (e.isFile()) out.push(join(dir, e.name));
  return out;
}

function group(paths: string[], readRotated: boolean): SourceGroup[] {
  const byBase = new Map<string, string[]>();
  for (const p of paths) {
    const base = rotationName(p).base;
    byBase.set(base, [...(byBase.get(base) ?? []), p]);
  }
  return [...byBase].map(([live, files]) => ({ live, files: files.sort(), readRotatedOnFirstRun: readRotated }));
}

/**
 * Expands what the user named: a file (plus its rotated siblings next to it), a
 * directory (every file in it), or a glob in the last path component (`mail.log*`).
 */
export async function expandInput(arg: string): Promise<SourceGroup[]> {
  const path = resolve(arg);
  const dir = dirname(path);
  const name = basename(path);
  if (GLOB_CHARS.test(name) && !GLOB_CHARS.test(dir)) {
    const re = globToRegExp(name);
    const hits = (await filesIn(dir)).filter((p) => re.test(basename(p)));
    return group(hits, true);
  }
  const st = await stat(path);
  if (st.isDirectory()) return group(await filesIn(path), true);
  const siblings = (await filesIn(dir)).filter((p) => p !== path && rotationName(p).base === path);
  return [{ live: path, files: [path, ...siblings].sort(), readRotatedOnFirstRun: false }];
}

async function firstBytes(path: string, gz: boolean, n: number): Promise<Buffer> {
  if (!gz) {
    const fh = await open(path, 'r');
    try {
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const s = createReadStream(path).pipe(createGunzip());
  try {
    for await (const c of s as AsyncIterable<Buffer>) {
      chunks.push(c);
      size += c.length;
      if (size >= n) break;
    }
  } catch {
    // a truncated gzip (still being written) names itself by what it gave
  } finally {
    s.destroy();
  }
  return Buffer.concat(chunks).subarray(0, n);
}

async function isGzip(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** Stat + gzip magic + fingerprint. Null when the file vanished meanwhile. */
export async function fileFacts(path: string, n = FINGERPRINT_BYTES): Promise<FileFacts | null> {
  try {
    const st = await stat(path);
    const compressed = await isGzip(path);
    const head = await firstBytes(path, compressed, n);
    return { path, dev: st.dev, ino: st.ino, size: st.size, compressed, fingerprint: head.toString('hex') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Drops the first `n` bytes of a stream (for resuming inside a decompressed file). */
export function skipBytes(n: number): Transform {
  let left = n;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (left >= chunk.length) {
        left -= chunk.length;
        return cb();
      }
      const rest = left > 0 ? chunk.subarray(left) : chunk;
      left = 0;
      cb(null, rest);
    },
  });
}

/** The uncompressed bytes of a file from an uncompressed offset. */
export function openAt(f: FileFacts, from: number): Readable {
  if (!f.compressed) return createReadStream(f.path, { start: from });
  const gunzip = createReadStream(f.path).pipe(createGunzip());
  return from > 0 ? gunzip.pipe(skipBytes(from)) : gunzip;
}
