import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { YearResolver } from '../../src/parse/year.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('syslog prefixes', () => {
  const cases = [
    {
      line: 'Nov  8 10:00:01 mail postfix/smtpd[123]: connect from a.example[192.0.2.1]',
      ts: '2026-11-08T10:00:01.000Z', host: 'mail', program: 'postfix/smtpd', service: 'smtpd', pid: 123,
    },
    {
      line: 'Nov 08 10:00:01 mx postfix/smtpd[123]: connect from a.example[192.0.2.1]',
      ts: '2026-11-08T10:00:01.000Z', host: 'mx', program: 'postfix/smtpd', service: 'smtpd', pid: 123,
    },
    {
      line: '2026-11-28T17:59:30.806217+00:00 vm postfix/master[7119]: daemon started -- version 3.7.11, configuration /etc/postfix',
      ts: '2026-11-28T17:59:30.806Z', host: 'vm', program: 'postfix/master', service: 'master', pid: 7119,
    },
    {
      line: '2026-11-28T19:59:30.5+02:00 vm postfix-smo/smtps/smtpd[7]: connect from x[192.0.2.9]',
      ts: '2026-11-28T17:59:30.500Z', host: 'vm', program: 'postfix-smo/smtps/smtpd', service: 'smtpd', pid: 7,
    },
    {
      line: '2026-11-28 18:12:52 exim 4.96 daemon started: pid=15584, -q20s, listening for SMTP on [127.0.0.1]:25',
      ts: '2026-11-28T18:12:52.000Z', host: '', program: 'exim', service: 'exim', pid: null,
    },
    {
      line: '2026-11-28 18:12:52.123 +0100 [4242] Start queue run: pid=15586',
      ts: '2026-11-28T17:12:52.123Z', host: '', program: 'exim', service: 'exim', pid: 4242,
    },
    {
      // no host name, the tag in brackets (sshguard's test input from a user's Exim log)
      line: 'Oct 14 19:45:05 [exim] LOGIN authenticator failed for (localhost) [46.148.40.63]: 535 Incorrect authentication data (set_id=tun)',
      ts: '2026-10-14T19:45:05.000Z', host: '', program: 'exim', service: 'exim', pid: null,
    },
  ];
  for (const c of cases) {
    test(c.line, () => {
      const out = new LineParser({ year: 2026 }).parse(c.line);
      expect(out.rec).not.toBeNull();
      const rec = out.rec!;
      expect(iso(rec.ts)).toBe(c.ts);
      expect({ host: rec.host, program: rec.program, service: rec.service, pid: rec.pid }).toEqual({
        host: c.host, program: c.program, service: c.service, pid: c.pid,
      });
    });
  }

  test('a bracketed tag needs its closing bracket and a space: otherwise the line is no prefix', () => {
    for (const line of ['Oct 14 19:45:05 [exim LOGIN failed', 'Oct 14 19:45:05 [] LOGIN failed', 'Oct 14 19:45:05 [exim]LOGIN failed']) {
      expect(new LineParser({ year: 2026 }).parse(line)).toMatchObject({ type: 'miss', rec: null });
    }
  });

  test('a line with no prefix is a miss with no record', () => {
    const out = new LineParser({ year: 2026 }).parse('garbage \u0000 here');
    expect(out).toMatchObject({ type: 'miss', rec: null });
  });

  test('other programs are foreign, not misses', () => {
    const out = new LineParser({ year: 2026 }).parse('Nov  8 10:00:01 mail dovecot[99]: imap-login: Login: user=<a>');
    expect(out.type).toBe('foreign');
  });
});

describe('year of year-less stamps', () => {
  test('--year is the first line\'s year and December -> January rolls over', () => {
    const p = new LineParser({ year: 2025 });
    const a = p.parse('Dec 31 23:59:59 mx postfix/smtpd[1]: connect from a[192.0.2.1]');
    const b = p.parse('Jan  1 00:00:01 mx postfix/smtpd[1]: connect from a[192.0.2.1]');
    expect(iso(a.rec!.ts)).toBe('2025-12-31T23:59:59.000Z');
    expect(iso(b.rec!.ts)).toBe('2026-01-01T00:00:01.000Z');
  });

  test('a December line just after the turn of the year (another host\'s, or late) stays in the old year, and the new year goes on', () => {
    const p = new LineParser({ year: 2025 });
    const at = (line: string) => iso(p.parse(line).rec!.ts);
    expect(at('Dec 31 23:59:58 mxa postfix/smtpd[700]: connect from c1[198.51.100.1]')).toBe('2025-12-31T23:59:58.000Z');
    expect(at('Jan  1 00:00:01 mxb postfix/smtpd[800]: connect from c2[198.51.100.2]')).toBe('2026-01-01T00:00:01.000Z');
    expect(at('Dec 31 23:59:59 mxa postfix/smtpd[700]: lost connection after RCPT from c1[198.51.100.1]')).toBe('2025-12-31T23:59:59.000Z');
    expect(at('Jan  1 00:00:02 mxa postfix/smtpd[700]: disconnect from c1[198.51.100.1]')).toBe('2026-01-01T00:00:02.000Z');
    expect(at('Dec 31 23:59:59 mxa postfix/smtpd[701]: connect from c3[198.51.100.3]')).toBe('2025-12-31T23:59:59.000Z');
    expect(at('Feb  1 00:00:00 mxa postfix/smtpd[700]: connect from c1[198.51.100.1]')).toBe('2026-02-01T00:00:00.000Z');
    // a gap of months is not a turn of the year: January -> August stays in the year
    const y = new YearResolver({ year: 2026 });
    expect([y.resolve(0), y.resolve(7), y.resolve(11), y.resolve(0)]).toEqual([2026, 2026, 2026, 2027]);
  });

  test('without --year, the mtime places the first line at or before it', () => {
    const y = new YearResolver({ refMs: Date.parse('2026-01-02T00:00:00Z') });
    expect(y.resolve(11)).toBe(2025);
    expect(y.resolve(0)).toBe(2026);
    const z = new YearResolver({ refMs: Date.parse('2026-11-28T00:00:00Z') });
    expect(z.resolve(10)).toBe(2026);
    // by the day, not only the month: a log written up to December 1st cannot begin on December 5th of that year
    const d = new YearResolver({ refMs: new Date(2026, 11, 1, 0, 0, 5).getTime() });
    expect([d.resolve(11, 5), d.resolve(2, 1), d.resolve(10, 30)]).toEqual([2025, 2026, 2026]);
  });

  test('one line with its clock at January 1st does not move a November log a year on', () => {
    // a file: a turn of the year after its last write is no turn
    const ref = new Date(2026, 10, 28, 10, 2).getTime();
    const p = new LineParser({ refMs: ref });
    const at = (line: string) => iso(p.parse(line).rec!.ts);
    const local = (...f: [number, number, number, number, number, number]) => new Date(...f).toISOString();
    expect(at('Nov 28 10:00:00 mx1 postfix/smtpd[1]: connect from a[192.0.2.1]')).toBe(local(2026, 10, 28, 10, 0, 0));
    expect(at('Jan  1 00:00:07 printer1 kernel: [    0.000000] Linux version 5.10.0')).toBe(local(2026, 0, 1, 0, 0, 7));
    expect(at('Nov 28 10:00:30 mx1 postfix/smtpd[2]: connect from a[192.0.2.1]')).toBe(local(2026, 10, 28, 10, 0, 30));
    // the same log read after the new year has come: the stray line turns the year, the next line is the year before
    const later = new YearResolver({ refMs: new Date(2027, 1, 1).getTime() });
    expect([later.resolve(10, 28), later.resolve(0, 1), later.resolve(10, 28), later.resolve(11, 31), later.resolve(0, 1)]).toEqual([2026, 2027, 2026, 2026, 2027]);
    // with --year the same holds after the stray line
    const given = new YearResolver({ year: 2026 });
    expect([given.resolve(10, 28), given.resolve(0, 1), given.resolve(10, 28)]).toEqual([2026, 2027, 2026]);
    // a sparse log over a year is no stray line: November after March, but before the December that
    // came before the turn, is the new year's
    const sparse = new YearResolver({ year: 2025 });
    expect([sparse.resolve(11, 5), sparse.resolve(2, 10), sparse.resolve(10, 25)]).toEqual([2025, 2026, 2026]);
  });
});

describe('timestamps of consecutive lines', () => {
  test('seconds, minutes and a step back in time each get their own instant', () => {
    const p = new LineParser({ year: 2026 });
    const at = (stamp: string) => iso(p.parse(`${stamp} mx postfix/smtpd[1]: connect from a[192.0.2.1]`).rec!.ts);
    const local = (...f: [number, number, number, number, number]) => new Date(2026, ...f).toISOString();
    expect(at('Mar  1 00:00:59')).toBe(local(2, 1, 0, 0, 59));
    expect(at('Mar  1 00:01:00')).toBe(local(2, 1, 0, 1, 0));
    expect(at('Mar  1 00:00:30')).toBe(local(2, 1, 0, 0, 30));
    expect(at('Mar  2 00:01:00')).toBe(local(2, 2, 0, 1, 0));
  });

  test('RFC 3339 offsets are applied, and an impossible date has no time', () => {
    const p = new LineParser({ year: 2026 });
    const ts = (stamp: string) => p.parse(`${stamp} vm postfix/smtpd[1]: connect from a[192.0.2.1]`).rec!.ts;
    expect(iso(ts('2026-11-28T12:00:00.25-05:30'))).toBe('2026-11-28T17:30:00.250Z');
    expect(iso(ts('2026-11-28T12:00:00+0100'))).toBe('2026-11-28T11:00:00.000Z');
    expect(ts('2026-13-28T12:00:00Z')).toBeNull();
  });
});
