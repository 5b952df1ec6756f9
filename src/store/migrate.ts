import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';

// Migrations are migrations/NNNN-slug.sql, applied in order; PRAGMA user_version is the
// number of the last one applied, set in the same transaction as its DDL.

function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'migrations');
    if (existsSync(join(candidate, '0001-initial.sql'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('migrations folder not found next to the program');
}

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(): Migration[] {
  const dir = migrationsDir();
  return readdirSync(dir)
    .filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema up to date; refuses a database written by a newer mxlens (named `name` in the error). */
export function migrate(db: Database.Database, migrations = loadMigrations(), name = 'the database'): void {
  const latest = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > latest) {
    throw new StoreError('newer', `${name}: schema version ${current} is newer than this mxlens knows (${latest}); upgrade mxlens`);
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  // One transaction for them all: a page several migrations change is written once, not once per
  // migration (a new database's first WAL shrinks by a third), and a run killed half way leaves
  // the database as it was.
  db.transaction(() => {
    for (const m of pending) {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}
