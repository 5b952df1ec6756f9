import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { built, dump, expectCutRunsSame, mxlens, tempDir } from './helpers.js';

// rsyslog with $RepeatedMsgReduction on (Ubuntu's rsyslog.conf sets it) writes a message that a
// process logs again right away once, then "message repeated N times: [ ...]"; BSD-style daemons
// write "last message repeated N times" with no message. The fixtures are real Postfix 3.7 runs
// through rsyslog 8.2302 and inetutils syslogd 2.4 (fixtures/README.md): one session that sent a
// refused RCPT four times, an unknown recipient three times and one good recipient; smtpd counted
// "rcpt=1/8".

const LOG = 'fixtures/repeats/postfix-rsyslog-repeats.log';
const BSD = 'fixtures/repeats/postfix-inetutils-repeats.log';
const t = tempDir('repeats');
afterAll(() => t.cleanup());

describe('rsyslog\'s repeat notices', () => {
  test('the notice is read as its message, standing for as many lines', () => {
    const p = new LineParser({ year: 2026 });
    const out = p.parse('Nov 29 19:48:09 vm postfix/smtpd[27869]: message repeated 2 times: [ NOQUEUE: reject: RCPT from unknown[127.0.0.45]: 550 5.1.1 <nosuchuser@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<someone@outside.test> to=<nosuchuser@lab.example> proto=ESMTP helo=<bot.outside.test>]');
    expect(out.type).toBe('event');
    if (out.type !== 'event') return;
    expect(out.repeat).toBe(2);
    expect(out.event).toMatchObject({ recipient: 'nosuchuser@lab.example', reply: { code: 550, enhanced: '5.1.1', stage: 'RCPT' } });
    // a message that only mentions repeats is itself
    const plain = p.parse('Nov 29 19:48:09 vm postfix/smtpd[27869]: message repeated 2 times');
    expect(plain.type === 'event' ? plain.repeat : plain.type).not.toBe(2);
  });

  test('a count no daemon writes is not believed: the notice is an unparsed line, not a billion rows', () => {
    const p = new LineParser({ year: 2026 });
    const big = p.parse('Nov 29 19:48:09 vm postfix/smtpd[27869]: message repeated 999999999 times: [ NOQUEUE: reject: RCPT from unknown[127.0.0.45]: 550 5.1.1 <x@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<a@b.test> to=<x@lab.example> proto=ESMTP helo=<b.test>]');
    expect(big.type).toBe('miss');
    p.parse('Nov 29 19:48:09 vm postfix/smtpd[27869]: connect from unknown[127.0.0.45]');
    expect(p.parse('Nov 29 19:48:10 vm last message repeated 999999999 times').type).toBe('miss');
    expect(p.parse('Nov 29 19:48:10 vm last message repeated 100000 times')).toMatchObject({ type: 'event', repeat: 100000 });
  });

  test.skipIf(!built)('every refusal the session got is counted, as smtpd counted them, and each example line is shown once', () => {
    const db = join(t.dir, 'r.db');
    const a = mxlens(['analyse', LOG, '--db', db, '--year', '2026']);
    expect(a.stderr).toBe('');
    expect(a.status).toBe(0);
    const d = new Database(db, { readonly: true });
    try {
      const q = (sql: string): unknown => d.prepare(sql).pluck().get();
      expect(q(`SELECT count(*) FROM replies WHERE kind = 'reject'`)).toBe(7);
      expect(q('SELECT rejects FROM sessions')).toBe(7);
      expect(q('SELECT counters FROM sessions')).toContain('rcpt=1/8');
      expect(q('SELECT sum(unparsed) FROM line_stats')).toBe(0);
    } finally {
      d.close();
    }
    const r = mxlens(['report', '--db', db, '--format', 'json']);
    expect(r.status).toBe(0);
    const groups = (JSON.parse(r.stdout) as { rejections: Array<{ code: number; count: number; examples: string[] }> }).rejections;
    expect(groups.map((g) => [g.code, g.count])).toEqual([[554, 4], [550, 3]]);
    for (const g of groups) {
      expect(g.examples).toHaveLength(2);
      expect(new Set(g.examples).size).toBe(2);
      expect(g.examples[1]).toMatch(/message repeated \d times: \[/);
    }
  });

  test('"last message repeated N times" is the line before it, that many times', () => {
    const p = new LineParser({ year: 2026 });
    const reject = 'Nov 29 19:52:29 localhost postfix/smtpd[32051]: NOQUEUE: reject: RCPT from unknown[127.0.0.45]: 554 5.7.1 <victim@remote.example>: Relay access denied; from=<someone@outside.test> to=<victim@remote.example> proto=ESMTP helo=<bot.outside.test>';
    // no line before it: nothing to repeat, kept as an unparsed line
    expect(p.parse('Nov 29 19:52:29 localhost last message repeated 3 times')).toMatchObject({ type: 'miss', rec: null });
    p.parse(reject);
    const out = p.parse('Nov 29 19:52:31 localhost last message repeated 3 times');
    expect(out).toMatchObject({ type: 'event', repeat: 3, event: { recipient: 'victim@remote.example', reply: { code: 554 } } });
    expect(out.rec).toMatchObject({ host: 'localhost', program: 'postfix/smtpd', pid: 32051, raw: 'Nov 29 19:52:31 localhost last message repeated 3 times' });
    expect(new Date(out.rec!.ts!).toISOString()).toBe('2026-11-29T19:52:31.000Z');
    // another host's notice is not about this line
    expect(p.parse('Nov 29 19:52:31 otherhost last message repeated 3 times').type).toBe('miss');
    // the form that names the program: another program's line repeated is another program's
    const q = new LineParser({ year: 2026, previousLine: 'Aug 31 00:21:33 activeweb1 dovecot: pop3-login: Disconnected (no auth attempts): rip=190.102.254.46, lip=104.236.216.254' });
    expect(q.parse('Aug 31 00:21:33  dovecot: last message repeated 2 times').type).toBe('foreign');
  });

  test('a notice just after midnight of New Year is in the new year, and so are the lines after it', () => {
    const p = new LineParser({ year: 2026 });
    const iso = (line: string): string => new Date(p.parse(line).rec!.ts!).toISOString();
    expect(iso('Dec 31 23:59:59 mx postfix/smtpd[7]: connect from unknown[192.0.2.1]')).toBe('2026-12-31T23:59:59.000Z');
    expect(iso('Jan  1 00:00:05 mx last message repeated 2 times')).toBe('2027-01-01T00:00:05.000Z');
    expect(iso('Jan  1 00:00:06 mx postfix/smtpd[7]: disconnect from unknown[192.0.2.1] ehlo=1 commands=1')).toBe('2027-01-01T00:00:06.000Z');
  });

  test.skipIf(!built)('inetutils syslogd: the notice counts, and runs cut at any line store what one run stores', () => {
    const one = join(t.dir, 'bsd.db');
    expect(mxlens(['analyse', BSD, '--db', one, '--year', '2026']).status).toBe(0);
    const d = new Database(one, { readonly: true });
    try {
      expect(d.prepare(`SELECT count(*) FROM replies WHERE kind = 'reject'`).pluck().get()).toBe(7);
      expect(d.prepare('SELECT sum(unparsed) FROM line_stats').pluck().get()).toBe(0);
    } finally {
      d.close();
    }
    expectCutRunsSame(t.dir, BSD, 'all', dump(one));
  });
});
