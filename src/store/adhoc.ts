import { openReadOnly } from './db.js';
import { StoreError, storeError } from './errors.js';

// `mxlens query`: any SQL the user writes, on a connection that cannot write.

export interface QueryResult {
  columns: string[];
  rows: unknown[][];
}

export function runQuery(path: string, sql: string): QueryResult {
  const db = openReadOnly(path);
  try {
    let stmt;
    try {
      stmt = db.prepare(sql);
    } catch (err) {
      throw new StoreError('sql', `query: ${(err as Error).message}`);
    }
    if (!stmt.reader) {
      throw new StoreError('readonly', 'query: the database is opened read-only; only statements that return rows (SELECT, WITH, PRAGMA reads) are allowed');
    }
    const columns = stmt.columns().map((c) => c.name);
    const rows = stmt.raw(true).all() as unknown[][];
    return { columns, rows };
  } catch (err) {
    throw err instanceof StoreError ? err : storeError(err, 'query');
  } finally {
    db.close();
  }
}
