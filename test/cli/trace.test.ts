import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { runCli } from './memory-io.js';
import { fixture, tempDir } from '../helpers.js';
import type { Trace } from '../../src/report/trace-types.js';

// mxlens trace on the lab's real Postfix and Exim logs: the story of one message, address or client.

const tmp = tempDir();
const db = join(tmp.dir, 'lab.db');

beforeAll(async () => {
  const a = await runCli(['analyse', '--db', db, '--year', '2026', '--quiet', fixture('lab/postfix-maillog_file.log'), fixture('lab/exim-mainlog.log'), fixture('lab/exim-rejectlog.log')]);
  expect(a.code, a.err).toBe(0);
}, 60_000);
afterAll(() => tmp.cleanup());

async function traceIn(dbPath: string, ...args: string[]): Promise<Trace> {
  const r = await runCli(['trace', '--db', dbPath, '--format', 'json', ...args]);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Trace;
}
const trace = (...args: string[]): Promise<Trace> => traceIn(db, ...args);

/** Runs `f` on a database of its own, analysed from these log files. */
async function onLogs(logs: string[], f: (dbPath: string) => Promise<void>): Promise<void> {
  const t = tempDir();
  try {
    const p = join(t.dir, 'own.db');
    const a = await runCli(['analyse', '--db', p, '--year', '2026', '--quiet', ...logs]);
    expect(a.code, a.err).toBe(0);
    await f(p);
  } finally {
    t.cleanup();
  }
}

describe('mxlens trace', () => {
  test('a Postfix queue id: every attempt of a message retried until it expired, each stall once, the last error on the expiry', async () => {
    const t = await trace('7B2401602CA');
    expect(t.messages).toHaveLength(1);
    const m = t.messages[0]!;
    expect(m).toMatchObject({ queue_id: '7B2401602CA', host: 'mx', state: 'expired', sender: 'erin@lab.example', origin: 'pickup' });
    const what = m.events.map((e) => `${e.type}:${e.what}`);
    expect(what.filter((w) => w === 'delivery:deferred').length).toBeGreaterThanOrEqual(4);
    expect(what.at(-1)).toBe('delivery:expired');
    // the stall rows are the deferrals themselves: shown once, as deliveries that say so
    expect(what.filter((w) => w.startsWith('stall:'))).toEqual([]);
    expect(m.events.filter((e) => e.stall_kind === 'outbound.lost-message-body').length).toBeGreaterThanOrEqual(3);
    expect(m.events.at(-1)!.last_error).toMatch(/lost connection .* while sending message body/);
    const at = m.events.map((e) => e.at!);
    expect([...at].sort()).toEqual(at);
    expect(t.sessions).toEqual([]);
  });

  test('an alias expanded to local users: each delivery names the user and the address the mail was sent to, in both MTAs', async () => {
    const ex = (await trace('1xXMus-00044O-2m')).messages[0]!;
    expect(ex.events.map((e) => [e.what, e.recipient, e.orig_recipient])).toEqual([
      ['sent', 'dave', 'team@lab.example'],
      ['sent', 'heidi', 'team@lab.example'],
    ]);
    const pf = (await trace('14FD51602BA')).messages[0]!;
    expect(pf.events.filter((e) => e.type === 'delivery').map((e) => [e.recipient, e.orig_recipient])).toEqual([
      ['dave@lab.example', 'team@lab.example'],
      ['heidi@lab.example', 'team@lab.example'],
    ]);
    // the alias address finds both messages; the text shows the user and the original apart
    const both = await trace('team@lab.example');
    expect(both.messages.map((m) => m.queue_id).sort()).toEqual(['14FD51602BA', '1xXMus-00044O-2m']);
    const text = await runCli(['trace', '--db', db, '1xXMus-00044O-2m']);
    expect(text.out).toContain('sent  dave (originally <team@lab.example>)');
  });

  test('queue actions between the attempts: frozen and thawed (Exim), held, released, requeued and deleted (postsuper)', async () => {
    const notes = (m: Trace['messages'][number]): string[] => m.events.filter((e) => e.type === 'note').map((e) => `${e.what}: ${e.text}`);
    const ex = (await trace('1xXMvU-0004Cg-0L')).messages[0]!;
    expect(notes(ex)).toEqual(['frozen: frozen by ACL', 'thawed: unfrozen by root']);
    expect(ex.events.at(-1)).toMatchObject({ type: 'delivery', what: 'sent' });
    await onLogs([fixture('lab2/lab2-postfix.log'), fixture('lab2/lab2-exim-mainlog.log')], async (p) => {
      const t = await traceIn(p, 'E42E01621E4', 'ADE5B162224', '078E6162231', '1xXYjI-0003mj-2n');
      const by = new Map(t.messages.map((m) => [m.queue_id, m]));
      // put on hold twice: the message waits in the hold queue, it is not incomplete
      expect(notes(by.get('E42E01621E4')!)).toEqual(['held: placed on hold', 'released: released from hold', 'held: placed on hold']);
      expect(by.get('E42E01621E4')!.state).toBe('held');
      expect(notes(by.get('ADE5B162224')!)).toEqual(['requeued: requeued']);
      expect(notes(by.get('078E6162231')!)).toEqual(['deleted: by postfix/postsuper']);
      // a frozen bounce is skipped by every queue run until its timer thaws it: the freeze is shown once
      expect(notes(by.get('1xXYjI-0003mj-2n')!)).toEqual(['frozen: frozen (delivery error message)', 'thawed: unfrozen by errmsg timer']);
      const text = await runCli(['trace', '--db', p, 'E42E01621E4']);
      expect(text.out).toMatch(/\+0000 {2}released {2}released from hold\n/);
    });
  });

  test('the same message by its Message-ID, with or without angle brackets', async () => {
    for (const id of ['<1795888626446465.lab@lab.example>', '1795888626446465.lab@lab.example']) {
      const t = await trace(id);
      expect(t.messages.map((m) => m.queue_id)).toEqual(['7B2401602CA']);
    }
  });

  test('a client IP: the message it sent with the recipients refused in the same connection, and its other connections apart', async () => {
    const t = await trace('127.0.0.26');
    const m = t.messages.find((x) => x.queue_id === 'AEB6A160291')!;
    expect(m.session).toMatchObject({ client: 'unknown[127.0.0.26]', end_reason: 'disconnect', program: 'postfix/smtpd' });
    const refused = m.events.filter((e) => e.type === 'reply').map((e) => `${e.code} ${e.enhanced} ${e.recipient}`);
    expect(refused).toEqual(expect.arrayContaining(['550 5.1.1 info2@lab.example', '554 5.7.1 relay@remote.example', '550 5.1.6 trent@lab.example']));
    expect(m.events.filter((e) => e.what === 'sent').map((e) => e.recipient).sort()).toEqual(['dave@lab.example', 'erin@lab.example', 'heidi@lab.example']);
    // the connection that carried the message is not listed a second time
    expect(t.sessions.filter((s) => s.start === m.session!.start && s.program === m.session!.program)).toEqual([]);
    const fqdn = t.sessions.find((s) => s.events.some((e) => e.code === 504));
    expect(fqdn?.events[0]).toMatchObject({ stage: 'RCPT', recipient: 'heidi@lab.example', remedy: { id: 'text.postfix.non-fqdn-address' } });
    expect(t.sessions.some((s) => s.program === 'postfix/postscreen' && s.end_reason === 'pass')).toBe(true);
  });

  test('a HELO name: the connections that gave it and the messages they carried, in both MTAs', async () => {
    // mx.partner.test is only ever a HELO name in the lab (the clients have no reverse DNS): Postfix
    // logs it on a refusal's helo=<>, Exim on H=(...) of its lines
    const t = await trace('mx.partner.test');
    expect(t.messages.map((m) => [m.mta, m.queue_id, m.session?.helo])).toEqual([
      ['postfix', 'AEB6A160291', 'mx.partner.test'],
      ['exim', '1xXMvS-0004CO-2q', 'mx.partner.test'],
    ]);
    // a bot's HELO without a dot (fixtures/lab2): its refused logins, one connection each
    await onLogs([fixture('lab2/lab2-exim-mainlog.log')], async (p) => {
      const bot = await traceIn(p, 'YLMF-PC');
      expect(bot.sessions.map((x) => [x.helo, x.events.map((e) => `${e.code} ${e.stage}`)])).toEqual([
        ['ylmf-pc', ['535 AUTH']], ['ylmf-pc', ['535 AUTH']], ['ylmf-pc', ['535 AUTH']],
      ]);
      const text = await runCli(['trace', '--db', p, 'ylmf-pc']);
      expect(text.out).toContain('[127.0.0.104]:60677 (helo ylmf-pc) to exim');
    });
  });

  test('a sender address (any case): a message refused at DATA keeps its sender from the refusal, a NOQUEUE refusal shows in its connection', async () => {
    const t = await trace('NoReply@Shop.Test', '--limit', '100');
    const virus = t.messages.find((m) => m.queue_id === '0C353160292')!;
    expect(virus).toMatchObject({ state: 'rejected', sender: 'noreply@shop.test' });
    expect(virus.events[0]).toMatchObject({ type: 'reply', code: 550, code_derived: true, stage: 'END-OF-DATA', remedy: { id: 'text.virus' } });
    const helo = t.sessions.find((s) => s.client === 'unknown[127.0.0.122]' && s.events.some((e) => e.code === 501))!;
    expect(helo.events.find((e) => e.code === 501)).toMatchObject({ what: 'reject', stage: 'RCPT', remedy: { id: 'text.postfix.helo-invalid' } });
    expect(t.left_out).toEqual({ messages: 0, sessions: 0, other: 0 });
  });

  test('an Exim message id never kept (data timeout): its connection with the stall, text without the stamp', async () => {
    const t = await trace('1xXMuw-00048C-0z');
    expect(t.messages).toEqual([]);
    expect(t.sessions).toHaveLength(1);
    const s = t.sessions[0]!;
    expect(s).toMatchObject({ mta: 'exim', client: '[127.0.0.33]', stalled: true });
    expect(s.events[0]).toMatchObject({ type: 'stall', what: 'inbound.timeout-after-data', direction: 'inbound', remedy: { id: 'stall.inbound.timeout-after-data' } });
    expect(s.events[0]!.text).toMatch(/^SMTP data timeout \(message abandoned\)/);
  });

  test('a message held or discarded by a header check: its state and sender, though the queue manager never logged it', async () => {
    const t = await trace('D61BC160291', '01A12160292');
    expect(t.messages.map((m) => [m.queue_id, m.state, m.sender])).toEqual([
      ['D61BC160291', 'held', 'noreply@shop.test'],
      ['01A12160292', 'discarded', 'noreply@shop.test'],
    ]);
  });

  test('a message and the messages made from it: its bounce notice (Postfix, Exim) and its copy requeued by postsuper', async () => {
    const pf = await trace('5B9BB1602B4');
    expect(pf.messages[0]!.children).toEqual([{ queue_id: '5E39C1602BC', is: 'notice' }]);
    expect((await trace('5E39C1602BC')).messages[0]!.parent).toEqual({ queue_id: '5B9BB1602B4', is: 'notice' });
    const ex = await trace('1xXMvU-0004Cw-1v');
    expect(ex.messages[0]!.children).toEqual([{ queue_id: '1xXMvU-0004D1-2F', is: 'notice' }]);
    await onLogs([fixture('lab2/lab2-postfix.log')], async (l2) => {
      expect((await traceIn(l2, 'ADE5B162224')).messages[0]!.children).toEqual([{ queue_id: 'F1A63162261', is: 'copy' }]);
      expect((await traceIn(l2, 'F1A63162261')).messages[0]).toMatchObject({ state: 'expired', parent: { queue_id: 'ADE5B162224', is: 'copy' } });
      const text = await runCli(['trace', '--db', l2, 'ADE5B162224']);
      expect(text.out).toContain('requeued as message F1A63162261 (trace it for its story)');
    });
  });

  test('an Exim message by its Message-ID (id=), with the connection it came on', async () => {
    const t = await trace('<20261128181254.015592@vm>');
    expect(t.messages.map((m) => m.queue_id)).toEqual(['1xXMus-00043V-1M']);
    expect(t.messages[0]!.session).toMatchObject({ mta: 'exim', client: '[127.0.0.1]', end_reason: 'disconnect' });
    // and that connection is not listed again as one that carried nothing
    const byIp = await trace('127.0.0.32', '--limit', '100');
    const carriedBy = new Set(byIp.messages.filter((m) => m.mta === 'exim').map((m) => m.session?.start));
    expect(byIp.messages.filter((m) => m.mta === 'exim').every((m) => m.session !== null)).toBe(true);
    expect(byIp.sessions.filter((s) => s.mta === 'exim' && s.carried === undefined && carriedBy.has(s.start) && s.events.length === 0)).toEqual([]);
  });

  test('an Exim delivery keeps the remote\'s confirmation (C=), with the next hop\'s queue id, as Postfix\'s status text does', async () => {
    const t = await trace('1xXMvU-0004Cn-18');
    const sent = t.messages[0]!.events.filter((e) => e.what === 'sent');
    expect(sent.map((e) => e.text)).toContain('250 2.0.0 Ok: queued as WYMLWEA3P6');
  });

  test('an Exim refusal logged in mainlog and rejectlog (one run): its connection only, not a later one of the same client', async () => {
    const t = await trace('1xXMuu-000466-0W');
    expect(t.sessions).toHaveLength(1);
    expect(t.sessions[0]!.events.map((e) => e.what)).toEqual(['reject']);
  });

  test('one connection, two messages: a NOQUEUE refusal goes to the transaction of its sender, or stays the connection\'s', async () => {
    const t2 = tempDir();
    try {
      // lab-shaped lines: alice's message, a recipient of bob's refused before bob's message was queued, carl refused alone
      const conn = 'mail.partner.example[192.0.2.10]';
      const lines = [
        `Nov 28 10:00:00 mxa postfix/smtpd[100]: connect from ${conn}`,
        `Nov 28 10:00:01 mxa postfix/smtpd[100]: 1A2B3C4D5E: client=${conn}`,
        'Nov 28 10:00:01 mxa postfix/qmgr[102]: 1A2B3C4D5E: from=<alice@partner.example>, size=1000, nrcpt=1 (queue active)',
        `Nov 28 10:00:02 mxa postfix/smtpd[100]: NOQUEUE: reject: RCPT from ${conn}: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table; from=<bob@partner.example> to=<nobody@example.com> proto=ESMTP helo=<mail.partner.example>`,
        `Nov 28 10:00:02 mxa postfix/smtpd[100]: 2B3C4D5E6F: client=${conn}`,
        'Nov 28 10:00:02 mxa postfix/qmgr[102]: 2B3C4D5E6F: from=<bob@partner.example>, size=2000, nrcpt=1 (queue active)',
        `Nov 28 10:00:02 mxa postfix/smtpd[100]: NOQUEUE: reject: RCPT from ${conn}: 554 5.7.1 <x@elsewhere.example>: Relay access denied; from=<carl@partner.example> to=<x@elsewhere.example> proto=ESMTP helo=<mail.partner.example>`,
        `Nov 28 10:00:03 mxa postfix/smtpd[100]: disconnect from ${conn} ehlo=1 mail=3 rcpt=2/4 data=2 quit=1 commands=9/11`,
      ];
      const log = join(t2.dir, 'two.log');
      writeFileSync(log, `${lines.join('\n')}\n`);
      const mdb = join(t2.dir, 'two.db');
      expect((await runCli(['analyse', '--db', mdb, '--year', '2026', '--quiet', log])).code).toBe(0);
      for (const term of ['192.0.2.10', '1A2B3C4D5E', 'bob@partner.example']) {
        const r = await runCli(['trace', '--db', mdb, term, '--format', 'json']);
        const t = JSON.parse(r.out) as Trace;
        const bob = t.messages.find((m) => m.queue_id === '2B3C4D5E6F');
        if (bob) expect(bob.events.map((e) => e.recipient)).toEqual(['nobody@example.com']);
        const alice = t.messages.find((m) => m.queue_id === '1A2B3C4D5E');
        if (alice) expect(alice.events).toEqual([]);
      }
      const all = JSON.parse((await runCli(['trace', '--db', mdb, '192.0.2.10', '--format', 'json'])).out) as Trace;
      expect(all.messages.map((m) => m.queue_id)).toEqual(['1A2B3C4D5E', '2B3C4D5E6F']);
      expect(all.sessions).toHaveLength(1);
      expect(all.sessions[0]).toMatchObject({ carried: ['1A2B3C4D5E', '2B3C4D5E6F'] });
      expect(all.sessions[0]!.events.map((e) => e.recipient)).toEqual(['x@elsewhere.example']);
    } finally {
      t2.cleanup();
    }
  });

  test('connections that start in the same second are listed in log order; rows beyond --limit are counted', async () => {
    const t = await trace('127.0.0.26', '--limit', '100');
    const starts = t.sessions.filter((s) => s.carried === undefined).map((s) => s.start!);
    expect([...starts].sort()).toEqual(starts);
    // postscreen's connections as the log has them (two of them start in the same second)
    const logged = readFileSync(fixture('lab/postfix-maillog_file.log'), 'utf8').match(/postscreen\[\d+\]: CONNECT from \[127\.0\.0\.26\]:\d+/g)!;
    expect(t.sessions.filter((s) => s.program === 'postfix/postscreen').map((s) => s.client)).toEqual(logged.map((l) => l.slice(l.indexOf('from ') + 5)));
    expect(t.left_out).toEqual({ messages: 0, sessions: 0, other: 0 });
  });

  test('rows of no message or connection are cut at --limit and counted, never dropped silently', async () => {
    await onLogs([fixture('corpus/exim/ddgrey-exim-mainlog.log')], async (cdb) => {
      const t = await traceIn(cdb, '185.143.223.160');
      expect(t.other).toHaveLength(20);
      expect(t.other.length + t.left_out.other).toBe(400);
      const text = await runCli(['trace', '--db', cdb, '185.143.223.160']);
      expect(text.out).toContain('380 older row(s) found are not shown (--limit)');
    });
  });

  test('--limit keeps the newest and says how many more; a window after the log finds nothing', async () => {
    const all = await trace('noreply@shop.test', '--limit', '100');
    const one = await trace('noreply@shop.test', '--limit', '1');
    expect(one.messages).toHaveLength(1);
    expect(one.left_out.messages).toBe(all.messages.length - 1);
    expect(one.messages[0]!.queue_id).toBe(all.messages.at(-1)!.queue_id);
    const none = await trace('noreply@shop.test', '--since', '2026-12-01');
    expect([none.messages, none.sessions, none.other]).toEqual([[], [], []]);
    const text = await runCli(['trace', '--db', db, 'noreply@shop.test', '--since', '2026-12-01']);
    expect(text.out).toContain('Nothing stored matches');
  });

  test('text: words and remedy titles in the asked language, ids to explain, log lines on request', async () => {
    const en = await runCli(['trace', '--db', db, '127.0.0.26', '--lines', '--lang', 'en']);
    expect(en.code, en.err).toBe(0);
    expect(en.out).toContain('MESSAGE AEB6A160291 on mx (postfix): removed');
    expect(en.out).toContain('what to do: Relay access denied [text.relay-denied]');
    expect(en.out).toContain('line: Nov 28 17:56:57 mx postfix/smtpd[4822]: AEB6A160291: reject: RCPT from unknown[127.0.0.26]: 554 5.7.1');
    expect(en.out).not.toContain('* the log line names no code');
    const r = await runCli(['trace', '--db', db, '127.0.0.26', '--lines', '--lang', 'vi']);
    expect(r.code, r.err).toBe(0);
    // the data keep the schema's words (state, reply kind); the words around them are Vietnamese
    expect(r.out).toContain('THƯ AEB6A160291 trên mx (postfix): removed');
    expect(r.out).toContain('cách xử lý: ');
    expect(r.out).toContain('[text.relay-denied]');
    expect(r.out).toContain('dòng log: Nov 28 17:56:57 mx postfix/smtpd[4822]: AEB6A160291: reject: RCPT from unknown[127.0.0.26]: 554 5.7.1');
    expect(r.out).not.toMatch(/MESSAGE |what to do|line: |connection: /);
    const implied = await runCli(['trace', '--db', db, '0C353160292']);
    expect(implied.out).toContain('reject 550* 5.7.1');
    expect(implied.out).toContain('* the log line names no code: it is the one its shape implies');
    const impliedVi = await runCli(['trace', '--db', db, '0C353160292', '--lang', 'vi']);
    expect(impliedVi.out).toContain('* dòng log không ghi mã: đây là mã suy ra từ dạng của dòng');
    const j = await trace('127.0.0.26', '--lang', 'vi');
    const relay = j.messages[0]!.events.find((e) => e.remedy?.id === 'text.relay-denied')!;
    expect(relay.remedy).toMatchObject({ lang: 'vi' });
  });

  test('a term that can name nothing is a usage error; a missing database is no input', async () => {
    expect((await runCli(['trace', '--db', db, 'two words!'])).code).toBe(64);
    expect((await runCli(['trace', '--db', db, 'x', '--limit', '0'])).code).toBe(64);
    // --host as report takes it: any case; a host the database does not have is named as such
    expect((await trace('127.0.0.26', '--host', 'MX')).messages.length).toBeGreaterThan(0);
    const nohost = await runCli(['trace', '--db', db, '127.0.0.26', '--host', 'mx2']);
    expect(nohost.code).toBe(64);
    expect(nohost.err).toMatch(/--host mx2: the database has no line from this host/);
    const r = await runCli(['trace', '--db', join(tmp.dir, 'none.db'), 'x']);
    expect(r.code).toBe(66);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  test('log text chosen to drive a terminal reaches it escaped', async () => {
    const t2 = tempDir();
    try {
      const log = join(t2.dir, 'esc.log');
      writeFileSync(log, 'Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 550 5.1.1 <a\u001b]0;pwned\u0007@lab.example>: Recipient address rejected: User unknown\u001b[2J in local recipient table; from=<x@shop.test> to=<a\u001b]0;pwned\u0007@lab.example> proto=ESMTP helo=<h>\n');
      const edb = join(t2.dir, 'e.db');
      expect((await runCli(['analyse', '--db', edb, '--year', '2026', '--quiet', log])).code).toBe(0);
      const r = await runCli(['trace', '--db', edb, '127.0.0.23', '--lines']);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toContain('reject 550 5.1.1');
      expect(r.out).not.toMatch(/[\u0007\u001b]/);
      expect(r.out).toContain('\\x1b[2J');
    } finally {
      t2.cleanup();
    }
  });
});
