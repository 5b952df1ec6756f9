import type { Db } from './db.js';
import { storeError } from './errors.js';

// Retention: rows older than a cut-off go, in small transactions so a concurrent reader
// (report, query) is never blocked for long. A parent row (session, message) goes only
// when its last sign of life is older than the cut-off, so every row that remains still
// finds the session or message it points to, and a report over the remaining window
// counts exactly what it counted before.

const PLAN: Array<{ table: string; where: string; key?: string }> = [
  { table: 'replies', where: 'ts < ?' },
  { table: 'deliveries', where: 'ts < ?' },
  { table: 'stalls', where: 'ts < ?' },
  { table: 'problems', where: 'ts < ?' },
  { table: 'tls_failures', where: 'ts < ?' },
  { table: 'message_notes', where: 'ts < ?' },
  { table: 'messages', where: 'coalesce(last_ts, first_ts) < ?' },
  { table: 'sessions', where: 'coalesce(end_ts, start_ts) < ?' },
  // hour 0 holds lines without a time: they cannot be dated, so they stay
  { table: 'line_stats', where: 'hour > 0 AND hour + 3600000 <= ?' },
  { table: 'line_minutes', where: 'minute > 0 AND minute + 60000 <= ?', key: '(minute, host, mta)' },
  { table: 'miss_minutes', where: 'minute > 0 AND minute + 60000 <= ?', key: '(minute, program, shape)' },
  { table: 'misses', where: 'last_ts < ?' },
  { table: 'miss_host_minutes', where: 'minute > 0 AND minute + 60000 <= ?', key: '(minute, host, program, shape)' },
  { table: 'miss_hosts', where: 'last_ts < ?' },
];

/**
 * The hour the cut-off falls inside keeps its hourly row (line_stats), but its minutes before the
 * cut-off go: the row loses their lines in the same transaction. Else that hour's row no longer
 * added up to its minutes, and a report took it for lines an older mxlens counted by the hour only.
 */
function splitHour(db: Db, cutoffMs: number): void {
  const hour = Math.floor(cutoffMs / 3_600_000) * 3_600_000;
  if (hour <= 0 || hour === cutoffMs) return;
  const before = (col: string) =>
    `${col} - coalesce((SELECT sum(m.${col}) FROM line_minutes m WHERE m.host = line_stats.host AND m.mta = line_stats.mta AND m.minute >= ? AND m.minute + 60000 <= ?), 0)`;
  db.transaction(() => {
    db.prepare(`UPDATE line_stats SET lines = ${before('lines')}, parsed = ${before('parsed')}, unparsed = ${before('unparsed')}, foreign_lines = ${before('foreign_lines')} WHERE hour = ?`)
      .run(hour, cutoffMs, hour, cutoffMs, hour, cutoffMs, hour, cutoffMs, hour);
    db.prepare('DELETE FROM line_minutes WHERE minute >= ? AND minute + 60000 <= ?').run(hour, cutoffMs);
  }).immediate();
}

export interface PruneResult {
  deleted: Record<string, number>;
  vacuumed: 'full' | 'incremental' | 'none';
  bytesBefore: number;
  bytesAfter: number;
}

function fileBytes(db: Db): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

export function prune(db: Db, cutoffMs: number, opts: { vacuum?: boolean; batch?: number } = {}): PruneResult {
  const batch = opts.batch ?? 5000;
  const deleted: Record<string, number> = {};
  const bytesBefore = fileBytes(db);
  try {
    splitHour(db, cutoffMs);
    for (const { table, where, key = 'rowid' } of PLAN) {
      // rowid (or primary key) batches: each DELETE is its own short transaction
      const del = db.prepare(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key.replace(/[()]/g, '')} FROM ${table} WHERE ${where} LIMIT ?)`);
      let total = 0;
      for (;;) {
        const n = db.transaction(() => del.run(cutoffMs, batch).changes).immediate();
        total += n;
        if (n < batch) break;
      }
      deleted[table] = total;
    }
    let vacuumed: PruneResult['vacuumed'] = 'none';
    if (opts.vacuum) {
      // VACUUM rewrites the file; afterwards incremental vacuum works on later prunes
      db.pragma('auto_vacuum = INCREMENTAL');
      db.exec('VACUUM');
      vacuumed = 'full';
    } else if ((db.pragma('auto_vacuum', { simple: true }) as number) === 2) {
      db.pragma('incremental_vacuum');
      vacuumed = 'incremental';
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { deleted, vacuumed, bytesBefore, bytesAfter: fileBytes(db) };
  } catch (err) {
    throw storeError(err, 'pruning the database');
  }
}
