import type { Db } from './db.js';
import { readDatabase } from './read-db.js';
import { StoreError, storeError } from './errors.js';

// `mxlens query`: any SQL the user writes, on a connection that cannot write.

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export function runQuery(path: string, sql: string): QueryResult {
  return readDatabase(path, (db) => {
    try {
      return run(db, sql);
    } catch (err) {
      throw err instanceof StoreError ? err : storeError(err, 'query');
    }
  });
}

function run(db: Db, sql: string): QueryResult {
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    throw new StoreError('sql', `query: ${(err as Error).message}`);
  }
  if (!stmt.reader) {
    throw new StoreError('readonly', 'query: the database is opened read-only; only statements that return rows (SELECT, WITH, PRAGMA reads) are allowed');
  }
  // a PRAGMA that sets something fails on an ordinary read-only connection, but not on the immutable
  // one a reader uses when no writer runs (read-db.ts): refuse it before it runs, either way
  if (!stmt.readonly && /^\s*PRAGMA\s[^;]*[=(]/i.test(sql)) {
    throw new StoreError('readonly', 'query: the database is opened read-only and this PRAGMA would change it');
  }
  const columns = stmt.columns().map((c) => c.name);
  let rows: unknown[][];
  try {
    // every integer as a bigint: ids and byte counts past 2^53 are printed exactly
    rows = stmt.raw(true).safeIntegers(true).all() as unknown[][];
  } catch (err) {
    // a statement that returns rows and also changes something (PRAGMA journal_mode=DELETE)
    // fails on the read-only connection with whatever SQLite met first, often an I/O error
    if (!stmt.readonly) throw new StoreError('readonly', `query: the database is opened read-only and this statement would change it (${(err as Error).message})`);
    throw err;
  }
  return { columns, rows };
}
