import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderHtml } from '../../src/report/render/html.js';
import type { Report } from '../../src/report/types.js';
import { fixture, tempDir } from '../helpers.js';

// Mail per local day or hour (pflogsumm's "Per-Day Traffic Summary"): the day without mail shows.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2027-01-01T00:00:00Z');
const whole = { from: null, to: null };

// a real refusal from the lab log (fixtures/lab/postfix-maillog_file.log), on other days
const REJECT = 'postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 5.1.1 <info2@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<noreply@shop.test> to=<info2@lab.example> proto=ESMTP helo=<mail.partner.test>';
const rejectOn = (stamp: string): string => `${stamp} mx ${REJECT}`;

describe('the TRAFFIC section', () => {
  const lab = join(tmp.dir, 'lab.db');
  let r: Report;
  beforeAll(async () => {
    await analyse({ db: lab, inputs: [fixture('lab/postfix-maillog_file.log')], now });
    r = buildReport({ db: lab, window: whole, top: 10, now });
  });

  test('adds up to the totals', () => {
    const sum = (k: 'received' | 'delivered' | 'deferrals' | 'bounced' | 'rejected') => r.traffic!.rows.reduce((n, x) => n + x[k], 0);
    const t = r.totals;
    expect([sum('received'), sum('delivered'), sum('deferrals'), sum('bounced'), sum('rejected')]).toEqual([t.received, t.delivered, t.deferrals, t.bounced, t.rejected.total]);
  });

  test('a log of minutes is shown by the hour', () => {
    expect(r.traffic!.unit).toBe('hour');
    expect(r.traffic!.rows.map((x) => x.from)).toEqual(['2026-11-28T17:00:00.000Z']);
    expect(renderText(r)).toMatch(/TRAFFIC BY HOUR[^\n]*\n {2}hour +received +delivered +deferrals +bounced +rejected\n {2}2026-11-28 17:00 +39 +45 +61 +11 +31\n/);
  });

  test('days without mail between two with mail are rows of zeros', async () => {
    const log = join(tmp.dir, 'gap.log');
    writeFileSync(log, [rejectOn('Nov  1 10:00:00'), rejectOn('Nov  1 11:00:00'), rejectOn('Nov  4 09:00:00')].join('\n') + '\n');
    const db = join(tmp.dir, 'gap.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const t = buildReport({ db, window: whole, top: 10, now }).traffic!;
    expect(t.unit).toBe('day');
    expect(t.rows.map((x) => [x.from.slice(0, 10), x.rejected])).toEqual([['2026-11-01', 2], ['2026-11-02', 0], ['2026-11-03', 0], ['2026-11-04', 1]]);
  });

  test('local days: the zone the report is made for decides where a day starts, and the pages print it', async () => {
    const log = join(tmp.dir, 'late.log');
    // 20:00 and 23:30 UTC on 28 November, then 02:00 UTC on 1 December: in UTC+7 the first two are on the 29th
    writeFileSync(log, [rejectOn('Nov 28 20:00:00'), rejectOn('Nov 28 23:30:00'), rejectOn('Dec  1 02:00:00')].join('\n') + '\n');
    const db = join(tmp.dir, 'late.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const plus7 = () => 7 * 60;
    const utc = buildReport({ db, window: whole, top: 10, now }).traffic!;
    expect(utc.rows.map((x) => [x.from, x.rejected])).toEqual([
      ['2026-11-28T00:00:00.000Z', 2], ['2026-11-29T00:00:00.000Z', 0], ['2026-11-30T00:00:00.000Z', 0], ['2026-12-01T00:00:00.000Z', 1],
    ]);
    const local = buildReport({ db, window: whole, top: 10, now, utcOffset: plus7 });
    expect(local.traffic!.rows.map((x) => [x.from, x.rejected])).toEqual([['2026-11-28T17:00:00.000Z', 2], ['2026-11-29T17:00:00.000Z', 0], ['2026-11-30T17:00:00.000Z', 1]]);
    expect(renderText(local, { utcOffset: plus7 })).toMatch(/\n {2}2026-11-29 +0 +0 +0 +0 +2\n {2}2026-11-30 +0 +0 +0 +0 +0\n {2}2026-12-01 +0 +0 +0 +0 +1\n/);
    expect(renderMarkdown(local, { utcOffset: plus7 })).toContain('| 2026-11-29 | 0 | 0 | 0 | 0 | 2 |');
    expect(renderHtml(local, { utcOffset: plus7 })).toContain('<tr><td>2026-11-29</td><td class="n">0</td>');
  });

  test('a day starts at local midnight on both sides of a clock change', async () => {
    const log = join(tmp.dir, 'dst.log');
    writeFileSync(log, [rejectOn('Nov  1 12:00:00'), rejectOn('Nov  3 12:00:00')].join('\n') + '\n');
    const db = join(tmp.dir, 'dst.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    // New York: EDT (-4h) until 06:00 UTC on 1 November 2026, EST (-5h) after
    const newYork = (ms: number) => (ms < Date.parse('2026-11-01T06:00:00Z') ? -240 : -300);
    const t = buildReport({ db, window: whole, top: 10, now, utcOffset: newYork }).traffic!;
    expect(t.rows.map((x) => x.from)).toEqual(['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z', '2026-11-03T05:00:00.000Z']);
  });

  test('the hour that comes twice when the clocks go back is two rows, told apart by their offsets', async () => {
    // New York, 1 November 2026: 01:00-02:00 EDT is 05:00-06:00 UTC, then 01:00-02:00 EST is 06:00-07:00 UTC
    const log = join(tmp.dir, 'fallback.log');
    writeFileSync(log, [rejectOn('Nov  1 04:30:00'), rejectOn('Nov  1 05:30:00'), rejectOn('Nov  1 05:40:00'), rejectOn('Nov  1 06:30:00')].join('\n') + '\n');
    const db = join(tmp.dir, 'fallback.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const newYork = (ms: number) => (ms < Date.parse('2026-11-01T06:00:00Z') ? -240 : -300);
    const rep = buildReport({ db, window: whole, top: 10, now, utcOffset: newYork });
    expect(rep.traffic!.unit).toBe('hour');
    expect(rep.traffic!.rows.map((x) => [x.from, x.rejected])).toEqual([
      ['2026-11-01T04:00:00.000Z', 1], ['2026-11-01T05:00:00.000Z', 2], ['2026-11-01T06:00:00.000Z', 1],
    ]);
    const text = renderText(rep, { utcOffset: newYork });
    expect(text).toMatch(/\n {2}2026-11-01 00:00 +0 +0 +0 +0 +1\n {2}2026-11-01 01:00 -0400 +0 +0 +0 +0 +2\n {2}2026-11-01 01:00 -0500 +0 +0 +0 +0 +1\n/);
    expect(renderMarkdown(rep, { utcOffset: newYork })).toContain('| 2026-11-01 01:00 -0500 | 0 | 0 | 0 | 0 | 1 |');
    // and the hour that never was, when they go forward, is no row (8 March 2026: 02:00 EST is 03:00 EDT)
    const spring = join(tmp.dir, 'spring.log');
    writeFileSync(spring, [rejectOn('Mar  8 06:30:00'), rejectOn('Mar  8 07:30:00')].join('\n') + '\n');
    const sdb = join(tmp.dir, 'spring.db');
    await analyse({ db: sdb, inputs: [spring], now, year: 2026 });
    const springNY = (ms: number) => (ms < Date.parse('2026-03-08T07:00:00Z') ? -300 : -240);
    const srep = buildReport({ db: sdb, window: whole, top: 10, now, utcOffset: springNY });
    expect(renderText(srep, { utcOffset: springNY })).toMatch(/\n {2}2026-03-08 01:00 +0 +0 +0 +0 +1\n {2}2026-03-08 03:00 +0 +0 +0 +0 +1\n/);
  });

  test('a stamp decades away lists the days with mail, not the empty days between', async () => {
    const log = join(tmp.dir, 'far.log');
    writeFileSync(log, ['2026-11-28 18:12:55 H=(a.test) [192.0.2.1] F=<x@a.test> rejected RCPT <y@lab.example>: Unrouteable address',
      '2099-11-28 18:12:55 H=(a.test) [192.0.2.1] F=<x@a.test> rejected RCPT <y@lab.example>: Unrouteable address'].join('\n') + '\n');
    const db = join(tmp.dir, 'far.db');
    await analyse({ db, inputs: [log], now });
    const t = buildReport({ db, window: whole, top: 10, now }).traffic!;
    expect(t.rows.map((x) => [x.from, x.rejected])).toEqual([['2026-11-28T00:00:00.000Z', 1], ['2099-11-28T00:00:00.000Z', 1]]);
  });

  test('pages show the latest month; the JSON keeps every day', async () => {
    const log = join(tmp.dir, 'long.log');
    const lines: string[] = [];
    for (let d = 0; d < 40; d++) {
      const at = new Date(Date.UTC(2026, 9, 1 + d, 12));
      lines.push(rejectOn(`${at.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' })} ${String(at.getUTCDate()).padStart(2, ' ')} 12:00:00`));
    }
    writeFileSync(log, lines.join('\n') + '\n');
    const db = join(tmp.dir, 'long.db');
    await analyse({ db, inputs: [log], now, year: 2026 });
    const rep = buildReport({ db, window: whole, top: 10, now });
    expect(rep.traffic!.rows).toHaveLength(40);
    const text = renderText(rep);
    expect(text).toContain('… 9 earlier days not shown: all are in --format json, and --since narrows the window');
    expect(text).toContain('  2026-11-09 ');
    expect(text).not.toContain('  2026-10-09 ');
    expect(text).toContain('  2026-10-10 ');
  });
});
