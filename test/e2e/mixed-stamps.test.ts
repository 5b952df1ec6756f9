import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, expectCutRunsSame, mxlens, tempDir } from './helpers.js';

// A log that mixes stamps with a year (Exim's own) and without (syslog), as
// fixtures/corpus/exim/crowdsec-hub-exim.log does. The year-less stamps take their year from
// --year and each other, never from the Exim stamps: a run resumed after an Exim line must not
// start its year-less lines in that line's year (it did, from the checkpoint's last line time).

const t = tempDir('mixed-stamps');
afterAll(() => t.cleanup());

// lines 37, 16 and 38 of that fixture, in this order
const LOG = [
  'May 30 06:10:12 server exim[1234]: login authenticator failed for no-helo.example.org [192.0.2.11]:5432: 535 Incorrect authentication data (set_id=user)',
  '2023-05-30 06:10:12 login authenticator failed for no-helo.example.org [192.0.2.11]:5432: 535 Incorrect authentication data (set_id=user)',
  'May 30 06:10:14 server exim[1234]: login authenticator failed for no-port.example.org [192.0.2.13]: 535 Incorrect authentication data (set_id=user)',
].map((l) => `${l}\n`).join('');

describe.skipIf(!built)('year-less and year-bearing stamps in one log', () => {
  const file = join(t.dir, 'mail.log');
  const db = join(t.dir, 'whole.db');
  test('one run: the syslog lines are in the year --year names, the Exim line in its own', () => {
    writeFileSync(file, LOG);
    expect(mxlens(['analyse', file, '--db', db, '--year', '2026']).status).toBe(0);
    const r = new Database(db, { readonly: true });
    const years = (r.prepare('SELECT ts FROM replies ORDER BY ts').pluck().all() as number[]).map((ts) => new Date(ts).getUTCFullYear());
    r.close();
    expect(years).toEqual([2023, 2026, 2026]);
  });

  test('a run cut after any line stores what one run stores', () => {
    expectCutRunsSame(t.dir, file, 'all', dump(db));
  });
});
