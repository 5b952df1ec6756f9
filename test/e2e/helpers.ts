import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

// Runs the built CLI (npm test builds first) on temp files and compares databases.

export const CLI = resolve('dist/src/cli/main.js');
export const built = existsSync(CLI);

export function tempDir(tag: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `mxlens-${tag}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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

const TABLES = ['replies', 'deliveries', 'stalls', 'problems', 'sessions', 'messages', 'line_stats', 'misses'];
// row ids and references to them depend on when a row was written, not on what it says
const SKIP = new Set(['id', 'session_id', 'message_row', 'reply_id']);

/** Every fact table as sorted JSON rows without ids: equal dumps mean the same facts. */
export function dump(dbPath: string): Record<string, string[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const out: Record<string, string[]> = {};
    for (const t of TABLES) {
      const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name).filter((c) => !SKIP.has(c));
      const rows = db.prepare(`SELECT ${cols.join(', ')} FROM ${t}`).all();
      out[t] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    db.close();
  }
}

export function counts(d: Record<string, string[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.length]));
}
