import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { writeAll } from './io.js';

/**
 * Writes a file so that a reader (node_exporter's textfile collector) sees either the old
 * content or the new, never half of it: a temp file in the same directory (rename is
 * atomic only within one file system), flushed, then renamed over the target. A file replaced
 * keeps its permissions: a cron job run under umask 077 must not make node_exporter's file
 * unreadable to it.
 */
export function writeFileAtomic(path: string, data: string, mode = 0o644): void {
  const dir = dirname(path);
  let kept: number | null = null;
  try {
    const st = statSync(path);
    if (st.isFile()) kept = st.mode & 0o7777;
  } catch {
    // no file yet: a new one, as the umask allows
  }
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

