import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runQuery } from '../../src/store/adhoc.js';
import { openForWrite } from '../../src/store/db.js';
import { readDatabase } from '../../src/store/read-db.js';
import { growDatabase } from './grow-db.js';

// Readers (report, query) create no file next to the database, and read right while a writer works.

const dir = mkdtempSync(join(tmpdir(), 'mxlens-readdb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A database with `rows` rows in meta, closed (so without -wal and -shm). */
function fresh(rows: number): string {
  const path = join(dir, `r${n++}.db`);
  const db = openForWrite(path);
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  for (let i = 0; i < rows; i++) put.run(`k${i}`, i);
  db.close();
  return path;
}
const count = async (path: string) => Number((await runQuery(path, 'SELECT count(*) FROM meta')).rows[0]![0]);
const files = (path: string) => readdirSync(dir).filter((f) => f.startsWith(path.slice(dir.length + 1))).sort();

describe('reading the database', () => {
  test('a reader leaves no -wal or -shm behind (another user could not write them)', async () => {
    const path = fresh(3);
    expect(files(path)).toEqual([path.slice(dir.length + 1)]);
    expect(await count(path)).toBe(3);
    expect(files(path)).toEqual([path.slice(dir.length + 1)]);
  });

  test('while a writer has the database open, the reader sees what it committed to the WAL', async () => {
    const path = fresh(3);
    const w = openForWrite(path);
    try {
      w.prepare("INSERT INTO meta (key, value) VALUES ('more', 1)").run();
      expect(await count(path)).toBe(4);
    } finally {
      w.close();
    }
  });

  test('a writer that comes and goes during a read (checkpoint, -wal removed) makes it read again', () => {
    const path = fresh(3);
    let calls = 0;
    const got = readDatabase(path, (db) => {
      const seen = Number(db.prepare('SELECT count(*) n FROM meta').pluck().get());
      if (calls++ === 0) {
        growDatabase(path);
      }
      return seen;
    });
    expect([calls, got]).toEqual([2, 2003]);
    expect(files(path)).toEqual([path.slice(dir.length + 1)]);
  });
});
