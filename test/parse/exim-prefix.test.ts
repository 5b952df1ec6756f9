import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { prefixTests, type PrefixCase } from './prefix-cases.js';

// Where an Exim line's time, host and pid come from, in every prefix the fixtures hold.

const cases: PrefixCase[] = [
  {
    name: 'native, +zone and [pid]',
    line: '2020-06-20 01:32:57 +0200 [789] 1jmKso-0009d4-Uf Completed',
    ts: '2020-06-19T23:32:57.000Z', host: '', program: 'exim', pid: 789, message: '1jmKso-0009d4-Uf Completed',
  },
  {
    name: 'native with milliseconds',
    line: '2023-05-30 06:10:13.345 login authenticator failed for millis.example.org [192.0.2.12]:5432: 535 Incorrect authentication data (set_id=user)',
    ts: '2023-05-30T06:10:13.345Z', host: '', program: 'exim', pid: null,
    message: 'login authenticator failed for millis.example.org [192.0.2.12]:5432: 535 Incorrect authentication data (set_id=user)',
  },
  {
    name: 'syslog without an Exim stamp: the syslog time',
    line: 'Jun 29 16:04:19 server exim[1234]: dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=abuse@test.com)',
    ts: '2026-06-29T16:04:19.000Z', host: 'server', program: 'exim', pid: 1234,
    message: 'dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=abuse@test.com)',
  },
  {
    name: 'host-first syslog with the Exim stamp inside: Exim\'s time',
    line: 'mail.example.com exim[3751842]: 2021-07-17 23:20:49 plain_server authenticator failed for ([192.0.2.17]) [192.0.2.27]: 535 Incorrect authentication data',
    ts: '2021-07-17T23:20:49.000Z', host: 'mail.example.com', program: 'exim', pid: 3751842,
    message: 'plain_server authenticator failed for ([192.0.2.17]) [192.0.2.27]: 535 Incorrect authentication data',
  },
  {
    name: 'ISO time written with a space, then host and tag',
    line: '2019-10-22 03:39:17 mx1.fqdn.local exim[29786]: dovecot_login authenticator failed for (User) [192.0.2.37]: 535 Incorrect authentication data (set_id=test@domain.com)',
    ts: '2019-10-22T03:39:17.000Z', host: 'mx1.fqdn.local', program: 'exim', pid: 29786,
    message: 'dovecot_login authenticator failed for (User) [192.0.2.37]: 535 Incorrect authentication data (set_id=test@domain.com)',
  },
  {
    name: 'Exim\'s own [pid] repeated inside the syslog message',
    line: '2016-04-01 11:08:00 info exim[8001]: [8001] no MAIL in SMTP connection from (User) [192.0.2.29]:20042 I=[192.0.2.1]:25 Ci=8001 D=0.349s C=EHLO,AUTH,QUIT',
    ts: '2016-04-01T11:08:00.000Z', host: 'info', program: 'exim', pid: 8001,
    message: 'no MAIL in SMTP connection from (User) [192.0.2.29]:20042 I=[192.0.2.1]:25 Ci=8001 D=0.349s C=EHLO,AUTH,QUIT',
  },
];

describe('exim prefixes', () => {
  prefixTests(cases);

  test('an ISO-with-space syslog line of another program is not taken for Exim\'s', () => {
    const p = new LineParser({ year: 2026 });
    const pf = p.parse('2019-10-22 03:39:17 mx1.fqdn.local postfix/smtpd[7163]: connect from localhost[127.0.0.1]');
    expect(pf.type === 'event' && [pf.mta, pf.event.kind, pf.rec.host]).toEqual(['postfix', 'connect', 'mx1.fqdn.local']);
    expect(p.parse('2019-10-22 03:39:17 mx1.fqdn.local dovecot[99]: imap-login: Login: user=<a>').type).toBe('foreign');
  });

  test('a line with its prefix cut off is Exim\'s when an Exim row reads it, detected or forced alike', () => {
    const line = 'authenticator failed for XYZ [6.6.6.0]:14432 I=XYZ : 535 Incorrect authentication data (set_id=test)';
    for (const mta of ['auto', 'exim'] as const) {
      const out = new LineParser({ year: 2026, mta }).parse(line);
      expect(out.type === 'event' && out.event).toMatchObject({
        kind: 'reject', clientHost: 'XYZ', clientIp: '6.6.6.0', clientPort: 14432, reply: { code: 535, stage: 'AUTH' },
      });
      expect(out.rec?.ts).toBeNull();
    }
    expect(new LineParser({ year: 2026, mta: 'postfix' }).parse(line)).toMatchObject({ type: 'miss', rec: null });
  });
});
