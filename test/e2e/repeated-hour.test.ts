import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, expectSame, mxlens, tempDir } from './helpers.js';

// The night the clocks went back in Berlin, read by a cron job in that zone (the lab log re-stamped,
// fixtures/README.md): 02:00-02:59 is logged twice, and line 490 is the first of the second time.

const LINES = readFileSync(resolve('fixtures/dst/postfix-berlin-fallback.log'), 'latin1').split(/(?<=\n)/);
const env = { TZ: 'Europe/Berlin' };
const t = tempDir('repeated-hour');
afterAll(() => t.cleanup());

function analyse(db: string, file: string): void {
  const r = mxlens(['analyse', file, '--db', db, '--year', '2026'], { env });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

describe.skipIf(!built)('the hour local time repeats, read by the CLI', () => {
  test('messages open across the change end after they began, and runs cut around it store what one run stores', () => {
    const one = join(t.dir, 'one.db');
    const whole = join(t.dir, 'whole.log');
    writeFileSync(whole, LINES.join(''));
    analyse(one, whole);
    const db = new Database(one, { readonly: true });
    try {
      const q = (sql: string): unknown => db.prepare(sql).pluck().get();
      expect(q('SELECT count(*) FROM sessions WHERE end_ts < start_ts')).toBe(0);
      expect(q('SELECT count(*) FROM messages WHERE last_ts < first_ts')).toBe(0);
      // messages that span the change: queued in the first 02:xx (CEST), delivered or expired in the second (CET)
      const change = Date.parse('2026-10-25T01:00:00Z');
      expect(q(`SELECT count(*) FROM messages WHERE first_ts < ${change} AND last_ts >= ${change}`)).toBe(13);
    } finally {
      db.close();
    }

    const steps = join(t.dir, 'steps.db');
    const growing = join(t.dir, 'growing.log');
    writeFileSync(growing, '');
    for (const [from, to] of [[0, 480], [480, 495], [495, LINES.length]] as const) {
      appendFileSync(growing, LINES.slice(from, to).join(''));
      analyse(steps, growing);
    }
    expectSame(steps, dump(one));
  });
});
