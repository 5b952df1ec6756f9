import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';
import { writeFileAtomic } from '../../src/cli/atomic-write.js';
import { fdWriter } from '../../src/cli/io.js';

// A disk that fills up takes the part of a write() that fits, without an error; only the next
// write() fails (ENOSPC). Output that stops at the first short write is cut short in silence.

const disk = vi.hoisted(() => ({ room: Infinity }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((fd: number, data: string | Buffer, offset?: number, length?: number) => {
    const buf = typeof data === 'string' ? Buffer.from(data) : data.subarray(offset ?? 0, (offset ?? 0) + (length ?? data.length - (offset ?? 0)));
    if (disk.room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = Math.min(buf.length, disk.room);
    disk.room -= n;
    return fs.writeSync(fd, buf, 0, n);
  }) as typeof fs.writeSync;
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

const dir = mkdtempSync(join(tmpdir(), 'mxlens-short-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  disk.room = Infinity;
});
const text = 'mxlens report\n'.repeat(100);

describe('writes on a disk that fills up', () => {
  test('report --output: the disk is full, and no short file takes the name (nor a temp file stays)', () => {
    const target = join(dir, 'metrics.prom');
    disk.room = 100;
    expect(() => writeFileAtomic(target, text)).toThrow(expect.objectContaining({ code: 'ENOSPC' }));
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    disk.room = Infinity;
    writeFileAtomic(target, text);
    expect(readFileSync(target, 'utf8')).toBe(text);
    rmSync(target);
  });

  test('standard output to a file: every byte, or an error', async () => {
    const path = join(dir, 'out.txt');
    const fd = openSync(path, 'w');
    try {
      disk.room = 100;
      const out = fdWriter(fd);
      const failed = new Promise<NodeJS.ErrnoException>((resolve) => out.on('error', resolve));
      out.write(text);
      expect((await failed).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }
    disk.room = Infinity;
    const fd2 = openSync(path, 'w');
    const out = fdWriter(fd2);
    await new Promise<void>((resolve) => out.end(text, resolve));
    closeSync(fd2);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
