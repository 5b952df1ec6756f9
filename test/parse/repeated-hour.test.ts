import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { stampIsLocal } from '../../src/parse/repeated-hour.js';

// Local time repeats an hour when the clocks go back. These cases read logs of one or two hosts
// through that hour in the zones where it happens, as the analyser does: each line's host clock
// is the latest time of that host's lines before it.

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
});
afterAll(() => {
  process.env.TZ = savedTz;
});

/** reads lines in order, each host's clock moving as the correlator's does; the ISO UTC time of each */
function read(lines: string[], opts: { tz: string; clocks?: boolean; start?: Map<string, number> }): string[] {
  process.env.TZ = opts.tz;
  const latest = new Map(opts.start);
  const parser = new LineParser({ year: 2026, latestOf: opts.clocks === false ? undefined : (h) => latest.get(h) });
  return lines.map((l) => {
    const rec = parser.parse(l).rec!;
    const ts = rec.ts!;
    if (ts > (latest.get(rec.host) ?? -Infinity)) latest.set(rec.host, ts);
    return new Date(ts).toISOString();
  });
}

const berlin = [
  'Oct 25 02:59:58 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
  'Oct 25 02:00:01 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=1 quit=1 commands=2',
  'Oct 25 02:30:00 mx postfix/smtpd[100]: connect from b.example[192.0.2.2]',
  'Oct 25 02:59:59 mx postfix/smtpd[100]: lost connection after DATA (0 bytes) from b.example[192.0.2.2]',
  'Oct 25 03:00:00 mx postfix/smtpd[100]: disconnect from b.example[192.0.2.2] ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4',
];

describe('the hour that local time repeats', () => {
  test('Europe/Berlin: the second 02:00-02:59 follows the first (CET after CEST)', () => {
    expect(read(berlin, { tz: 'Europe/Berlin' })).toEqual([
      '2026-10-25T00:59:58.000Z', '2026-10-25T01:00:01.000Z', '2026-10-25T01:30:00.000Z', '2026-10-25T01:59:59.000Z', '2026-10-25T02:00:00.000Z',
    ]);
  });

  test('without host clocks the stamps read as their first instants, as Date does', () => {
    expect(read(berlin, { tz: 'Europe/Berlin', clocks: false }).slice(0, 3)).toEqual([
      '2026-10-25T00:59:58.000Z', '2026-10-25T00:00:01.000Z', '2026-10-25T00:30:00.000Z',
    ]);
  });

  const cases: Array<{ name: string; tz: string; lines: string[]; want: string[] }> = [
    {
      name: 'America/New_York: 01:00-01:59 twice, EDT then EST',
      tz: 'America/New_York',
      lines: ['Nov  1 01:40:00 mx postfix/qmgr[7]: 4A1B2C3D4E: removed', 'Nov  1 01:59:30 mx postfix/qmgr[7]: 4A1B2C3D4E: removed',
        'Nov  1 01:05:00 mx postfix/qmgr[7]: 4A1B2C3D4E: removed', 'Nov  1 02:10:00 mx postfix/qmgr[7]: 4A1B2C3D4E: removed'],
      want: ['2026-11-01T05:40:00.000Z', '2026-11-01T05:59:30.000Z', '2026-11-01T06:05:00.000Z', '2026-11-01T07:10:00.000Z'],
    },
    {
      name: 'lines a few seconds out of order in the first hour stay in it',
      tz: 'Europe/Berlin',
      lines: ['Oct 25 02:20:30 mx postfix/qmgr[7]: 4A1B2C3D4E: removed', 'Oct 25 02:20:05 mx postfix/smtpd[9]: connect from a.example[192.0.2.1]'],
      want: ['2026-10-25T00:20:30.000Z', '2026-10-25T00:20:05.000Z'],
    },
    {
      name: "each host by its own clock: one host past the change does not move another's first hour",
      tz: 'Europe/Berlin',
      lines: ['Oct 25 02:10:00 mx1 postfix/qmgr[7]: 4A1B2C3D4E: removed', 'Oct 25 02:50:00 mx2 postfix/qmgr[7]: 5A1B2C3D4E: removed',
        'Oct 25 02:05:00 mx2 postfix/qmgr[7]: 5A1B2C3D4E: removed', 'Oct 25 02:12:00 mx1 postfix/qmgr[7]: 4A1B2C3D4E: removed'],
      want: ['2026-10-25T00:10:00.000Z', '2026-10-25T00:50:00.000Z', '2026-10-25T01:05:00.000Z', '2026-10-25T00:12:00.000Z'],
    },
  ];
  for (const c of cases) test(c.name, () => expect(read(c.lines, { tz: c.tz })).toEqual(c.want));

  test('an old log read after a newer one of its host: a clock days ahead leaves both hours as Date reads them', () => {
    const start = new Map([['mx', Date.parse('2026-10-30T12:00:00Z')]]);
    expect(read(berlin, { tz: 'Europe/Berlin', start }).slice(0, 3)).toEqual([
      '2026-10-25T00:59:58.000Z', '2026-10-25T00:00:01.000Z', '2026-10-25T00:30:00.000Z',
    ]);
  });

  test('Exim stamps without a zone are local and move; with +zzzz, or RFC 3339 with an offset, they are exact', () => {
    const lines = [
      '2026-10-25 02:50:00 1vAbCd-000123-Ab Completed',
      '2026-10-25 02:10:00 1vAbCd-000124-Ab Completed',
      '2026-10-25 02:11:00 +0200 1vAbCd-000125-Ab Completed',
      '2026-10-25T02:40:00+02:00 mx postfix/qmgr[7]: 4A1B2C3D4E: removed',
      '2026-10-25T02:05:00+01:00 mx postfix/qmgr[7]: 4A1B2C3D4E: removed',
      '2026-10-25T02:13:00 mx postfix/qmgr[7]: 4A1B2C3D4E: removed',
    ];
    expect(read(lines, { tz: 'Europe/Berlin' })).toEqual([
      '2026-10-25T00:50:00.000Z', '2026-10-25T01:10:00.000Z', '2026-10-25T00:11:00.000Z',
      '2026-10-25T00:40:00.000Z', '2026-10-25T01:05:00.000Z', '2026-10-25T01:13:00.000Z',
    ]);
  });

  test('in UTC and on the day the clocks go forward nothing moves', () => {
    expect(read(berlin, { tz: 'UTC' })[1]).toBe('2026-10-25T02:00:01.000Z');
    const spring = ['Mar 29 01:59:59 mx postfix/qmgr[7]: 4A1B2C3D4E: removed', 'Mar 29 03:00:00 mx postfix/qmgr[7]: 4A1B2C3D4E: removed'];
    expect(read(spring, { tz: 'Europe/Berlin' })).toEqual(['2026-03-29T00:59:59.000Z', '2026-03-29T01:00:00.000Z']);
  });
});

describe('stampIsLocal', () => {
  const cases: Array<[string, boolean]> = [
    ['Oct 25 02:30:00 mx postfix/qmgr[7]: x', true],
    ['2026-10-25T02:30:00 mx postfix/qmgr[7]: x', true],
    ['2026-10-25T02:30:00.123456 mx postfix/qmgr[7]: x', true],
    ['2026-10-25T02:30:00Z mx postfix/qmgr[7]: x', false],
    ['2026-10-25T02:30:00.5+02:00 mx postfix/qmgr[7]: x', false],
    ['2026-10-25T02:30:00-0500 mx postfix/qmgr[7]: x', false],
    ['2026-10-25 02:30:00 1vAbCd-000123-Ab Completed', true],
    ['2026-10-25 02:30:00.123 1vAbCd-000123-Ab Completed', true],
    ['2026-10-25 02:30:00 +0200 1vAbCd-000123-Ab Completed', false],
    ['2026-10-25 02:30:00.123 -0500 [123] 1vAbCd-000123-Ab Completed', false],
    ['2026-10-25 02:30:00 -ab 1vAbCd-000123-Ab Completed', true],
    // after a <PRI>; RFC 5424 stamps always carry their offset
    ['<22>Oct 25 02:30:00 mx postfix/qmgr[7]: x', true],
    ['<22>2026-10-25T02:30:00 mx postfix/qmgr[7]: x', true],
    ['<22>2026-10-25T02:30:00+02:00 mx postfix/qmgr[7]: x', false],
    ['<22>1 2026-10-25T02:30:00+02:00 mx postfix/qmgr 7 - -  x', false],
    // journalctl -o short-full and -o short-unix
    ['Sun 2026-10-25 02:30:00 CET mx postfix/qmgr[7]: x', true],
    ['Sun 2026-10-25 02:30:00.123456 CEST mx postfix/qmgr[7]: x', true],
    ['Sun 2026-10-25 02:30:00 UTC mx postfix/qmgr[7]: x', false],
    ['Sun 2026-10-25 02:30:00 +03 mx postfix/qmgr[7]: x', false],
    ['1792888200.000000 mx postfix/qmgr[7]: x', false],
  ];
  for (const [line, local] of cases) test(line, () => expect(stampIsLocal(line)).toBe(local));
});
