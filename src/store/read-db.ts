import Database from 'better-sqlite3';
import { existsSync, statSync, type BigIntStats } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { resolveDbPath } from './db-path.js';
import { checkSchema, missingDb, type Db } from './db.js';
import { StoreError, storeError } from './errors.js';

// report and query read the database, often as another user than analyse (a metrics job). An ordinary
// read-only SQLite connection to a WAL database creates `-wal` and `-shm` when they are missing, owned
// by the reader, with the database file's mode; analyse, another user, then cannot write them and fails
// run after run. A reader without write access to the directory cannot create them and fails instead.
//
// So a reader creates nothing. While `-wal` exists (a writer is at work, or its log was left behind),
// the ordinary read-only connection uses the files that are there: SQLite reads a WAL database through
// a `-shm` it may only read (since 3.22). When there is no `-wal`, no connection has the database open
// in WAL mode and every commit is in the database file itself: it is read as an immutable file, which
// needs no `-wal`, `-shm` nor lock. A writer that starts during that read changes the database file only
// by a checkpoint, and only while its `-wal` exists: so the read counts only if afterwards there is still
// no `-wal` and the file's size, change times and inode are the same; otherwise it is read again.

const ATTEMPTS = 3;

interface Seen {
  wal: boolean;
  stat: BigIntStats;
}

function look(path: string): Seen {
  return { wal: existsSync(`${path}-wal`), stat: statSync(path, { bigint: true }) };
}

function sameFile(a: BigIntStats, b: BigIntStats): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

export interface ReadOptions {
  /** false once `read` has passed on what it read, so that reading again would repeat it */
  retryable?: () => boolean;
  /** the error when the database changed under a read that cannot be repeated */
  changed?: string;
}

type Outcome<T> = { value: T } | { error: unknown };

/** The database's real path, after checking that it exists. */
function begin(given: string): string {
  if (!existsSync(given)) throw missingDb(given);
  return resolveDbPath(given);
}

/** The connection for one attempt: the shared one while a `-wal` exists, else the immutable one. */
function open(given: string, path: string, before: Seen): Db {
  return before.wal ? openShared(given, path) : openImmutable(given, path);
}

/** Whether the attempt's outcome stands; throws when it does not and cannot be tried again. */
function settled(given: string, path: string, before: Seen, attempt: number, opts: ReadOptions): boolean {
  // a shared read is one snapshot: it stands
  if (before.wal) return true;
  const after = look(path);
  if (!after.wal && sameFile(before.stat, after.stat)) return true;
  if (opts.retryable?.() === false) throw new StoreError('busy', opts.changed ?? `${given}: the database changed while it was read; try again`);
  if (attempt === ATTEMPTS) throw new StoreError('busy', `${given}: the database kept changing while it was read; try again`);
  return false;
}

interface Attempt {
  n: number;
  before: Seen;
  db: Db;
}

function attemptAt(given: string, path: string, n: number): Attempt {
  const before = look(path);
  return { n, before, db: open(given, path, before) };
}

/** The connection, once its schema is known to be this program's (a change under it is read again). */
function checked(db: Db, given: string): Db {
  checkSchema(db, given);
  return db;
}

/** Closes the attempt; its outcome, or null when the database changed under it and it is to be read again. */
function closeAttempt<T>(given: string, path: string, a: Attempt, out: Outcome<T>, opts: ReadOptions): { value: T } | null {
  a.db.close();
  if (!settled(given, path, a.before, a.n, opts)) return null;
  if ('error' in out) throw a.before.wal ? readerError(out.error, given) : out.error;
  return { value: out.value };
}

function outcome<T>(f: () => T): Outcome<T> {
  try {
    return { value: f() };
  } catch (error) {
    return { error };
  }
}

/** Runs `read` on a read-only connection to the database at `given`, and closes it. */
export function readDatabase<T>(given: string, read: (db: Db) => T, opts: ReadOptions = {}): T {
  const path = begin(given);
  for (let n = 1; ; n++) {
    const a = attemptAt(given, path, n);
    const done = closeAttempt(given, path, a, outcome(() => read(checked(a.db, given))), opts);
    if (done) return done.value;
  }
}

/** readDatabase for a reader that waits between its steps (a query writing to a slow pipe). */
export async function readDatabaseAsync<T>(given: string, read: (db: Db) => Promise<T>, opts: ReadOptions = {}): Promise<T> {
  const path = begin(given);
  for (let n = 1; ; n++) {
    const a = attemptAt(given, path, n);
    // (a schema error thrown before the read starts becomes the outcome too, so the connection is closed)
    const out: Outcome<T> = await Promise.resolve()
      .then(() => read(checked(a.db, given)))
      .then((value) => ({ value }), (error: unknown) => ({ error }));
    const done = closeAttempt(given, path, a, out, opts);
    if (done) return done.value;
  }
}

function openImmutable(given: string, path: string): Db {
  try {
    return new Database(`${pathToFileURL(path).href}?immutable=1`, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw storeError(err, given);
  }
}

function openShared(given: string, path: string): Db {
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (err) {
    throw readerError(err, given);
  }
}

// what SQLite says when it cannot open or create the -shm / -wal next to a database being written
function readerError(err: unknown, given: string): unknown {
  if (err instanceof StoreError) return err;
  const code = (err as { code?: unknown }).code;
  // the caller's own refusals (report --host naming no host of the database) keep their meaning
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return err;
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError('unreadable', `${given}: cannot read the database while it is being written: this user cannot open its -wal and -shm files ` +
      `(${(err as Error).message}); run report and query as the user that runs analyse, or as a member of its group with group-readable files (see Permissions in the README)`);
  }
  return storeError(err, given);
}
