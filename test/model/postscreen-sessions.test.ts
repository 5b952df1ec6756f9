import { describe, expect, test } from 'vitest';
import { analysed, linesOf } from './split-helpers.js';

// postscreen's part of a connection is one session however it ends: a HANGUP is always followed
// by DISCONNECT, and a PASS that cannot be handed to smtpd goes on (4xx replies) until DISCONNECT.
// Line shapes as in fixtures/lab and the pixelpark corpus log; addresses from the documentation ranges.

const P = 'Nov 28 10:00';
const ps = (s: string, m: string) => `${P}:${s} mx postfix/postscreen[4821]: ${m}`;
const lines = [
  // a bot: pregreet, DNSBL, then hangs up after the handshake (pixelpark: 996 of these)
  ps('01', 'CONNECT from [192.0.2.1]:50001 to [198.51.100.1]:25'),
  ps('01', 'PREGREET 11 after 0.14 from [192.0.2.1]:50001: EHLO ylmf-pc\\r\\n'),
  ps('02', 'DNSBL rank 3 for [192.0.2.1]:50001'),
  ps('04', 'HANGUP after 2.2 from [192.0.2.1]:50001 in tests after SMTP handshake'),
  ps('04', 'DISCONNECT [192.0.2.1]:50001'),
  // hangs up before the handshake, having passed what it was tested for
  ps('05', 'CONNECT from [192.0.2.2]:50002 to [198.51.100.1]:25'),
  ps('06', 'HANGUP after 0.7 from [192.0.2.2]:50002 in tests before SMTP handshake'),
  ps('06', 'PASS NEW [192.0.2.2]:50002'),
  ps('06', 'DISCONNECT [192.0.2.2]:50002'),
  // passes deep protocol tests: cannot be handed off, so it is told to come back
  ps('07', 'CONNECT from [192.0.2.3]:50003 to [198.51.100.1]:25'),
  ps('09', 'PASS NEW [192.0.2.3]:50003'),
  ps('10', 'NOQUEUE: reject: RCPT from [192.0.2.3]:50003: 450 4.3.2 Service currently unavailable; from=<a@example.org>, to=<b@lab.example>, proto=ESMTP, helo=<mx.example.org>'),
  ps('11', 'DISCONNECT [192.0.2.3]:50003'),
  // passes and is handed to smtpd: two programs, one session each
  ps('12', 'CONNECT from [192.0.2.4]:50004 to [198.51.100.1]:25'),
  ps('12', 'PASS OLD [192.0.2.4]:50004'),
  `${P}:12 mx postfix/smtpd[7163]: connect from mx.example.org[192.0.2.4]`,
  `${P}:13 mx postfix/smtpd[7163]: disconnect from mx.example.org[192.0.2.4] ehlo=1 quit=1 commands=2`,
  // fails a test and is dropped
  ps('14', 'CONNECT from [192.0.2.5]:50005 to [198.51.100.1]:25'),
  ps('15', 'DNSBL rank 3 for [192.0.2.5]:50005'),
  ps('20', 'COMMAND TIME LIMIT from [192.0.2.5]:50005 after CONNECT'),
  ps('20', 'DISCONNECT [192.0.2.5]:50005'),
  ps('21', 'CONNECT from [192.0.2.6]:50006 to [198.51.100.1]:25'),
  ps('21', 'DENYLISTED [192.0.2.6]:50006'),
  ps('21', 'DISCONNECT [192.0.2.6]:50006'),
  // the same address and port again: a new connection
  ps('30', 'CONNECT from [192.0.2.4]:50004 to [198.51.100.1]:25'),
  ps('30', 'PASS OLD [192.0.2.4]:50004'),
];

interface Row { client_ip: string; program: string; end_reason: string | null; start_ts: number; end_ts: number | null }
const rowsOf = (dump: Record<string, string[]>) => dump.sessions.map((s) => JSON.parse(s) as Row);

describe('postscreen sessions', () => {
  const want = analysed(lines);

  test('one session per connection and program, ending as the log says', () => {
    const got = rowsOf(want).map((r) => `${r.client_ip} ${r.program} ${r.end_reason}`).sort();
    expect(got).toEqual([
      '192.0.2.1 postfix/postscreen hangup',
      '192.0.2.2 postfix/postscreen hangup',
      '192.0.2.3 postfix/postscreen pass',
      '192.0.2.4 postfix/postscreen pass',
      '192.0.2.4 postfix/postscreen pass',
      '192.0.2.4 postfix/smtpd disconnect',
      '192.0.2.5 postfix/postscreen disconnect',
      '192.0.2.6 postfix/postscreen disconnect',
    ]);
  });

  test('a hung-up session ends at its DISCONNECT; a reply after PASS belongs to the session', () => {
    const bot = rowsOf(want).find((r) => r.client_ip === '192.0.2.1')!;
    expect(bot.end_ts).toBe(Date.parse('2026-11-28T10:00:04Z'));
    expect(bot.start_ts).toBe(Date.parse('2026-11-28T10:00:01Z'));
    const reply = JSON.parse(want.replies[0]!) as { code: number; client_ip: string };
    expect(reply.code).toBe(450);
    // the session the 450 belongs to has one reject counted
    const deep = rowsOf(want).find((r) => r.client_ip === '192.0.2.3') as Row & { rejects: number };
    expect(deep.rejects).toBe(1);
  });

  test('split between two runs at every line: the same rows', () => {
    const bad: number[] = [];
    for (let at = 1; at < lines.length; at++) {
      if (JSON.stringify(analysed(lines.slice(0, at), lines.slice(at))) !== JSON.stringify(want)) bad.push(at);
    }
    expect(bad).toEqual([]);
  });

  test('the lab log: 56 postscreen and 54 smtpd connections, 110 sessions', () => {
    const got = rowsOf(analysed(linesOf('fixtures/lab/postfix-syslog.log')));
    expect(got.filter((r) => r.program === 'postfix/postscreen').length).toBe(56);
    expect(got.length).toBe(110);
  });
});

describe('a HANGUP after PASS (corpus/postfix/hsn723-postfix-exporter.log)', () => {
  // postscreen that could not hand the client off goes on talking to it after PASS; the client may
  // then hang up. The session stays findable until its DISCONNECT, in one run as in a resumed one.
  const log = linesOf('fixtures/corpus/postfix/hsn723-postfix-exporter.log');
  const hsn = [47, 51, 53, 54, 55, 56].map((n) => log[n - 1]!);
  const want = analysed(hsn);

  test('the refusal after the HANGUP counts on the session', () => {
    const rows = rowsOf(want) as Array<Row & { rejects: number }>;
    expect(rows.map((r) => [r.client_ip, r.end_reason, r.rejects])).toEqual([['1.2.3.4', 'hangup', 1]]);
  });

  test('split between two runs at every line: the same rows', () => {
    const bad: number[] = [];
    for (let at = 1; at < hsn.length; at++) {
      if (JSON.stringify(analysed(hsn.slice(0, at), hsn.slice(at))) !== JSON.stringify(want)) bad.push(at);
    }
    expect(bad).toEqual([]);
  });
});
