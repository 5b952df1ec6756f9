import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { acquireLock, LockBusyError } from '../../src/store/lock.js';

const dir = mkdtempSync(join(tmpdir(), 'mxlens-lock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const db = () => join(dir, `db${n++}.sqlite`);

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(r.stdout.toString());
}

describe('database lock', () => {
  test('a second holder is refused at once with the owner named', async () => {
    const p = db();
    const a = await acquireLock(p, { releaseOnExit: false });
    const err = await acquireLock(p, { releaseOnExit: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockBusyError);
    expect((err as Error).message).toContain(`pid ${process.pid}`);
    a.release();
    expect(existsSync(`${p}.lock`)).toBe(false);
    const b = await acquireLock(p, { releaseOnExit: false });
    b.release();
  });

  test('a lock whose pid is dead is taken over', async () => {
    const p = db();
    writeFileSync(`${p}.lock`, JSON.stringify({ pid: deadPid(), started: 'then', host: hostname() }) + '\n');
    const a = await acquireLock(p, { releaseOnExit: false });
    expect(JSON.parse(readFileSync(`${p}.lock`, 'utf8')).pid).toBe(process.pid);
    a.release();
  });

  test('an empty lock file is stale only after a grace period', async () => {
    const p = db();
    writeFileSync(`${p}.lock`, '');
    await expect(acquireLock(p, { releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
    const old = Date.now() / 1000 - 60;
    utimesSync(`${p}.lock`, old, old);
    (await acquireLock(p, { releaseOnExit: false })).release();
  });

  test('--wait polls until the holder releases', async () => {
    const p = db();
    const a = await acquireLock(p, { releaseOnExit: false });
    setTimeout(() => a.release(), 300);
    const t0 = Date.now();
    const b = await acquireLock(p, { waitSeconds: 5, pollMs: 50, releaseOnExit: false });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    b.release();
  });

  test('--wait gives up after its timeout', async () => {
    const p = db();
    const a = await acquireLock(p, { releaseOnExit: false });
    const t0 = Date.now();
    await expect(acquireLock(p, { waitSeconds: 0.4, pollMs: 50, releaseOnExit: false })).rejects.toBeInstanceOf(LockBusyError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    a.release();
  });

  // Needs the compiled module (npm test builds first).
  const built = resolve('dist/src/store/lock.js');

  /** Another process that takes the lock and keeps it until it is killed. */
  async function holder(p: string) {
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      const { acquireLock } = await import(${JSON.stringify(built)});
      await acquireLock(${JSON.stringify(p)});
      process.stdout.write('held\\n');
      setInterval(() => {}, 1000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res) => child.stdout!.once('data', () => res()));
    return child;
  }
  test.skipIf(!existsSync(built))('another process holds it, then releases it on SIGTERM', async () => {
    const p = db();
    const child = await holder(p);
    await expect(acquireLock(p, { releaseOnExit: false })).rejects.toThrow(`pid ${child.pid}`);
    const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(existsSync(`${p}.lock`)).toBe(false);
    (await acquireLock(p, { releaseOnExit: false })).release();
  });

  test.skipIf(!existsSync(built))('a SIGKILLed holder leaves a stale lock that the next run takes over', async () => {
    const p = db();
    const child = await holder(p);
    const exited = new Promise((res) => child.once('exit', res));
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(`${p}.lock`)).toBe(true);
    (await acquireLock(p, { releaseOnExit: false })).release();
  });

  test('a lock that cannot be read (a directory in its place) is refused with one message, not polled for ever', async () => {
    const p = db();
    mkdirSync(`${p}.lock`);
    const err = await acquireLock(p, { releaseOnExit: false, waitSeconds: 1 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/cannot read the lock file \(it is a directory\)/);
  });
});
