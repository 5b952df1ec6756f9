import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, expectCutRunsSame, mxlens, tempDir } from './helpers.js';

// A cron run ends on the last line of the year, the next one starts on New Year's Day. The resumed
// run reads the line before its first (for "last message repeated" notices) again; read with the
// run's own year state, that line put the roll-over state back to December, and the run's second
// January line turned the year a second time.

const t = tempDir('year-turn');
afterAll(() => t.cleanup());

// lines 6, 10 and 16 of fixtures/lab/postfix-syslog.log, moved from Nov 28 to the turn of the year
const LOG = [
  'Dec 31 23:59:33 vm postfix/smtpd[7163]: connect from localhost[127.0.0.1]',
  'Jan  1 00:00:33 vm postfix/smtpd[7163]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
  'Jan  1 00:00:36 vm postfix/smtpd[7163]: connect from unknown[127.0.0.41]',
].map((l) => `${l}\n`).join('');

describe.skipIf(!built)('a run resumed across the turn of the year', () => {
  const file = join(t.dir, 'mail.log');
  const db = join(t.dir, 'whole.db');
  test('one run: the January lines are in the next year', () => {
    writeFileSync(file, LOG);
    expect(mxlens(['analyse', file, '--db', db, '--year', '2026']).status).toBe(0);
    const r = new Database(db, { readonly: true });
    const starts = (r.prepare('SELECT start_ts FROM sessions ORDER BY start_ts').pluck().all() as number[]).map((ts) => new Date(ts).toISOString());
    r.close();
    expect(starts).toEqual(['2026-12-31T23:59:33.000Z', '2027-01-01T00:00:36.000Z']);
  });

  test('a run cut after any line stores what one run stores', () => {
    expectCutRunsSame(t.dir, file, 'all', dump(db));
  });
});
