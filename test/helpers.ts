import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BIN = join(ROOT, 'dist/src/cli/main.js');
export const fixture = (p: string) => join(ROOT, 'fixtures', p);

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'mxlens-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the built CLI (npm test builds it first). */
export function cli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input, env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...opts.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Columns that hold a row id (this table's own, or another row's it points at). The same facts
 * stored in another order, or by runs cut elsewhere, get other ids, so they are left out; every
 * other column is compared. (No fact table has a wall-clock column: their times are log times.)
 */
const ROW_IDS: Record<string, readonly string[]> = {
  // session_id and message_row: the sessions and messages rows the reply belongs to
  replies: ['id', 'session_id', 'message_row'],
  // message_row: the messages row of the attempt
  deliveries: ['id', 'message_row'],
  // session_id: the sessions row of the connection that stalled
  stalls: ['id', 'session_id'],
  problems: ['id'],
  // session_id: the sessions row of the connection
  tls_failures: ['id', 'session_id'],
  sessions: ['id'],
  // session_id: the sessions row the message came in by (parent_id is a queue id, a fact of the log)
  messages: ['id', 'session_id'],
  // message_row: the messages row the note is about
  message_notes: ['id', 'message_row'],
  // keyed by their values: no row ids
  line_stats: [], line_minutes: [], misses: [], miss_minutes: [], miss_hosts: [], miss_host_minutes: [], host_clocks: [],
};

/** Every fact table's rows without row ids, in a stable order: two databases with the same facts compare equal. */
export function dumpFacts(dbPath: string): Record<string, unknown[]> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const out: Record<string, unknown[]> = {};
    for (const [t, ids] of Object.entries(ROW_IDS)) {
      const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as Array<{ name: string }>).map((c) => c.name).filter((c) => !ids.includes(c));
      // a table a database of an older schema does not have yet
      if (cols.length === 0) continue;
      out[t] = db.prepare(`SELECT ${cols.join(', ')} FROM ${t} ORDER BY ${cols.join(', ')}`).all();
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
