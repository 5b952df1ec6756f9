import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { cli, dumpFacts, fixture, tempDir } from '../helpers.js';

// The resume, seam and upgrade tests compare databases with dumpFacts: it must see a fact linked
// to the wrong session or message, though row ids differ between equal databases.

const t = tempDir();
afterAll(() => t.cleanup());

test('dumpFacts tells a reply linked to another session and a delivery linked to no message', () => {
  const a = join(t.dir, 'a.db');
  const b = join(t.dir, 'b.db');
  expect(cli(['analyse', '--db', a, '--year', '2026', fixture('lab/postfix-maillog_file.log')]).code).toBe(0);
  copyFileSync(a, b);
  expect(dumpFacts(b)).toEqual(dumpFacts(a));
  const db = new Database(b);
  db.prepare('UPDATE replies SET session_id = (SELECT max(id) FROM sessions) WHERE id = (SELECT min(id) FROM replies WHERE session_id IS NOT NULL)').run();
  db.prepare('UPDATE deliveries SET message_row = 1e9 WHERE id = (SELECT min(id) FROM deliveries)').run();
  db.close();
  const before = dumpFacts(a);
  const after = dumpFacts(b);
  expect(after.replies).not.toEqual(before.replies);
  expect(JSON.stringify(after.deliveries)).toContain('"dangling"');
});
