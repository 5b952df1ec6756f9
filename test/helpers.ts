import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadMigrations, migrate } from '../src/store/migrate.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'dist/src/cli/main.js');
export const fixture = (p: string) => join(ROOT, 'fixtures', p);

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mxlens-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the built CLI (npm test builds it first). */
export function cli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd, input: opts.input, env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...opts.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Columns that hold a row id. The same facts stored in another order, or by runs cut elsewhere, get
 * other ids: a table's own id is left out, and a column that points at another row is compared by
 * that row's natural key instead (what the row is in the log), so that a fact linked to the wrong
 * session or message still shows. (No fact table has a wall-clock column: their times are log times.)
 */
const ROW_IDS: Record<string, readonly string[]> = {
  replies: ['id'], deliveries: ['id'], stalls: ['id'], problems: ['id'], tls_failures: ['id'], sessions: ['id'], messages: ['id'],
  message_notes: ['id'],
  // keyed by their values: no row ids
  line_stats: [], line_minutes: [], misses: [], miss_minutes: [], miss_hosts: [], miss_host_minutes: [], host_clocks: [],
};

/** a sessions row by its connection; a messages row by its host, queue id and first time (parent_id is a queue id already) */
const NATURAL: Record<string, string> = {
  session_id: `(SELECT json_array(host, program, pid, client_ip, client_port, start_ts) FROM sessions WHERE id = {col})`,
  message_row: `(SELECT json_array(host, queue_id, first_ts) FROM messages WHERE id = {col})`,
};

function column(table: string, name: string): string {
  const key = NATURAL[name];
  if (key === undefined) return name;
  // a link to a row that is not there shows as such
  return `CASE WHEN ${table}.${name} IS NULL THEN NULL ELSE coalesce(${key.replace('{col}', `${table}.${name}`)}, 'dangling') END AS ${name}`;
}

/** Every fact table's rows without their own ids, links by the linked row's key, in a stable order: two databases with the same facts compare equal. */
export function dumpFacts(dbPath: string): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const [t, ids] of Object.entries(ROW_IDS)) {
      const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name).filter((c) => !ids.includes(c));
      // a table a database of an older schema does not have yet
      if (cols.length === 0) continue;
      const names = cols.map((c) => (c in NATURAL ? c : `${t}.${c}`));
      out[t] = db.prepare(`SELECT ${cols.map((c) => column(t, c)).join(', ')} FROM ${t} ORDER BY ${names.map((_, i) => i + 1).join(', ')}`).all();
    }
    return out;
  } finally {
    db.close();
  }
}

export function scalar(dbPath: string, sql: string): unknown {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

/**
 * A database as an older mxlens left it: the schema of migration `version`, holding the rows of the
 * database at `from` (the columns that schema has). For tests of what an upgrade does to old rows.
 */
export function asSchema(from: string, path: string, version: number): Database.Database {
  const db = new Database(path);
  migrate(db, loadMigrations().filter((m) => m.version <= version));
  db.exec(`ATTACH DATABASE '${from.replace(/'/g, "''")}' AS f`);
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
  for (const t of tables) {
    const cols = (db.prepare(`PRAGMA main.table_info(${t})`).all() as Array<{ name: string }>).map((c) => `"${c.name}"`).join(', ');
    db.exec(`INSERT INTO main.${t} (${cols}) SELECT ${cols} FROM f.${t}`);
  }
  db.exec('DETACH DATABASE f');
  return db;
}
