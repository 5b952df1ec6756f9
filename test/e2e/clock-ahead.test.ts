import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import { built, dump, expectCutRunsSame, mxlens, tempDir } from './helpers.js';

// A line stamped ahead of the lines after it moves its host's clock ahead. An open message has been
// silent for as long as that clock has moved since a line of it was read. The sweeps at the end of
// each run judged by the clock and a later line by its own, earlier, time: a run cut after the early
// line abandoned a message that one run kept.

const t = tempDir('clock-ahead');
afterAll(() => t.cleanup());

// lines 15, 5 and 8 of fixtures/corpus/postfix/anantg21-maillog.log, in this order (May 20, then May 18),
// after a client line of another message two days before
const LOG = [
  'May 18 04:00:00 lhansible postfix/smtpd[30600]: 0A1B2C3D: client=localhost[127.0.0.1]',
  'May 20 04:04:24 lhansible postfix/local[16497]: 8AB0D28A: to=<anant-d.gaikwad@gemini.com>, orig_to=<root>, relay=local, delay=0.03, delays=0.02/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)',
  'May 18 22:31:10 lhansible postfix/cleanup[30623]: 1F40D1E0: message-id=<20200519033110.1F40D1E0@ansible.com>',
  'May 18 22:31:10 lhansible postfix/qmgr[1525]: 1F40D1E0: removed',
  'May 18 22:31:11 lhansible postfix/cleanup[30623]: 0A1B2C3D: message-id=<late@example.test>',
].map((l) => `${l}\n`).join('');

describe.skipIf(!built)('a line stamped ahead of the next ones', () => {
  const file = join(t.dir, 'mail.log');
  const db = join(t.dir, 'whole.db');
  test('one run: a message open before the jump is silent for a day by its host\'s clock; one that begins after it is not', () => {
    writeFileSync(file, LOG);
    expect(mxlens(['analyse', file, '--db', db, '--year', '2026']).status).toBe(0);
    const r = new Database(db, { readonly: true });
    const rows = r.prepare(`SELECT queue_id, state, message_id FROM messages ORDER BY queue_id, id`).all();
    r.close();
    expect(rows).toEqual([
      // the queue manager never saw it, and the clock moved two days past its client line: abandoned,
      // and the late line of its id is of a message not seen
      { queue_id: '0A1B2C3D', state: 'abandoned', message_id: null },
      { queue_id: '0A1B2C3D', state: 'open', message_id: 'late@example.test' },
      // begun after the jump: removed as it should be
      { queue_id: '1F40D1E0', state: 'removed', message_id: '20200519033110.1F40D1E0@ansible.com' },
      { queue_id: '8AB0D28A', state: 'open', message_id: null },
    ]);
  });

  test('a run cut after any line stores what one run stores', () => {
    const cuts = join(t.dir, 'message-cuts');
    mkdirSync(cuts);
    expectCutRunsSame(cuts, file, 'all', dump(db));
  });
});

// The same for a connection: silent for two hours of its host's clock when its closing line comes
const SESSION_LOG = [
  'Nov 28 17:55:34 mx postfix/smtpd[5261]: connect from localhost[127.0.0.1]',
  'Nov 28 19:56:01 mx postfix/qmgr[4997]: warning: lots of deferred mail, that is bad for performance',
  'Nov 28 17:55:35 mx postfix/smtpd[5261]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5',
].map((l) => `${l}\n`).join('');

describe.skipIf(!built)('a line stamped ahead of a connection\'s closing line', () => {
  const file = join(t.dir, 'session.log');
  const db = join(t.dir, 'session.db');
  test('one run: the connection ended unseen; its closing line is of one not seen open', () => {
    writeFileSync(file, SESSION_LOG);
    expect(mxlens(['analyse', file, '--db', db, '--year', '2026']).status).toBe(0);
    const r = new Database(db, { readonly: true });
    const rows = r.prepare(`SELECT end_reason, counters IS NOT NULL AS counted FROM sessions ORDER BY id`).all();
    r.close();
    expect(rows).toEqual([{ end_reason: 'unterminated', counted: 0 }, { end_reason: 'disconnect', counted: 1 }]);
  });

  test('a run cut after any line stores what one run stores', () => {
    const cuts = join(t.dir, 'session-cuts');
    mkdirSync(cuts);
    expectCutRunsSame(cuts, file, 'all', dump(db));
  });
});

// A refusal of a message that its host's clock has left silent for over a day, stamped before the
// line that moved the clock: one run linked it to the message still in memory, where a sweep before
// the refusal (a run's end, or every few batches) abandons the message and leaves the refusal unlinked
const REPLY_LOG = [
  'Nov 28 17:56:56 mx postfix/smtpd[4822]: AEB6A160291: client=unknown[127.0.0.26]',
  'Nov 30 17:59:18 mx postfix/postfix-script[6880]: stopping the Postfix mail system',
  'Nov 28 17:56:57 mx postfix/smtpd[4822]: AEB6A160291: reject: RCPT from unknown[127.0.0.26]: 550 5.1.1 <info2@lab.example>: Recipient address rejected: User unknown in local recipient table; from=<noreply@shop.test> to=<info2@lab.example> proto=ESMTP helo=<mx.partner.test>',
].map((l) => `${l}\n`).join('');

describe.skipIf(!built)('a refusal naming a message silent for longer than it stays queued', () => {
  const file = join(t.dir, 'reply.log');
  const db = join(t.dir, 'reply.db');
  test('one run: the refusal names no message; the message is abandoned', () => {
    writeFileSync(file, REPLY_LOG);
    expect(mxlens(['analyse', file, '--db', db, '--year', '2026']).status).toBe(0);
    const r = new Database(db, { readonly: true });
    const replies = r.prepare(`SELECT queue_id, message_row FROM replies`).all();
    const messages = r.prepare(`SELECT queue_id, state FROM messages`).all();
    r.close();
    expect(replies).toEqual([{ queue_id: 'AEB6A160291', message_row: null }]);
    expect(messages).toEqual([{ queue_id: 'AEB6A160291', state: 'abandoned' }]);
  });

  test('a run cut after any line stores what one run stores', () => {
    const cuts = join(t.dir, 'reply-cuts');
    mkdirSync(cuts);
    expectCutRunsSame(cuts, file, 'all', dump(db));
  });
});
