import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeAll } from './io.js';

/**
 * Writes a file so that a reader (node_exporter's textfile collector) sees either the old
 * content or the new, never half of it: a temp file in the same directory (rename is
 * atomic only within one file system), flushed, then renamed over the target. A file replaced
 * keeps its permissions: a cron job run under umask 077 must not make node_exporter's file
 * unreadable to it.
 */
export function writeFileAtomic(target: string, data: string, mode = 0o644): void {
  // A symbolic link is followed: the file it names is replaced, not the link (the link may be how
  // the collector's directory is laid out). Anything that is no regular file (/dev/stdout, a FIFO a
  // reader waits on, /dev/null) is written into as it is: renamed over, a device node would be gone.
  let st = statOrNull(target, lstatSync);
  let path = target;
  if (st?.isSymbolicLink()) {
    st = statOrNull(target, statSync);
    // a link to a file not made yet: that file, made through the link
    if (st === null) return writeInto(target, data);
    path = realpathSync(target);
  }
  if (st !== null && !st.isFile()) return writeInto(path, data);
  // a file replaced keeps its permissions; a new one is made as the umask allows
  const kept = st === null ? null : st.mode & 0o7777;
  const dir = dirname(path);
  // a dot name ending in .tmp: the textfile collector reads only *.prom
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'wx', mode);
    if (kept !== null) fchmodSync(fd, kept);
    writeAll(fd, Buffer.from(data, 'utf8'));
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** What is at `path` (stat, or lstat for a link itself), or null when there is nothing. */
function statOrNull(path: string, how: typeof statSync | typeof lstatSync): Stats | null {
  try {
    return how(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Writes into what is at `path` (a device, a FIFO, a file a dangling link names), without replacing it. */
function writeInto(path: string, data: string): void {
  const fd = openSync(path, 'w');
  try {
    writeAll(fd, Buffer.from(data, 'utf8'));
  } finally {
    closeSync(fd);
  }
}
