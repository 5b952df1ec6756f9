import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';

// Runs the built CLI (npm test builds first) on temp files and compares databases.

export const CLI = resolve('dist/src/cli/main.js');
export const built = existsSync(CLI);

export function tempDir(tag: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `mxlens-${tag}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An error the CLI reports: exactly one stderr line, in its own voice. */
export function oneLine(stderr: string) {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(/^mxlens: /);
}

export const isRoot = process.getuid?.() === 0;
export const NOBODY = { uid: 65534, gid: 65534 };

/**
 * Whether permission checks can be tested under `dir`: root ignores file modes, so then the CLI runs
 * as nobody, which needs to reach `dir` and to run the CLI at all.
 */
export function permissionsTestable(dir: string): boolean {
  if (!isRoot) return true;
  chmodSync(dir, 0o755);
  return built && mxlens(['--version'], NOBODY).status === 0;
}

export function mxlens(args: string[], opts: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv; uid?: number; gid?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd, input: opts.input, encoding: 'utf8', env: { ...process.env, TZ: 'UTC', ...opts.env },
    uid: opts.uid, gid: opts.gid, timeout: 60_000,
  });
}

export function mxlensAsync(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

const TABLES = ['replies', 'deliveries', 'stalls', 'problems', 'tls_failures', 'sessions', 'messages', 'line_stats', 'misses', 'line_minutes', 'miss_minutes', 'miss_hosts', 'miss_host_minutes', 'message_notes', 'host_clocks'];
// row ids and references to them depend on when a row was written, not on what it says
const SKIP = new Set(['id', 'session_id', 'message_row', 'reply_id']);

/** Every fact table as sorted JSON rows without ids: equal dumps mean the same facts. */
export function dump(dbPath: string): Record<string, string[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const out: Record<string, string[]> = {};
    for (const t of TABLES) {
      const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name).filter((c) => !SKIP.has(c));
      // a table a database of an older schema does not have yet
      if (cols.length === 0) continue;
      const rows = db.prepare(`SELECT ${cols.join(', ')} FROM ${t}`).all();
      out[t] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    db.close();
  }
}

/**
 * The log cut after each of `cuts` lines ('all': every line): a run over the first part, then a run
 * over the whole file grown in place, must store `want` (what one run over the whole file stores).
 */
export function expectCutRunsSame(dir: string, file: string, cuts: number[] | 'all', want: Record<string, string[]>): void {
  const lines = readFileSync(file, 'utf8').split(/(?<=\n)/);
  const at = cuts === 'all' ? lines.slice(1).map((_, i) => i + 1) : cuts;
  for (const cut of at) {
    const db = join(dir, `cut${cut}.db`);
    const log = join(dir, `cut${cut}.log`);
    writeFileSync(log, lines.slice(0, cut).join(''));
    expect(mxlens(['analyse', log, '--db', db, '--year', '2026']).status, `cut after line ${cut}`).toBe(0);
    writeFileSync(log, lines.join(''));
    expect(mxlens(['analyse', log, '--db', db, '--year', '2026']).status, `cut after line ${cut}`).toBe(0);
    expectSame(db, want);
  }
}

export function counts(d: Record<string, string[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.length]));
}

/** Counts first, so a failure shows a small difference before the full one. */
export function expectSame(dbPath: string, want: Record<string, string[]>) {
  const got = dump(dbPath);
  expect(counts(got)).toEqual(counts(want));
  expect(got).toEqual(want);
}

/**
 * A folder per case, `analyse` that must succeed silently (stdout is not a terminal), and the
 * database one uninterrupted run over the whole log gives, computed once.
 */
export function e2eCases(tag: string, log: Buffer) {
  const t = tempDir(tag);
  let n = 0;
  const fresh = (): string => {
    const d = join(t.dir, `case${n++}`);
    mkdirSync(d);
    return d;
  };
  const analyse = (dir: string, ...args: string[]) => {
    const r = mxlens(['analyse', ...args, '--db', join(dir, 'db.sqlite')], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    return r;
  };
  let cached: Record<string, string[]> | null = null;
  const reference = (): Record<string, string[]> => {
    if (cached) return cached;
    const d = fresh();
    writeFileSync(join(d, 'mail.log'), log);
    analyse(d, join(d, 'mail.log'));
    cached = dump(join(d, 'db.sqlite'));
    return cached;
  };
  return { t, fresh, analyse, reference };
}
