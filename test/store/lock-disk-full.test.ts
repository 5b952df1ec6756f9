import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { acquireLock } from '../../src/store/lock.js';
import { StoreError } from '../../src/store/errors.js';

// A full disk lets the lock file be created (a name costs no data block) and then refuses its
// first write. The empty file must not stay behind: the next cron runs would find it and report
// the database as busy.

const full = vi.hoisted(() => ({ on: false }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writeSync = ((...args: Parameters<typeof fs.writeSync>) => {
    if (full.on) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return (fs.writeSync as (...a: unknown[]) => number)(...args);
  }) as typeof fs.writeSync;
  return { ...fs, writeSync, default: { ...fs, writeSync } };
});

const dir = mkdtempSync(join(tmpdir(), 'mxlens-lock-full-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lock on a full disk', () => {
  test('one clear error (the disk is full), no lock file left, and the next run takes the lock', async () => {
    const db = join(dir, 'db.sqlite');
    full.on = true;
    const err = await acquireLock(db, { releaseOnExit: false }).catch((e: unknown) => e);
    full.on = false;
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).code).toBe('full');
    expect((err as StoreError).message).toBe(`${db}.lock: cannot create the lock file (the disk is full)`);
    expect(existsSync(`${db}.lock`)).toBe(false);
    const lock = await acquireLock(db, { releaseOnExit: false });
    expect(existsSync(`${db}.lock`)).toBe(true);
    lock.release();
  });
});
