import { IngestError } from '../ingest/input.js';
import { StoreError, storeError } from '../store/errors.js';
import { LockBusyError } from '../store/lock.js';
import { CliError, EX } from './exit-codes.js';

/** Operational errors from the layers below, as one line and an exit code; `db` names the database file. */
export function toCliError(err: unknown, db = 'database'): unknown {
  if (err instanceof IngestError) {
    const code = err.code === 'noinput' ? EX.NOINPUT : err.code === 'dataerr' ? EX.DATAERR : EX.IOERR;
    return new CliError(err.message, code);
  }
  // a database error that escaped its layer unmapped still gets one line and its exit code
  const sqlite = typeof (err as { code?: unknown } | null)?.code === 'string' && (err as { code: string }).code.startsWith('SQLITE_');
  if (sqlite) return toCliError(storeError(err, db));
  if (err instanceof LockBusyError) return new CliError(err.message, EX.TEMPFAIL);
  if (err instanceof StoreError) {
    const code =
      err.code === 'busy' ? EX.TEMPFAIL
      : err.code === 'missing' || err.code === 'unreadable' ? EX.NOINPUT
      // the schema is not this program's: an older one is brought up to date by analyse alone
      : err.code === 'newer' || err.code === 'older' ? EX.CONFIG
      : err.code === 'corrupt' ? EX.DATAERR
      : err.code === 'cantopen' || err.code === 'readonly' ? EX.CANTCREAT
      : err.code === 'full' ? EX.IOERR
      : EX.DATAERR;
    return new CliError(err.message, code);
  }
  return err;
}
