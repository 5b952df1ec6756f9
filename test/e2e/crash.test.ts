import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { built, counts, dump, mxlens, mxlensAsync, tempDir } from './helpers.js';

// A run killed with SIGKILL at any moment, then re-run, must store exactly what one
// uninterrupted run stores: rows and checkpoints commit in the same transaction.

const t = tempDir('crash');
afterAll(() => t.cleanup());

/** ~28 000 lines: the lab log repeated on 40 different days. */
function bigLog(): string {
  const src = readFileSync(resolve('fixtures/lab/postfix-syslog-rfc3339.log'), 'utf8');
  let out = '';
  for (let i = 0; i < 40; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
    out += src.replace(/^2026-11-28T/gm, `2026-${month}-${day}T`);
  }
  return out;
}

function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe.skipIf(!built)('crash safety', () => {
  const log = join(t.dir, 'mail.log');
  writeFileSync(log, bigLog());
  const refDb = join(t.dir, 'ref.sqlite');

  test('SIGKILL at 20 random moments (4 fresh databases, 5 kills each, each run resuming the killed one): identical rows', async () => {
    const t0 = Date.now();
    const ref = mxlens(['analyse', log, '--db', refDb, '--batch-lines', '2000']);
    const refMs = Date.now() - t0;
    expect(ref.status, ref.stderr).toBe(0);
    const want = dump(refDb);
    expect(counts(want).replies).toBeGreaterThan(500);

    const r = rng(7);
    let killedMidRun = 0;
    for (let chain = 0; chain < 4; chain++) {
      const db = join(t.dir, `killed-${chain}.sqlite`);
      for (let i = 0; i < 5; i++) {
        const child = mxlensAsync(['analyse', log, '--db', db, '--batch-lines', '2000', '--wait', '10']);
        let stderr = '';
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
        // from start-up to well inside an uninterrupted run's time: a resumed run has less left to
        // do, and on a busy machine the reference run may have been the slow one
        const timer = setTimeout(() => child.kill('SIGKILL'), 50 + Math.floor(r() * refMs * 0.6));
        const code = await exited;
        clearTimeout(timer);
        if (code === null) killedMidRun++;
        else expect(code, stderr).toBe(0);
      }
      const last = mxlens(['analyse', log, '--db', db, '--batch-lines', '2000', '--wait', '10']);
      expect(last.status, last.stderr).toBe(0);
      const got = dump(db);
      expect(counts(got)).toEqual(counts(want));
      // per table, only the differing rows, so a failure says what changed
      for (const table of Object.keys(want)) {
        const w = new Set(want[table]);
        const g = new Set(got[table]);
        expect({ chain, table, extra: got[table]!.filter((x) => !w.has(x)).slice(0, 3), missing: want[table]!.filter((x) => !g.has(x)).slice(0, 3) })
          .toEqual({ chain, table, extra: [], missing: [] });
      }
    }
    // most kills must land while a run is working, or the test proves nothing
    expect(killedMidRun).toBeGreaterThanOrEqual(10);
  });

  test('two analyses started together on one database store everything once', async () => {
    const db = join(t.dir, 'twice.sqlite');
    const a = mxlensAsync(['analyse', log, '--db', db, '--batch-lines', '2000', '--wait', '30']);
    const b = mxlensAsync(['analyse', log, '--db', db, '--batch-lines', '2000', '--wait', '30']);
    const codes = await Promise.all([a, b].map((c) => new Promise<number | null>((res) => c.once('exit', (code) => res(code)))));
    expect(codes).toEqual([0, 0]);
    expect(dump(db)).toEqual(dump(refDb));
  });

  test('without --wait the second run leaves at once: exit 75, one line on stderr, nothing lost', async () => {
    const db = join(t.dir, 'busy.sqlite');
    const a = mxlensAsync(['analyse', log, '--db', db, '--batch-lines', '2000']);
    const aDone = new Promise<number | null>((res) => a.once('exit', (code) => res(code)));
    // wait until the first run holds the lock
    const deadline = Date.now() + 20_000;
    const { existsSync } = await import('node:fs');
    while (!existsSync(`${db}.lock`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const b = mxlens(['analyse', log, '--db', db]);
    // WAL: report and query read while analyse writes
    let running = true;
    void aDone.then(() => (running = false));
    const rep = mxlens(['report', '--db', db, '--format', 'json']);
    const stillRunning = running;
    expect(await aDone).toBe(0);
    if (stillRunning) {
      expect(rep.stderr).toBe('');
      expect(rep.status).toBe(0);
      expect(JSON.parse(rep.stdout).totals.lines).toBeGreaterThan(0);
    }
    if (b.status === 0) return; // the first run finished before the second started: nothing to check
    expect(b.status).toBe(75);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/^mxlens: database is busy: pid \d+/);
    expect(dump(db)).toEqual(dump(refDb));
  });
});
