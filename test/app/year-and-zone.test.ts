import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { tempDir } from '../helpers.js';

// What year and instant a stored line gets, through a whole run: several files of one log, a line
// whose clock was wrong, and Exim's zone-less stamp inside a syslog line that names its offset.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const NOW = () => Date.parse('2026-12-01T00:00:00Z');
const REJECT = 'NOQUEUE: reject: RCPT from unknown[198.51.100.7]: 550 5.1.1 <a@example.com>: Recipient address rejected: User unknown in local recipient table; from=<x@spam.test> to=<a@example.com> proto=ESMTP helo=<spam.test>';

const days = (db: string): string[] => {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT ts FROM replies ORDER BY id').pluck().all() as number[]).map((ts) => {
      const t = new Date(ts);
      return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
    });
  } finally {
    d.close();
  }
};

describe('the year of year-less stamps over a run', () => {
  test('with --year, the next file of a log goes on in the year the one before it ended in', async () => {
    const dir = join(tmp.dir, 'set');
    mkdirSync(dir);
    writeFileSync(join(dir, 'mail.log.1'), `Dec 28 10:00:00 mx1 postfix/smtpd[1]: ${REJECT}\nJan  3 10:00:00 mx1 postfix/smtpd[2]: ${REJECT}\n`);
    writeFileSync(join(dir, 'mail.log'), `Jan  4 10:00:00 mx1 postfix/smtpd[3]: ${REJECT}\n`);
    const db = join(tmp.dir, 'set.db');
    await analyse({ db, inputs: [join(dir, 'mail.log.1'), join(dir, 'mail.log')], now: NOW, year: 2024 });
    expect(days(db)).toEqual(['2024-12-28', '2025-01-03', '2025-01-04']);
  });

  test('a line of another host whose clock says January 1st leaves a November log in its year', async () => {
    const log = join(tmp.dir, 'stray.log');
    writeFileSync(log, [
      `Nov 28 10:00:00 mx1 postfix/smtpd[1]: ${REJECT}`,
      'Jan  1 00:00:07 printer1 kernel: [    0.000000] Linux version 5.10.0',
      `Nov 28 10:00:30 mx1 postfix/smtpd[2]: ${REJECT}`,
      '',
    ].join('\n'));
    const mtime = new Date(2026, 10, 28, 10, 2);
    utimesSync(log, mtime, mtime);
    const db = join(tmp.dir, 'stray.db');
    await analyse({ db, inputs: [log], now: NOW });
    expect(days(db)).toEqual(['2026-11-28', '2026-11-28']);
  });

  test('a first line later in the year than the file\'s last write is the year before', async () => {
    const log = join(tmp.dir, 'span.log');
    writeFileSync(log, [`Dec  5 10:00:00 mx1 postfix/smtpd[1]: ${REJECT}`, `Mar  1 10:00:00 mx1 postfix/smtpd[2]: ${REJECT}`, `Nov 30 10:00:00 mx1 postfix/smtpd[3]: ${REJECT}`, ''].join('\n'));
    const mtime = new Date(2026, 11, 1, 0, 0, 5);
    utimesSync(log, mtime, mtime);
    const db = join(tmp.dir, 'span.db');
    await analyse({ db, inputs: [log], now: NOW });
    expect(days(db)).toEqual(['2025-12-05', '2026-03-01', '2026-11-30']);
  });
});

describe('Exim\'s own stamp inside a syslog line', () => {
  const line = (outer: string, inner: string, rcpt: string) =>
    `${outer} mx3 exim[100]: ${inner} H=(spam.test) [198.51.100.7] F=<x@spam.test> rejected RCPT <${rcpt}>: Unrouteable address`;

  test('is read in the offset of a syslog time that carries one, and wins over one that does not', async () => {
    const log = join(tmp.dir, 'exim.log');
    writeFileSync(log, [
      // the autumn change in Berlin: 02:40 summer time, then 02:10 winter time, half an hour later
      line('2026-10-25T02:40:00+02:00', '2026-10-25 02:40:00', 'a@example.com'),
      line('2026-10-25T02:10:00+01:00', '2026-10-25 02:10:00', 'b@example.com'),
      // syslog's time a moment after Exim's: Exim's second, in the offset syslog names (a reject log
      // copy, stamped by syslog a moment later, keeps the time of its main log line)
      line('2026-10-25T02:50:00.937805+01:00', '2026-10-25 02:49:59', 'e@example.com'),
      // Exim's stamp with its zone is the event's own instant
      line('2026-10-25T03:00:00+01:00', '2026-10-25 02:00:01 +0000', 'c@example.com'),
      // a year-less syslog stamp: Exim's stamp (with its year) wins
      line('Oct 25 09:00:00', '2026-10-25 09:00:02 +0000', 'd@example.com'),
      '',
    ].join('\n'));
    const db = join(tmp.dir, 'exim.db');
    await analyse({ db, inputs: [log], now: NOW, year: 2020 });
    const d = new Database(db, { readonly: true });
    const rows = d.prepare('SELECT recipient, ts FROM replies ORDER BY id').all() as Array<{ recipient: string; ts: number }>;
    d.close();
    expect(rows.map((r) => [r.recipient, new Date(r.ts).toISOString()])).toEqual([
      ['a@example.com', '2026-10-25T00:40:00.000Z'],
      ['b@example.com', '2026-10-25T01:10:00.000Z'],
      ['e@example.com', '2026-10-25T01:49:59.000Z'],
      ['c@example.com', '2026-10-25T02:00:01.000Z'],
      ['d@example.com', '2026-10-25T09:00:02.000Z'],
    ]);
  });
});
