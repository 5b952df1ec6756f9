import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../../src/store/migrate.js';
import { cli, tempDir } from '../helpers.js';

// After the package is upgraded, a report job may run before the next analyse has upgraded the
// database. Readers never change it: they say what to do, with the exit code of a configuration
// problem (a script must not take it for a damaged database, 65), and leave it as it was.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function olderDb(): string {
  const path = join(tmp.dir, 'v9.db');
  const db = new Database(path);
  migrate(db, loadMigrations().filter((m) => m.version <= 9));
  db.close();
  return path;
}

describe('report and query on a database an older mxlens wrote', () => {
  const path = olderDb();
  for (const args of [['report'], ['report', '--format', 'json'], ['query', 'SELECT count(*) FROM replies']]) {
    test(args.join(' '), () => {
      const r = cli([...args, '--db', path]);
      expect(r.code).toBe(78);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^mxlens: .*v9\.db: schema version 9 is older than this mxlens \(\d+\); the next mxlens analyse of a log upgrades it\n$/);
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(9);
      db.close();
    });
  }
});
