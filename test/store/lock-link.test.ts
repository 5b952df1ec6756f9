import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { acquireLock, LockBusyError } from '../../src/store/lock.js';

// The lock file appears with its owner already in it (a file of the run's own, hard-linked to the
// lock's name). It used to be created empty and written next: a run killed between the two left an
// empty lock that turned the next runs away as busy for seconds (seen under load in the cron test
// that kills runs at random).

const fsState = vi.hoisted(() => ({ noLinks: false, seenAtLink: [] as string[] }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const linkSync = ((existing: string, name: string) => {
    fsState.seenAtLink.push(fs.readFileSync(existing, 'utf8'));
    if (fsState.noLinks) throw Object.assign(new Error(`EPERM: operation not permitted, link '${existing}' -> '${name}'`), { code: 'EPERM' });
    return fs.linkSync(existing, name);
  }) as typeof fs.linkSync;
  return { ...fs, linkSync, default: { ...fs, linkSync } };
});

const dir = mkdtempSync(join(tmpdir(), 'mxlens-lock-link-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the lock appears with its owner in it', () => {
  test('the file linked to the lock name already holds the owner, and none of the run\'s own files stays', async () => {
    const db = join(dir, 'a.sqlite');
    fsState.seenAtLink.length = 0;
    const lock = await acquireLock(db, { releaseOnExit: false });
    expect(fsState.seenAtLink).toHaveLength(1);
    expect(JSON.parse(fsState.seenAtLink[0]!)).toMatchObject({ pid: process.pid });
    expect(readFileSync(`${db}.lock`, 'utf8')).toBe(fsState.seenAtLink[0]);
    // a second run is turned away by the owner it reads, not by an empty file
    const err = await acquireLock(db, { releaseOnExit: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    expect((err as LockBusyError).owner?.pid).toBe(process.pid);
    expect(readdirSync(dir).sort()).toEqual(['a.sqlite.lock']);
    lock.release();
    expect(existsSync(`${db}.lock`)).toBe(false);
  });

  test('a file system without hard links: the lock is made as before (O_EXCL, then written)', async () => {
    const db = join(dir, 'b.sqlite');
    fsState.noLinks = true;
    try {
      const lock = await acquireLock(db, { releaseOnExit: false });
      expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
      const err = await acquireLock(db, { releaseOnExit: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LockBusyError);
      lock.release();
      expect(readdirSync(dir).filter((f) => f.startsWith('b.'))).toEqual([]);
    } finally {
      fsState.noLinks = false;
    }
  });
});
