import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { acquireLock, LockBusyError } from '../../src/store/lock.js';
import { bootId, startTicks } from '../../src/store/proc-stamp.js';

// Which lock still has an owner (a pid is reused after a crash or a reboot), and one lock per
// database whatever path names it.

const dir = mkdtempSync(join(tmpdir(), 'mxlens-lockowner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const db = () => join(dir, `db${n++}.sqlite`);
const proc = startTicks(process.pid) !== null && bootId() !== null;
const lockOf = (p: string, owner: object) => writeFileSync(`${p}.lock`, JSON.stringify({ host: hostname(), ...owner }) + '\n');
const taken = async (p: string) => {
  const l = await acquireLock(p, { releaseOnExit: false });
  expect(JSON.parse(readFileSync(`${p}.lock`, 'utf8')).pid).toBe(process.pid);
  l.release();
};

describe.skipIf(!proc)('a lock whose pid lives on in another process', () => {
  test('a lock older than the process that has its pid now is taken over (pid 1 since January)', async () => {
    const p = db();
    lockOf(p, { pid: 1, started: '2026-01-01T00:00:00.000Z' });
    await taken(p);
  });

  test('a lock naming this boot and another start of the pid is taken over', async () => {
    const p = db();
    lockOf(p, { pid: process.pid, started: new Date().toISOString(), boot: bootId(), ticks: startTicks(process.pid)! - 1 });
    await taken(p);
  });

  test('a lock from an earlier boot is taken over', async () => {
    const p = db();
    lockOf(p, { pid: process.pid, started: new Date().toISOString(), boot: 'another-boot', ticks: startTicks(process.pid) });
    await taken(p);
  });

  test('a live pid that is not a node process does not hold an old-style lock', async () => {
    const p = db();
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 100));
      // started after the process: only what the process is gives it away
      lockOf(p, { pid: sleeper.pid, started: new Date(Date.now() + 60_000).toISOString() });
      await taken(p);
    } finally {
      sleeper.kill();
    }
  });

  test('an old-style lock of a live node process that started before it still holds', async () => {
    const p = db();
    lockOf(p, { pid: process.pid, started: new Date().toISOString() });
    await expect(acquireLock(p, { releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
  });

  test('a lock written by this process names its boot and start', async () => {
    const p = db();
    const l = await acquireLock(p, { releaseOnExit: false });
    const owner = JSON.parse(readFileSync(`${p}.lock`, 'utf8'));
    expect([owner.boot, owner.ticks]).toEqual([bootId(), startTicks(process.pid)]);
    await expect(acquireLock(p, { releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
    l.release();
  });
});

describe('one lock per database, whatever the path', () => {
  test('a symbolic link to the database shares its lock', async () => {
    const real = db();
    writeFileSync(real, '');
    const link = join(dir, `link${n++}.sqlite`);
    symlinkSync(real, link);
    const l = await acquireLock(real, { releaseOnExit: false });
    await expect(acquireLock(link, { releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
    l.release();
  });

  test('a link to a database not created yet, and a linked directory, too', async () => {
    const real = db();
    const link = join(dir, `dangling${n++}.sqlite`);
    symlinkSync(real, link);
    const sub = join(dir, `sub${n++}`);
    mkdirSync(sub);
    const viaDir = join(dir, `dirlink${n++}`);
    symlinkSync(sub, viaDir);
    const l = await acquireLock(link, { releaseOnExit: false });
    expect(readFileSync(`${real}.lock`, 'utf8')).toContain(`"pid":${process.pid}`);
    await expect(acquireLock(real, { releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
    l.release();
    const d = await acquireLock(join(viaDir, 'x.sqlite'), { releaseOnExit: false });
    await expect(acquireLock(join(sub, 'x.sqlite'), { releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
    await expect(acquireLock(join(sub, '..', `sub${n - 2}`, 'x.sqlite'), { releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
    d.release();
  });
});
