import type { Db } from './db.js';
import { readDatabaseAsync } from './read-db.js';
import { StoreError, storeError } from './errors.js';

// `mxlens query`: any SQL the user writes, on a connection that cannot write.
//
// Rows are read one at a time and handed on in chunks, so a result of millions of rows needs the
// memory of one chunk. A result that fits in one chunk is handed on only once the read is known to
// be good: the reader may read again when the database changed under it (read-db.ts). A longer one
// is handed on while it is read; if the database then changes under it, nothing can be taken back,
// and the query fails instead (its output is incomplete).

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

/** Receives the columns and a chunk of rows; resolves to false to stop reading (the output went away). */
export type RowSink = (columns: string[], rows: unknown[][]) => boolean | Promise<boolean>;

export const CHUNK_ROWS = 10_000;

/** Runs the query; returns the number of rows handed to `sink`. */
export async function streamQuery(path: string, sql: string, sink: RowSink, chunkRows = CHUNK_ROWS): Promise<number> {
  let streamed = false;
  let total = 0;
  const last = await readDatabaseAsync(
    path,
    async (db) => {
      try {
        return await run(db, sql, (columns, rows) => {
          streamed = true;
          total += rows.length;
          return sink(columns, rows);
        }, chunkRows);
      } catch (err) {
        throw err instanceof StoreError ? err : storeError(err, 'query');
      }
    },
    { retryable: () => !streamed, changed: `${path}: the database changed while the query's rows were written out, so they are incomplete; run the query again` },
  );
  // always handed on, even with no rows: the output's header names the columns
  if (last.rows.length > 0 || !streamed) await sink(last.columns, last.rows);
  return total + last.rows.length;
}

/** The whole result in memory: for small, known results. */
export async function runQuery(path: string, sql: string): Promise<QueryResult> {
  let columns: string[] = [];
  const rows: unknown[][] = [];
  await streamQuery(path, sql, (c, chunk) => {
    columns = c;
    for (const r of chunk) rows.push(r);
    return true;
  });
  return { columns, rows };
}

/** Reads every row; full chunks go to `emit` as they fill, the last (partial) one is returned. */
/** SQL comments before a statement's first word: "-- ..." to the line's end, and block comments. */
const LEADING_COMMENTS = /^(?:\s*(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/))*/;

async function run(db: Db, sql: string, emit: RowSink, chunkRows: number): Promise<QueryResult> {
  let stmt;
  try {
    stmt = db.prepare(sql);
  } catch (err) {
    const message = (err as Error).message;
    // better-sqlite3's own words for "SELECT 1; DELETE ...": say what to do instead
    if (/more than one statement/i.test(message)) throw new StoreError('sql', 'query: give one statement at a time (this text holds more than one)');
    throw new StoreError('sql', `query: ${message}`);
  }
  if (!stmt.reader) {
    throw new StoreError('readonly', 'query: the database is opened read-only; only statements that return rows (SELECT, WITH, PRAGMA reads) are allowed');
  }
  // a PRAGMA that sets something fails on an ordinary read-only connection, but not on the immutable
  // one a reader uses when no writer runs (read-db.ts): refuse it before it runs, either way
  // (after any comments before it: "/* */ PRAGMA journal_mode=DELETE" was answered)
  if (!stmt.readonly && /^\s*PRAGMA\s[^;]*[=(]/i.test(sql.replace(LEADING_COMMENTS, ''))) {
    throw new StoreError('readonly', 'query: the database is opened read-only and this PRAGMA would change it');
  }
  const columns = stmt.columns().map((c) => c.name);
  let rows: unknown[][] = [];
  try {
    // every integer as a bigint: ids and byte counts past 2^53 are printed exactly
    for (const row of stmt.raw(true).safeIntegers(true).iterate() as IterableIterator<unknown[]>) {
      rows.push(row);
      if (rows.length === chunkRows) {
        const more = await emit(columns, rows);
        rows = [];
        // leaving the loop ends the statement (the iterator's return() resets it)
        if (!more) break;
      }
    }
  } catch (err) {
    // a statement that returns rows and also changes something (PRAGMA journal_mode=DELETE)
    // fails on the read-only connection with whatever SQLite met first, often an I/O error
    if (!stmt.readonly) throw new StoreError('readonly', `query: the database is opened read-only and this statement would change it (${(err as Error).message})`);
    throw err;
  }
  return { columns, rows };
}
