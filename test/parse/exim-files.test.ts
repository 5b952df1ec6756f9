import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LineAssembler, eximLogKindOf } from '../../src/parse/assemble.js';
import { LineParser, type ParseOutcome } from '../../src/parse/index.js';

function run(lines: string[], opts: { file?: string; mta?: 'auto' | 'exim' } = {}): ParseOutcome[] {
  const asm = new LineAssembler({ eximLog: opts.file ? eximLogKindOf(opts.file) : null });
  const parser = new LineParser({ year: 2026, mta: opts.mta ?? 'auto' });
  const out: ParseOutcome[] = [];
  for (const l of lines) for (const logical of asm.push(l)) out.push(parser.parse(logical));
  for (const logical of asm.flush()) out.push(parser.parse(logical));
  return out;
}

describe('a syslog file with Postfix, Exim and other programs', () => {
  // real lines: fixtures/lab/postfix-syslog.log and fixtures/corpus/exim/crowdsec-hub-exim.log
  const lines = [
    'Nov 28 17:59:33 vm postfix/smtpd[7163]: connect from localhost[127.0.0.1]',
    'Jun 29 16:04:19 server exim[1234]: dovecot_login authenticator failed for ([1.2.3.5]) [1.2.3.4]:55379: 535 Incorrect authentication data (set_id=abuse@test.com)',
    'Nov 28 17:59:38 vm postfix/smtpd[7163]: NOQUEUE: reject: RCPT from unknown[127.0.0.41]: 550 5.1.1 <xyz@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<billing@vendor.test> to=<xyz@lab.example> proto=ESMTP helo=<mail.partner.test>',
    'Jun 29 14:34:58 server exim[1234]: H=imfo.test.biz [1.2.3.4]:35328 X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=no F=<jack@test.biz> rejected RCPT <sales@toto.com.au>: No Such User Here',
    'Nov  8 10:00:01 mail dovecot[99]: imap-login: Login: user=<a>',
    'Nov 28 17:59:33 vm postfix/smtpd[7163]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
  ];

  test('every line goes to its own MTA, line by line', () => {
    const out = run(lines);
    expect(out.map((o) => (o.type === 'event' ? `${o.mta}:${o.event.kind}` : o.type))).toEqual([
      'postfix:connect', 'exim:reject', 'postfix:reject', 'exim:reject', 'foreign', 'postfix:disconnect',
    ]);
  });

  test('--mta exim leaves the Postfix lines aside', () => {
    const out = run(lines, { mta: 'exim' });
    expect(out.map((o) => o.type)).toEqual(['foreign', 'event', 'foreign', 'event', 'foreign', 'foreign']);
  });
});

describe('Exim message text with no prefix at all', () => {
  // real lines: fixtures/corpus/exim/sshguard-exim.log (sshguard's test input, the prefix already cut off)
  const lines = [
    'authenticator failed for XYZ [6.6.6.0]:14432 I=XYZ : 535 Incorrect authentication data (set_id=test)',
    'SMTP protocol error in "AUTH LOGIN" H=(XYZ) [2001:db8::a11:beef:7ac0] LOGIN authentication mechanism not supported',
  ];

  test('is read as Exim\'s with detection on, as with --mta exim', () => {
    for (const mta of ['auto', 'exim'] as const) {
      expect(run(lines, { mta }).map((o) => (o.type === 'event' ? `${o.mta}:${o.event.kind}` : o.type))).toEqual(['exim:reject', 'exim:info']);
    }
  });

  test('and unwrapped as --mta exim unwraps it: Exim\'s own "[pid] " first (the first line above, with +pid)', () => {
    const withPid = `[4711] ${lines[0]}`;
    const read = (mta: 'auto' | 'exim') => run([withPid], { mta })[0]!;
    expect(read('auto')).toMatchObject({ type: 'event', mta: 'exim', event: { kind: 'reject', clientIp: '6.6.6.0' } });
    expect(read('auto').rec!.message).toBe(read('exim').rec!.message);
  });

  test('other text with no prefix stays a miss with no record', () => {
    expect(run(['authenticator failed, or so they say', 'connect from unknown[192.0.2.1]'])).toMatchObject([
      { type: 'miss', rec: null }, { type: 'miss', rec: null },
    ]);
  });
});

describe('a log spanning the message-id change of Exim 4.97', () => {
  // 4.96 lines from the lab run, then 4.97+ lines (6-11-4 ids) from Exim's test suite
  const lines = [
    '2026-11-28 18:12:54 1xXMus-00043V-1M <= j.smith@partner.test H=(client.lab.test) [127.0.0.1] P=esmtp S=457 id=20261128181254.015592@vm T="Re: your order" for dave@lab.example',
    '2026-11-28 18:12:54 1xXMus-00043V-1M => dave <dave@lab.example> R=local_user T=local_delivery S=622',
    '2026-11-28 18:12:54 1xXMus-00043V-1M Completed',
    '1999-03-02 09:44:33 10HmaX-000000005vi-0000 <= someone@some.domain U=CALLER P=local-smtp S=sss',
    '1999-03-02 09:44:33 10HmaX-000000005vi-0000 => CALLER <CALLER@the.local.host.name> R=localuser T=local_delivery',
    '1999-03-02 09:44:33 10HmaX-000000005vi-0000 Completed',
  ];

  test('both id forms are read, each message keeps its own id', () => {
    const out = run(lines);
    expect(out.map((o) => (o.type === 'event' ? [o.event.kind, o.event.queueId] : o.type))).toEqual([
      ['received', '1xXMus-00043V-1M'], ['delivery', '1xXMus-00043V-1M'], ['completed', '1xXMus-00043V-1M'],
      ['received', '10HmaX-000000005vi-0000'], ['delivery', '10HmaX-000000005vi-0000'], ['completed', '10HmaX-000000005vi-0000'],
    ]);
  });

  test('an id of neither shape is not taken for one', () => {
    const [out] = run(['2026-11-28 18:12:54 1xXMus-00043VQ-1M Completed']);
    expect(out).toMatchObject({ type: 'miss', mta: 'exim' });
  });
});

describe('unparsed rate over the Exim fixtures', () => {
  const files = [
    ...readdirSync('fixtures/lab').filter((f) => f.startsWith('exim-') && f.endsWith('.log')).map((f) => join('fixtures/lab', f)),
    ...readdirSync('fixtures/corpus/exim').filter((f) => f.endsWith('.log')).map((f) => join('fixtures/corpus/exim', f)),
  ];
  // The Exim test suite's mainlog is mostly output of its test configurations' own
  // "logwrite" statements (TLS variables, DKIM/ARC dumps, event hooks), which are not
  // Exim's messages; it is held to where it stands so that it can only get better.
  // Its rejectlog has 7 such lines in 591 entries ("mail accepted ...", "test write to LOG_REJECT").
  const limits: Record<string, number> = {
    'exim-testsuite-mainlog.log': 0.21,
    'exim-testsuite-rejectlog.log': 0.015,
  };

  for (const file of files) {
    test(file, () => {
      const lines = readFileSync(file, 'utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      // with detection on, as analyse reads by default (sshguard's lines are messages with their prefix cut off)
      const out = run(lines, { file, mta: 'auto' });
      let exim = 0;
      let missed = 0;
      for (const o of out) {
        if (o.type === 'event' && o.mta === 'exim') exim++;
        else if (o.type === 'miss' && o.line.trim() !== '') {
          exim++;
          missed++;
        }
      }
      expect(exim).toBeGreaterThan(0);
      expect(missed / exim).toBeLessThan(limits[file.slice(file.lastIndexOf('/') + 1)] ?? 0.01);
    });
  }
});
