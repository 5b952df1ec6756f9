import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { eventOf } from './postfix-expect.js';
import { analysed } from '../model/split-helpers.js';

describe('Postfix 3.10 prefixes "after X" session ends with a queue id or NOQUEUE', () => {
  // The lab ran Postfix 3.7, which writes no prefix; these lines are the lab's own lines
  // with the prefix that 3.10 adds, so the same stall must come out either way.
  const cases = [
    {
      line: 'Nov 28 17:56:07 mx postfix/smtpd[4822]: 4DD80160292: lost connection after DATA (36673 bytes) from unknown[127.0.0.23]',
      kind: 'stall', queueId: '4DD80160292', stallKind: 'inbound.lost-after-data', afterStage: 'DATA', bytes: 36673,
    },
    {
      line: 'Nov 28 17:56:17 mx postfix/smtpd[4822]: NOQUEUE: timeout after DATA (9149 bytes) from unknown[127.0.0.24]',
      kind: 'stall', queueId: undefined, stallKind: 'inbound.timeout-after-data', afterStage: 'DATA', bytes: 9149,
    },
    {
      line: 'Nov 28 17:56:37 mx postfix/smtpd[4822]: NOQUEUE: timeout after EHLO from unknown[127.0.0.25]',
      kind: 'session-end', queueId: undefined, stallKind: undefined, afterStage: 'HELO', bytes: undefined,
    },
    {
      // BDAT gets no 354 (RFC 3030): a broken session that ended after BDAT, not a stalled 354 one
      line: 'Nov 28 17:56:07 mx postfix/smtpd[4822]: 4DD80160292: lost connection after BDAT (1024 bytes) from unknown[127.0.0.23]',
      kind: 'session-end', queueId: '4DD80160292', stallKind: undefined, afterStage: 'BDAT', bytes: 1024,
    },
    {
      line: 'Nov 28 17:56:17 mx postfix/smtpd[4822]: NOQUEUE: timeout after BDAT (65536 bytes) from unknown[127.0.0.24]',
      kind: 'session-end', queueId: undefined, stallKind: undefined, afterStage: 'BDAT', bytes: 65536,
    },
    {
      // the message was complete: a dropped connection after the final dot is not a stalled 354
      line: 'Nov 28 17:56:07 mx postfix/smtpd[4822]: 4DD80160292: lost connection after END-OF-MESSAGE from unknown[127.0.0.23]',
      kind: 'session-end', queueId: '4DD80160292', stallKind: undefined, afterStage: 'END-OF-DATA', bytes: undefined,
    },
  ];
  for (const c of cases) {
    test(c.line, () => {
      const e = eventOf(c.line);
      expect(e.kind).toBe(c.kind);
      expect(e.queueId).toBe(c.queueId);
      expect(e.stallKind).toBe(c.stallKind);
      expect(e.afterStage).toBe(c.afterStage);
      expect(e.bytes).toBe(c.bytes);
      expect(e.clientIp).toMatch(/^127\.0\.0\.2\d$/);
    });
  }
});

describe('multi-level program names reach the smtpd rows', () => {
  const cases = [
    {
      line: 'Sep 23 15:57:40 mail postfix/submission/smtpd[3646210]: 838FC8A5F: client=unknown[fe80::1:2:3:4], sasl_method=PLAIN, sasl_username=out@example.org',
      program: 'postfix/submission/smtpd', kind: 'client',
    },
    {
      line: 'Mar 11 23:27:54 server postfix-smo/submission/smtpd[22427]: 44JCRG5tYPzCqt2: reject: BDAT from signing-milter.example.com[192.0.2.109]: 550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> to=<some@example.com> proto=ESMTP helo=<domain.tld>',
      program: 'postfix-smo/submission/smtpd', kind: 'reject',
    },
    {
      // the same lab line under the smtps service name a multi-instance setup gives it
      line: 'Nov 28 17:55:54 mx postfix-smo/smtps/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 551 5.1.6 <formeruser@lab.example>: Recipient address rejected: User not local; please try <formeruser@elsewhere.example>; from=<noreply@shop.test> to=<formeruser@lab.example> proto=ESMTP helo=<mail.partner.test>',
      program: 'postfix-smo/smtps/smtpd', kind: 'reject',
    },
  ];
  for (const c of cases) {
    test(c.line, () => {
      const out = new LineParser({ year: 2026 }).parse(c.line);
      expect(out.type).toBe('event');
      if (out.type !== 'event') return;
      expect(out.rec.program).toBe(c.program);
      expect(out.rec.service).toBe('smtpd');
      expect(out.event.kind).toBe(c.kind);
    });
  }
});

describe('RFC 3339 prefixed lab log (rsyslog default format)', () => {
  const lines = readFileSync('fixtures/lab/postfix-syslog-rfc3339.log', 'utf8').split('\n').filter((l) => l !== '');

  test('every line of fixtures/lab/postfix-syslog-rfc3339.log parses as a Postfix event', () => {
    const parser = new LineParser({ year: 2026 });
    const misses = lines.filter((l) => parser.parse(l).type !== 'event');
    expect(misses).toEqual([]);
    expect(lines.length).toBeGreaterThan(700);
  });

  const cases = [
    {
      line: '2026-11-28T17:59:51.542233+00:00 vm postfix/smtpd[7163]: lost connection after DATA (24629 bytes) from unknown[127.0.0.41]',
      ts: Date.parse('2026-11-28T17:59:51.542Z'), kind: 'stall', stallKind: 'inbound.lost-after-data',
    },
  ];
  for (const c of cases) {
    test(c.line, () => {
      const out = new LineParser({ year: 2026 }).parse(c.line);
      expect(out.type).toBe('event');
      if (out.type !== 'event') return;
      expect(out.rec.ts).toBe(c.ts);
      expect(out.event.kind).toBe(c.kind);
      expect(out.event.stallKind).toBe(c.stallKind);
    });
  }
});

describe('lines no row knows are misses, not swallowed', () => {
  const lines = [
    // a verbatim corpus line with a typo ("removedo")
    'Jun 29 03:10:16 RHL058 postfix/qmgr[14505]: 8DDDD7C2CDD: removedo',
    // a status line cut short by the syslog line-length limit before status=
    'Nov 18 12:37:32 PostfixServer postfix/smtp[8372]: 1F2DF60508: to=<istoy.malasugi@site01.talakitok.com>, ',
    'Nov 28 17:55:49 mx postfix/smtpd[4822]: something no Postfix release writes',
  ];
  for (const line of lines) {
    test(line, () => {
      const out = new LineParser({ year: 2026 }).parse(line);
      expect(out.type).toBe('miss');
      expect(out.mta).toBe('postfix');
    });
  }
});

describe('hostile 64 KB lines (the ingest limit) still end in an event or a miss', () => {
  const fill = (s: string): string => s.repeat(Math.ceil((64 * 1024) / s.length));
  const lines = [
    `Nov 28 17:55:54 mx postfix/smtp[4822]: 4DD80160292: to=<a@b>, relay=none, delay=1, status=sent (${fill('host x[1] said: (in reply to ')}`,
    `Nov 28 17:55:54 mx postfix/smtp[4822]: 4DD80160292: host a[1] said: ${fill(' (in reply to x command)x')}`,
    `Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 ${fill('x; from=<a> ')}`,
    `Nov 28 17:55:54 mx postfix/cleanup[4822]: 4DD80160292: reject: header ${fill(' from local; from=<a>')}`,
  ];
  for (const line of lines) {
    test(line.slice(0, 120), () => {
      const out = new LineParser({ year: 2026 }).parse(line);
      expect(['event', 'miss']).toContain(out.type);
    });
  }
});

describe('a refused VRFY is at stage VRFY, not UNKNOWN', () => {
  const cases = [
    // real line (fixtures/corpus/postfix/fail2ban-postfix.log)
    'Aug 10 10:55:38 f-vanier-bourgeois postfix/smtpd[2162]: NOQUEUE: reject: VRFY from 72-53-132-234.cpe.distributel.net[72.53.132.234]: 550 5.1.1 : Recipient address rejected: User unknown in local recipient tab',
    // constructed: disable_vrfy_command = yes, the reply Postfix gives, on the same reject line
    'Nov 28 17:57:02 mx postfix/smtpd[4822]: NOQUEUE: reject: VRFY from unknown[127.0.0.24]: 502 5.5.1 VRFY command is disabled; to=<root> proto=SMTP',
  ];
  for (const line of cases) {
    test(line, () => {
      const e = eventOf(line);
      expect(e.kind).toBe('reject');
      expect(e.reply?.stage).toBe('VRFY');
    });
  }
  test('Exim: rejected VRFY', () => {
    const out = new LineParser().parse('1999-03-02 09:44:33 H=(x.y.z) [127.0.0.1] rejected VRFY a@b.c');
    expect(out.type === 'event' && out.event.reply?.stage).toBe('VRFY');
  });
});

describe('a before-queue content filter\'s verdict (smtpd_proxy_filter): proxy-reject and proxy-accept', () => {
  // the corpus lines (fixtures/corpus/postfix/whyscream-postfix-grok-patterns.log, message only) in one session
  const session = [
    'Oct 26 18:13:49 mx postfix/smtpd[71]: connect from unknown[203.0.113.9]',
    'Oct 26 18:13:50 mx postfix/smtpd[71]: proxy-reject: END-OF-MESSAGE: 554 5.7.0 Reject, contact postmaster@example.com, id=31619-02 - spam; from=<> to=<user2@example2.com> proto=SMTP helo=<17.33.12.53>',
    'Oct 26 18:13:51 mx postfix/smtpd[71]: proxy-accept: END-OF-MESSAGE: 250 2.0.0 from MTA(smtp:[127.0.0.1]:10013): 250 2.0.0 Ok: queued as DF66E940333; from=<user1@test.example.com> to=<user2@example2.com> proto=ESMTP helo=<[127.0.0.1]>',
    'Oct 26 18:13:52 mx postfix/smtpd[71]: disconnect from unknown[203.0.113.9] ehlo=1 mail=2 rcpt=2 data=1/2 quit=1 commands=7/8',
  ];

  test('a refusal is our server\'s, at the end of the message, with the filter\'s reply; an acceptance is no refusal', () => {
    const reject = eventOf(session[1]!);
    expect(reject).toMatchObject({ kind: 'reject', pattern: 'postfix.smtpd.proxy', sender: '', recipient: 'user2@example2.com' });
    expect(reject.reply).toEqual({ code: 554, codeDerived: false, enhanced: '5.7.0', text: 'Reject, contact postmaster@example.com, id=31619-02 - spam', stage: 'END-OF-DATA', direction: 'inbound' });
    expect(eventOf(session[2]!)).toMatchObject({ kind: 'info', pattern: 'postfix.smtpd.proxy', recipient: 'user2@example2.com' });
    // a filter that gave no reply: still a refusal, with no code
    const bare = eventOf('Oct 26 18:13:50 mx postfix/smtpd[1]: proxy-reject: END-OF-MESSAGE: ; from=<user1@test.example.com> to=<user2@example2.com> proto=ESMTP helo=<[192.168.0.16]>');
    expect(bare).toMatchObject({ kind: 'reject', reply: { code: null, text: '', stage: 'END-OF-DATA' } });
    // Postfix 3.10's NOQUEUE before it
    expect(eventOf('Oct 26 18:13:50 mx postfix/smtpd[1]: NOQUEUE: proxy-reject: END-OF-MESSAGE: 451 4.3.0 Error: queue file write error; from=<n@example.org> to=<d@example.net> proto=ESMTP helo=<x.example>').reply)
      .toMatchObject({ code: 451, enhanced: '4.3.0', stage: 'END-OF-DATA' });
  });

  test('the refusal is stored once, with the session\'s client', () => {
    const t = analysed(session);
    expect(t.misses).toEqual([]);
    const replies = t.replies!.map((j) => JSON.parse(j) as Record<string, unknown>);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ code: 554, stage: 'END-OF-DATA', direction: 'inbound', client_ip: '203.0.113.9', recipient: 'user2@example2.com' });
  });
});

describe('soft_bounce = yes: status=SOFTBOUNCE is a deferral', () => {
  // real lines, quoted from public forum posts: "Postfix issue with compromised account" (2014-10-14),
  // and a fetchmail user's local delivery (2005-05-10)
  const remote = 'Oct 14 07:34:03 custhost1 postfix/smtp[10837]: 4B6D11E01729: to=<viviane@techs.com.br>, relay=mail.techs.com.br[186.232.248.4]:25, delay=39993, delays=35133/4859/0.58/0.71, dsn=4.7.1, status=SOFTBOUNCE (host mail.techs.com.br[186.232.248.4] said: 501 5.7.1 <kmcgrath@upperuwchlan-pa.gov>... Sender refused by the DNSBL b.barracudacentral.org (in reply to RCPT TO command))';
  const local = 'May 10 20:16:52 localhost postfix/local[28372]: 710FE8F839: to=<me@localhost>, relay=local, delay=0, status=SOFTBOUNCE (mail forwarding loop for me@localhost)';

  test('the remote\'s refusal is kept, and the message waits in the queue', () => {
    const e = eventOf(remote);
    expect(e).toMatchObject({ kind: 'delivery', status: 'deferred', dsn: '4.7.1', recipient: 'viviane@techs.com.br' });
    expect(e.reply).toMatchObject({ code: 501, enhanced: '5.7.1', stage: 'RCPT', direction: 'outbound' });
    expect(eventOf(local)).toMatchObject({ kind: 'delivery', status: 'deferred', detail: 'mail forwarding loop for me@localhost' });
  });

  test('stored as a deferral, so the report\'s deferrals show it', () => {
    const t = analysed([
      'Oct 14 07:33:20 custhost1 postfix/qmgr[986]: 4B6D11E01729: from=<kmcgrath@upperuwchlan-pa.gov>, size=2646, nrcpt=50 (queue active)',
      remote,
    ]);
    const rows = t.deliveries!.map((j) => JSON.parse(j) as Record<string, unknown>);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'deferred', code: 501, enhanced: '5.7.1' });
  });
});

describe('a stalled transfer to a server that is not the last to try (the next MX gets the message)', () => {
  // Postfix logs the failure on a line of its own, and the status line that follows names the next server
  const qmgr = 'Nov 24 10:00:00 mx postfix/qmgr[1200]: 6A6A6A6A61: from=<s@mx.example>, size=50000, nrcpt=2 (queue active)';
  const first = 'Nov 24 10:05:00 mx postfix/smtp[1201]: 6A6A6A6A61: conversation with mx1.r.example[192.0.2.5] timed out while sending message body';
  const sent = 'Nov 24 10:05:02 mx postfix/smtp[1201]: 6A6A6A6A61: to=<a@r.example>, relay=mx2.r.example[192.0.2.6]:25, delay=302, delays=0/0/2/300, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as XYZ)';
  const stalls = (t: Record<string, string[]>) => t.stalls!.map((j) => JSON.parse(j) as Record<string, unknown>)
    .map(({ kind, direction, peer_host, peer_ip, queue_id }) => ({ kind, direction, peer_host, peer_ip, queue_id }));

  test('is a stall of that server', () => {
    expect(eventOf(first)).toMatchObject({ kind: 'remote-error', relayHost: 'mx1.r.example', relayIp: '192.0.2.5', stallKind: 'outbound.timeout-message-body' });
    expect(eventOf('Nov 24 10:05:00 mx postfix/smtp[1201]: 6A6A6A6A61: lost connection with mx1.r.example[192.0.2.5] while sending end of data -- message may be sent more than once').stallKind)
      .toBe('outbound.lost-end-of-data');
    // a failure before DATA is no stall
    expect(eventOf('Oct 26 18:13:50 mx postfix/smtp[1]: 745137AA: lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO').stallKind).toBeUndefined();
    expect(stalls(analysed([qmgr, first, sent]))).toEqual([
      { kind: 'outbound.timeout-message-body', direction: 'outbound', peer_host: 'mx1.r.example', peer_ip: '192.0.2.5', queue_id: '6A6A6A6A61' },
    ]);
  });

  test('and the last server\'s stall, on the status lines of each recipient, is another one, counted once', () => {
    const last = (rcpt: string) => `Nov 24 10:10:02 mx postfix/smtp[1201]: 6A6A6A6A61: to=<${rcpt}@r.example>, relay=mx2.r.example[192.0.2.6]:25, delay=602, delays=0/0/2/600, dsn=4.4.2, status=deferred (conversation with mx2.r.example[192.0.2.6] timed out while sending message body)`;
    expect(stalls(analysed([qmgr, first, last('a'), last('b')])).map((s) => s.peer_host)).toEqual(['mx1.r.example', 'mx2.r.example']);
  });
});

test('"discarding EHLO keywords" (smtpd_discard_ehlo_keywords, one line per EHLO) is recognised, not unparsed', () => {
  // the corpus line (fixtures/corpus/postfix/whyscream-postfix-grok-patterns.log, message only), from smtpd and smtp
  for (const program of ['postfix/smtpd[1]', 'postfix/smtp[2]']) {
    expect(eventOf(`Oct 26 18:13:50 mx ${program}: discarding EHLO keywords: CHUNKING ETRN DSN 8BITMIME`))
      .toMatchObject({ kind: 'info', pattern: 'postfix.ehlo-keywords.discarded', detail: 'CHUNKING ETRN DSN 8BITMIME' });
  }
});
