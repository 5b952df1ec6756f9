/** Operational store failures; the CLI maps `code` to an exit code. */
export type StoreErrorCode = 'missing' | 'cantopen' | 'corrupt' | 'newer' | 'older' | 'readonly' | 'unreadable' | 'busy' | 'full' | 'sql';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Translate a better-sqlite3 / SQLite error into a StoreError with a readable message. */
export function storeError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const e = err as { code?: string; message?: string };
  const code = e.code ?? '';
  const msg = e.message ?? String(err);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return new StoreError('corrupt', `${what}: the database file is damaged or not a database (${msg})`);
  if (code.startsWith('SQLITE_READONLY')) return new StoreError('readonly', `${what}: the database is read-only (${msg})`);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new StoreError('busy', `${what}: the database is busy (${msg})`);
  if (code === 'SQLITE_FULL') return new StoreError('full', `${what}: the disk is full (${msg})`);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_PERM') return new StoreError('cantopen', `${what}: cannot open the database (${msg})`);
  return new StoreError('sql', `${what}: ${msg}`);
}
