import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { deriveColumns } from '../../src/app/derive.js';
import { deriveTls } from '../../src/app/derive-tls.js';
import { LineAccounting } from '../../src/app/line-sink.js';
import { Correlator } from '../../src/model/correlate.js';
import { LineParser } from '../../src/parse/index.js';
import { maskShape } from '../../src/parse/shape.js';
import { remedyId } from '../../src/remedy/index.js';
import { encodeBatch } from '../../src/store/encode.js';
import { migrate } from '../../src/store/migrate.js';
import { loadOpenState, nextIds } from '../../src/store/sources.js';
import { Writer } from '../../src/store/writer.js';

// In-process runs over lines, for tests that compare one run with several: each run reads the
// open states back, parses and correlates its lines and writes one batch.

export type Db = Database.Database;

/**
 * One run: open states read back, lines parsed and correlated, one batch written. As the CLI
 * does, a run that resumes a log starts its year-less stamps from the time of the last line
 * read before (`resumeMs`). Returns the time of its own last line with one.
 */
export function run(db: Db, lines: string[], resumeMs?: number | null, killed = false): number | null {
  const c = new Correlator({ remedyId }, nextIds(db));
  const open = loadOpenState(db);
  c.restore(open.sessions, open.clocks, open.stored, open.displaced);
  const parser = new LineParser({ year: 2026, resumeMs: resumeMs ?? undefined, latestOf: (host) => c.latestOf(host) });
  const acct = new LineAccounting(maskShape);
  let last = resumeMs ?? null;
  for (const l of lines) {
    const out = parser.parse(l);
    const ts = out.rec?.ts ?? null;
    if (ts !== null) last = ts;
    acct.take(out, c);
  }
  const { stats, misses } = acct.drain();
  // a run killed after committing its lines never reaches the end of its input (no final sweep)
  const e = encodeBatch(c.takeBatch(!killed), stats, misses, null);
  deriveColumns(e);
  new Writer(db, deriveTls).apply(e);
  return last;
}

const TABLES = ['replies', 'deliveries', 'stalls', 'problems', 'tls_failures', 'message_notes', 'host_clocks', 'sessions', 'messages', 'line_stats', 'misses', 'line_minutes', 'miss_minutes'];
const SKIP = new Set(['id', 'session_id', 'message_row', 'reply_id']);

export function dump(db: Db): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) {
    const cols = (db.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name).filter((c) => !SKIP.has(c));
    out[t] = db.prepare(`SELECT ${cols.join(', ')} FROM ${t}`).all().map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

export function analysed(...parts: string[][]): Record<string, string[]> {
  return analysedKilled(0, ...parts);
}

/** The same, where the first `killed` runs were killed after committing their lines. */
export function analysedKilled(killed: number, ...parts: string[][]): Record<string, string[]> {
  const db = new Database(':memory:');
  try {
    migrate(db);
    let last: number | null = null;
    parts.forEach((p, i) => (last = run(db, p, last, i < killed)));
    return dump(db);
  } finally {
    db.close();
  }
}

export function linesOf(path: string): string[] {
  return readFileSync(resolve(path), 'utf8').split('\n').filter((l) => l !== '');
}
