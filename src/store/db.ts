import Database from 'better-sqlite3';
import { accessSync, constants, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { StoreError, storeError } from './errors.js';
import { migrate, loadMigrations, schemaVersion } from './migrate.js';
import { setDeriveVersion } from './rederive.js';
import { reclaimWalFiles } from './wal-files.js';

export type Db = Database.Database;

// read-db.ts opens `file:…?immutable=1` URIs; better-sqlite3 reads this once, before its first
// connection. Paths are opened absolute, so a --db starting with `file:` stays a plain file name.
process.env.SQLITE_USE_URI = '1';

export interface OpenOptions {
  /** recorded in a database this call creates: the version of the rules its rows will be derived by */
  deriveVersion?: number;
  /** refuse to create it: a missing database is an error (prune) */
  mustExist?: boolean;
}

export const missingDb = (path: string) => new StoreError('missing', `${path}: no such database (run mxlens analyse first)`);

/** Opens (and creates or migrates) the database for writing. */
export function openForWrite(path: string, opts: OpenOptions = {}): Db {
  if (opts.mustExist && !existsSync(path)) throw missingDb(path);
  // SQLite opens a file it may not write read-only without a word, and fails only at the first
  // write, in the middle of a run: say so before anything starts
  if (existsSync(path)) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new StoreError('readonly', `${path}: the database file is read-only for this user`);
    }
    reclaimWalFiles(path);
  }
  let db: Db;
  try {
    db = new Database(resolve(path), { fileMustExist: opts.mustExist === true });
    notAnotherProgramsDatabase(db, path);
    // A new database only (an existing one keeps its size): rows are appended in bulk, and a commit
    // writes its pages to the WAL one by one; 16 KiB pages mean a quarter of the writes.
    db.pragma('page_size = 16384');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    // Rows are appended, so a run writes near the right-hand edge of each table and index: a few
    // pages each. 4 MB holds them. 16 MB only added resident memory (some 11 MB at peak on the
    // 1M-line benchmark log): SQLite's own instruction counts on that log were the same.
    db.pragma('cache_size = -4096');
    // a checkpoint syncs the file: one per 8192 pages (128 MB of 16 KiB pages) rather than SQLite's
    // 1000; a first import of a large log checkpoints a few times, a cron run's few rows at its close
    db.pragma('wal_autocheckpoint = 8192');
    const created = schemaVersion(db) === 0;
    migrate(db, undefined, path);
    // a new database holds no rows to derive again: it starts at the program's version
    if (created && opts.deriveVersion !== undefined) setDeriveVersion(db, opts.deriveVersion);
  } catch (err) {
    throw storeError(err, path);
  }
  return db;
}

/**
 * A file with tables but no mxlens schema version is another program's database (--db pointed at
 * the wrong file): nothing is set or added to it. Checked before the first pragma, which would
 * already switch its journal to WAL. mxlens's own first migration and its version land together.
 */
function notAnotherProgramsDatabase(db: Db, path: string): void {
  if ((db.pragma('user_version', { simple: true }) as number) !== 0 || !hasTables(db)) return;
  db.close();
  throw new StoreError('corrupt', `${path}: is another program's SQLite database (it has tables but no mxlens schema); nothing was changed in it. Give --db a new file or an mxlens database`);
}

/** Opens an existing database read-only: statements that write fail (report and query use readDatabase). */
export function openReadOnly(path: string): Db {
  if (!existsSync(path)) throw missingDb(path);
  let db: Db;
  try {
    db = new Database(resolve(path), { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    checkSchema(db, path);
  } catch (err) {
    throw storeError(err, path);
  }
  return db;
}

/** A reader understands the schema of the database, or says what to do. */
export function checkSchema(db: Db, path: string): void {
  const v = schemaVersion(db);
  // tables but no mxlens schema: another program's database, which no run of analyse would upgrade
  if (v === 0 && hasTables(db)) {
    throw new StoreError('corrupt', `${path}: is another program's SQLite database (it has tables but no mxlens schema): give --db an mxlens database`);
  }
  const latest = loadMigrations().at(-1)?.version ?? 0;
  if (v > latest) throw new StoreError('newer', `${path}: schema version ${v} is newer than this mxlens knows (${latest}); upgrade mxlens`);
  if (v < latest) throw new StoreError('older', `${path}: schema version ${v} is older than this mxlens (${latest}); the next mxlens analyse of a log upgrades it`);
}

/** Whether the file holds tables of its own (SQLite's internal ones aside). */
function hasTables(db: Db): boolean {
  return (db.prepare("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().get() as number) > 0;
}
