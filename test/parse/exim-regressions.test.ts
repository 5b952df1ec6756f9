import { describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import type { MailEvent } from '../../src/model/types.js';
import { analysed } from '../model/split-helpers.js';

// Exim lines whose reading was wrong once: each test names what an administrator saw.

function eventOf(line: string): MailEvent {
  const out = new LineParser({ year: 2026 }).parse(line);
  if (out.type !== 'event') throw new Error(`not an event: ${line}`);
  return out.event;
}

const rows = (t: Record<string, string[]>, table: string) => t[table]!.map((j) => JSON.parse(j) as Record<string, unknown>);

describe('through syslog, the daemon\'s connection refusals are each a refusal', () => {
  // daemon.c writes them to the main log only: one daemon process turns away a flood in the same words,
  // so two equal lines in a row are two refusals, not a line and its reject log copy
  const flood = 'Nov 20 11:00:01 mx exim[1000]: 2026-11-20 11:00:01 Connection from [198.51.100.10] refused: too many connections from that IP address';

  test('four equal lines are four refusals', () => {
    const replies = rows(analysed([flood, flood, flood, flood]), 'replies');
    expect(replies).toHaveLength(4);
    expect(replies.map((r) => r.origin)).toEqual(['log', 'log', 'log', 'log']);
  });

  test('and so are those rsyslog folds into a repeat notice', () => {
    const notice = 'Nov 20 11:00:01 mx exim[1000]: message repeated 3 times: [ 2026-11-20 11:00:01 Connection from [198.51.100.10] refused: too many connections from that IP address]';
    const replies = rows(analysed([flood, notice]), 'replies');
    expect(replies.filter((r) => r.origin !== 'rejectlog')).toHaveLength(4);
  });

  test('an ACL refusal and its reject log copy are still one', () => {
    const line = 'Nov 29 06:49:40 vm exim[7460]: 2026-11-29 06:49:40 H=(mx.partner.test) [127.0.0.34] F=<j.smith@partner.test> rejected RCPT <xyz@lab.example>: Unrouteable address';
    expect(rows(analysed([line, line]), 'replies').filter((r) => r.origin !== 'rejectlog')).toHaveLength(1);
  });
});

describe('an arrival from a quoted local part with a space', () => {
  const lines = [
    '2026-11-20 19:00:00 SMTP connection from [198.51.100.60]:41000 (TCP/IP connection count = 1)',
    '2026-11-20 19:00:02 1vSSSA-0000000002A-0001 <= "john doe"@example.org H=mail.example.org [198.51.100.60]:41000 P=esmtp S=4000 id=q1@example.org for bob@local.test',
    '2026-11-20 19:00:02 SMTP connection from mail.example.org [198.51.100.60]:41000 closed by QUIT',
  ];

  test('keeps its sender whole and reads the fields after it', () => {
    expect(eventOf(lines[1]!)).toMatchObject({ kind: 'received', sender: '"john doe"@example.org', clientIp: '198.51.100.60', size: 4000, messageId: 'q1@example.org' });
    const t = analysed(lines);
    expect(rows(t, 'messages')).toMatchObject([{ sender: '"john doe"@example.org', client_ip: '198.51.100.60', size: 4000, nrcpt: 1, message_id: 'q1@example.org' }]);
    // the connection that brought it counts it
    expect(rows(t, 'sessions')).toMatchObject([{ messages: 1 }]);
  });
});

test('a refused AUTH was answered 503, the code Exim\'s ACL gives AUTH (acl_wherecodes)', () => {
  // real line: Exim's test suite (fixtures/corpus/exim/exim-testsuite-mainlog.log)
  const e = eventOf('1999-03-02 09:44:33 H=(foobar) [127.0.0.1] rejected AUTH plain: STARTTLS required before AUTH');
  expect(e.reply).toMatchObject({ code: 503, codeDerived: true, stage: 'AUTH' });
});

describe('Exim lines that were unparsed', () => {
  test('"Spool file is locked" as Exim before 4.94 words it: the same note as the later wording', () => {
    // quoted from a public Exim log excerpt (2007)
    expect(eventOf('2007-07-09 12:14:17 1I7xjJ-0001DC-Dh Spool file is locked (another process is handling this message)'))
      .toMatchObject({ kind: 'info', pattern: 'exim.spool-locked', queueId: '1I7xjJ-0001DC-Dh' });
  });

  test('a DNS blocklist lookup that timed out is a warning for the problems section', () => {
    // Exim's test suite (test/stderr/0312), and the wording with the default defer_* setting
    for (const line of [
      '1999-03-02 09:44:33 DNS list lookup defer (probably timeout) for 1.0.0.V4NET.test.again.dns: returned DEFER',
      '2026-11-20 10:00:02 DNS list lookup defer (probably timeout) for 9.100.51.198.zen.spamhaus.org: assumed not in list',
    ]) {
      expect(eventOf(line)).toMatchObject({ kind: 'problem', pattern: 'exim.dnslist-defer', severity: 'warning' });
    }
  });
});
