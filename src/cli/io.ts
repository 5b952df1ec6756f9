import { fstatSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

/** The world a command may touch, passed in so commands stay testable. */
export interface CommandIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  now(): number;
}

export function processIO(): CommandIO {
  return { stdout: isFile(1) ? fdWriter(1) : process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, now: () => Date.now() };
}

/**
 * One write() may take only part of the bytes: on a disk that fills up, the part that fits, with
 * no error. Writing the rest gives the error (ENOSPC), so no output ends short in silence.
 */
export function writeAll(fd: number, buf: Buffer): void {
  for (let at = 0; at < buf.length; ) {
    const n = writeSync(fd, buf, at, buf.length - at);
    if (n <= 0) throw Object.assign(new Error('write took no bytes'), { code: 'EIO' });
    at += n;
  }
}

function isFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

/**
 * For standard output redirected to a file (`mxlens report > report.txt`, a cron line's `>> log`).
 * Node writes such a file with one write() per chunk and drops what a short write left over, so a
 * report on a nearly full disk came out cut with exit 0. This stream writes every byte or fails
 * (its 'error' event, see main.ts).
 */
export function fdWriter(fd: number): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      try {
        writeAll(fd, chunk);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
