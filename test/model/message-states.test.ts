import { afterAll, describe, expect, test } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { scalar, tempDir } from '../helpers.js';

// Postfix logs no "removed" for a message the queue manager never saw: a transaction refused at
// end of data, or one whose client went away. Such messages must not stay open for ever (each
// open one is held in memory and read back by every later run); held ones must wait.

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const lines = [
  // refused whole at end of data by cleanup: rejected at once
  'Nov 20 10:00:00 mx postfix/smtpd[100]: connect from a.example[192.0.2.1]',
  'Nov 20 10:00:01 mx postfix/smtpd[100]: 1A2B3C4D5E: client=a.example[192.0.2.1]',
  'Nov 20 10:00:02 mx postfix/cleanup[101]: 1A2B3C4D5E: reject: header Subject: buy now from a.example[192.0.2.1]; from=<s@a.example> to=<u@lab.example> proto=ESMTP helo=<a.example>: 5.7.1 no spam here',
  'Nov 20 10:00:03 mx postfix/smtpd[100]: disconnect from a.example[192.0.2.1] ehlo=1 mail=1 rcpt=1 data=0/1 quit=1 commands=4/5',
  // the client went away after DATA: never queued, never removed
  'Nov 20 11:00:00 mx postfix/smtpd[102]: connect from b.example[192.0.2.2]',
  'Nov 20 11:00:01 mx postfix/smtpd[102]: 2B3C4D5E6F: client=b.example[192.0.2.2]',
  'Nov 20 11:00:02 mx postfix/cleanup[101]: 2B3C4D5E6F: message-id=<lost@b.example>',
  'Nov 20 11:05:02 mx postfix/smtpd[102]: lost connection after DATA (0 bytes) from b.example[192.0.2.2]',
  'Nov 20 11:05:02 mx postfix/smtpd[102]: disconnect from b.example[192.0.2.2] ehlo=1 mail=1 rcpt=1 data=0/1 commands=3/4',
  // held for review, released two days later and delivered: one message, removed
  'Nov 20 12:00:00 mx postfix/smtpd[103]: connect from c.example[192.0.2.3]',
  'Nov 20 12:00:01 mx postfix/smtpd[103]: 3C4D5E6F7A: client=c.example[192.0.2.3]',
  'Nov 20 12:00:02 mx postfix/cleanup[101]: 3C4D5E6F7A: hold: header Subject: review me from c.example[192.0.2.3]; from=<s@c.example> to=<u@lab.example> proto=ESMTP helo=<c.example>: held for review',
  'Nov 20 12:00:03 mx postfix/smtpd[103]: disconnect from c.example[192.0.2.3] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
  // held, then released: back in the queue (deferred), so open again
  'Nov 20 12:10:00 mx postfix/smtpd[108]: connect from d.example[192.0.2.4]',
  'Nov 20 12:10:01 mx postfix/smtpd[108]: 5E6F7A8B9C: client=d.example[192.0.2.4]',
  'Nov 20 12:10:02 mx postfix/cleanup[101]: 5E6F7A8B9C: milter-hold: END-OF-MESSAGE from d.example[192.0.2.4]: milter triggers HOLD action; from=<s@d.example> to=<x@far.example> proto=ESMTP helo=<d.example>',
  'Nov 20 12:10:03 mx postfix/smtpd[108]: disconnect from d.example[192.0.2.4] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
  // a queued message: stays open while it waits in the queue
  'Nov 20 13:00:00 mx postfix/pickup[104]: 4D5E6F7A8B: uid=0 from=<root>',
  'Nov 20 13:00:00 mx postfix/cleanup[101]: 4D5E6F7A8B: message-id=<q@mx>',
  'Nov 20 13:00:00 mx postfix/qmgr[105]: 4D5E6F7A8B: from=<root@mx>, size=300, nrcpt=1 (queue active)',
  'Nov 20 13:00:01 mx postfix/smtp[106]: 4D5E6F7A8B: to=<x@far.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to far.example[192.0.2.9]:25: Connection timed out)',
];
const later = [
  'Nov 22 12:00:00 mx postfix/qmgr[105]: 3C4D5E6F7A: from=<s@c.example>, size=500, nrcpt=1 (queue active)',
  'Nov 22 12:00:01 mx postfix/local[107]: 3C4D5E6F7A: to=<u@lab.example>, relay=local, delay=172800, delays=172800/0/0/0, dsn=2.0.0, status=sent (delivered to mailbox)',
  'Nov 22 12:00:01 mx postfix/qmgr[105]: 3C4D5E6F7A: removed',
  'Nov 22 12:30:00 mx postfix/qmgr[105]: 4D5E6F7A8B: from=<root@mx>, size=300, nrcpt=1 (queue active)',
  'Nov 22 12:40:00 mx postfix/qmgr[105]: 5E6F7A8B9C: from=<s@d.example>, size=400, nrcpt=1 (queue active)',
  'Nov 22 12:40:01 mx postfix/smtp[106]: 5E6F7A8B9C: to=<x@far.example>, relay=none, delay=1, delays=0/0/1/0, dsn=4.4.1, status=deferred (connect to far.example[192.0.2.9]:25: Connection timed out)',
];

const states = (db: string) =>
  String(scalar(db, "SELECT group_concat(queue_id || ':' || state || ':' || coalesce(nrcpt, '-'), ' ') FROM (SELECT * FROM messages ORDER BY id)"));

describe('message states', () => {
  const now = () => Date.parse('2026-11-29T00:00:00Z');
  test('rejected, abandoned, held and queued messages end as Postfix left them', async () => {
    const whole = join(tmp.dir, 'whole.log');
    writeFileSync(whole, [...lines, ...later].join('\n') + '\n');
    const db = join(tmp.dir, 'one.db');
    await analyse({ db, inputs: [whole], now, year: 2026 });
    expect(states(db)).toBe('1A2B3C4D5E:rejected:- 2B3C4D5E6F:abandoned:- 3C4D5E6F7A:removed:1 5E6F7A8B9C:open:1 4D5E6F7A8B:open:1');
  });

  test('two runs that meet in the middle give the same messages as one', async () => {
    const split = join(tmp.dir, 'split.log');
    writeFileSync(split, lines.join('\n') + '\n');
    const db = join(tmp.dir, 'two.db');
    await analyse({ db, inputs: [split], now, year: 2026 });
    // nothing is silent yet at the end of the first part
    expect(states(db)).toBe('1A2B3C4D5E:rejected:- 2B3C4D5E6F:open:- 3C4D5E6F7A:held:- 5E6F7A8B9C:held:- 4D5E6F7A8B:open:1');
    appendFileSync(split, later.join('\n') + '\n');
    await analyse({ db, inputs: [split], now, year: 2026 });
    expect(states(db)).toBe(states(join(tmp.dir, 'one.db')));
  });
});
