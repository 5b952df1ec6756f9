import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';

// "SMTP call from … dropped: too many …": the stage of the drop. Exim hits these limits while
// reading commands; the command that crossed an unrecognised-command limit has no stage, so the
// stage is the one the session had reached as far as the line shows (C= list, HELO name), else
// CONNECT. Real lines: the lab run, Exim's test suite and public projects (fixtures/).

const cases: Array<[line: string, stage: string]> = [
  // the lab client said EHLO, then XYZZY0..3 (fixtures/lab/exim-transcript.txt): Exim names its HELO
  ['2026-11-28 18:13:30 SMTP call from (client.lab.test) [127.0.0.112] dropped: too many unrecognized commands (last was "XYZZY3")', 'HELO'],
  // no HELO name: nothing after the greeting is known
  ['1999-03-02 09:44:33 SMTP call from [127.0.0.1] dropped: too many unrecognized commands (last was "unknown")', 'CONNECT'],
  ['2013-06-02 09:22:07 SMTP call from [192.0.2.109] dropped: too many unrecognized commands (last was "\\033%-12345X")', 'CONNECT'],
  ['1999-03-02 09:44:33 SMTP call from CALLER dropped: too many unrecognized commands (last was "four")', 'CONNECT'],
  // the other limits end on a command that has a stage of its own…
  ['1999-03-02 09:44:33 SMTP call from [127.0.0.1] dropped: too many nonmail commands (last was "vrfy")', 'VRFY'],
  ['1999-03-02 09:44:33 SMTP call from CALLER dropped: too many nonmail commands (last was "ehlo")', 'HELO'],
  ['1999-03-02 09:44:33 SMTP call from [127.0.0.1] dropped: too many syntax or protocol errors (last command was "mail from:<u4@cus.cam.ac.uk>",  C=MAIL,MAIL,MAIL,MAIL)', 'MAIL'],
  ['2013-06-02 09:22:06 SMTP call from [192.0.2.109] dropped: too many syntax or protocol errors (last command was "AUTH LOGIN")', 'AUTH'],
  // …or not: then the last command with a stage in C=, or the HELO name
  ['1999-03-02 09:44:33 SMTP call from (tester) [127.0.0.1] dropped: too many syntax or protocol errors (last command was "Subject: This is a bodyless test message",  C=EHLO,MAIL,RCPT,BDAT)', 'BDAT'],
  ['1999-03-02 09:44:33 SMTP call from (xclientproxy) [ip4.ip4.ip4.ip4]:10002 dropped: too many syntax or protocol errors (last command was "XCLIENT SIXSIX=",  C=EHLO,STARTTLS,EHLO,XCLIENT,XCLIENT,XCLIENT,XCLIENT)', 'HELO'],
  ['2017-01-24 05:36:23 SMTP call from (000000) [::1]:39480 dropped: too many syntax or protocol errors (last command was "123")', 'HELO'],
  ['2013-06-02 09:22:05 [19591] SMTP call from pc012-6201.spo.scu.edu.tw [163.14.21.161]:3767 I=[1.2.3.4]:25 dropped: too many nonmail commands (last was "RSET")', 'CONNECT'],
];

describe('Exim command-limit drops: the stage the session was at', () => {
  for (const [line, stage] of cases) {
    test(line, () => {
      const out = new LineParser({ mta: 'exim', year: 2026 }).parse(line);
      expect(out.type).toBe('event');
      if (out.type !== 'event') return;
      expect([out.event.pattern, out.event.reply?.stage]).toEqual(['exim.reject.too-many', stage]);
    });
  }
});

// The code the client got (smtp_in.c): "554 Too many nonmail commands", "500 Too many unrecognized
// commands"; a syntax or protocol error limit repeats the failing command's own code, which the
// log does not give, so 500 (an unrecognised command's) stands for it. All derived.
const codes: Array<[line: string, code: number]> = [
  ['2013-06-02 09:22:05 [19591] SMTP call from pc012-6201.spo.scu.edu.tw [163.14.21.161]:3767 I=[1.2.3.4]:25 dropped: too many nonmail commands (last was "RSET")', 554],
  ['1999-03-02 09:44:33 SMTP call from [127.0.0.1] dropped: too many nonmail commands (last was "vrfy")', 554],
  ['2013-06-02 09:22:07 SMTP call from [192.0.2.109] dropped: too many unrecognized commands (last was "\\033%-12345X")', 500],
  ['2013-06-02 09:22:06 SMTP call from [192.0.2.109] dropped: too many syntax or protocol errors (last command was "AUTH LOGIN")', 500],
  ['2017-01-24 05:36:23 SMTP call from (000000) [::1]:39480 dropped: too many syntax or protocol errors (last command was "123")', 500],
];

describe('Exim command-limit drops: the code the client got', () => {
  for (const [line, code] of codes) {
    test(line, () => {
      const out = new LineParser({ mta: 'exim', year: 2026 }).parse(line);
      expect(out.type).toBe('event');
      if (out.type !== 'event') return;
      expect([out.event.pattern, out.event.reply?.code, out.event.reply?.codeDerived]).toEqual(['exim.reject.too-many', code, true]);
    });
  }
});
