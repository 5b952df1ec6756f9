import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findGroups as find, labReport, recipientOf as rcpt, traceMessage, type Report } from './lab-report.js';
import { runCli } from './memory-io.js';
import type { TraceMessage } from '../../src/report/trace-types.js';

// The third Postfix lab run (fixtures/lab3/LAB3-README.md, "Postfix: scenario -> real log lines")
// analysed end to end: the report groups a mail administrator reads, and the trace of the
// messages whose story runs over several queue ids (alias and .forward copies, a double bounce).

let rep: Report;
let db = '';
let done = (): void => {};
beforeAll(() => {
  const lab = labReport(['lab3/lab3-postfix.log']);
  rep = lab.report;
  db = lab.db;
  done = lab.cleanup;
}, 60_000);
afterAll(() => done());

const message = (qid: string): Promise<TraceMessage> => traceMessage(db, qid);
const tlsRows = (): Array<[string, string, number, string]> =>
  (rep as unknown as { tls: Array<{ direction: string; reason: string; count: number; remedy: { id: string } }> }).tls.map((t) => [t.direction, t.reason, t.count, t.remedy.id]);
const deliveries = (m: TraceMessage): string[][] => m.events.filter((e) => e.type === 'delivery').map((e) => [e.what, rcpt(e), e.peer ?? '', e.text]);

describe('lab3 Postfix report', () => {
  test('every line parsed; nothing was refused by our smtpd', () => {
    expect(rep.totals.unparsed).toBe(0);
    expect(rep.unparsed).toEqual([]);
    expect(rep.totals.rejected).toEqual({ total: 0, '4xx': 0, '5xx': 0 });
  });

  test('P01 alias: the local user gets it with orig_to, the remote copy is a new message that keeps orig_to', async () => {
    const m = await message('AFDC9162284');
    expect(m.state).toBe('removed');
    expect(deliveries(m)).toEqual([
      ['sent', 'dave@lab.example (to sales@lab.example)', 'local', 'delivered to mailbox'],
      ['sent', 'sales@lab.example', 'local', 'forwarded as CD487162286'],
    ]);
    const copy = await message('CD487162286');
    expect(deliveries(copy)).toEqual([['sent', 'ok-sales@sink.test (to sales@lab.example)', '127.0.0.1[127.0.0.1]', '250 2.0.0 Ok: queued as NZSYDN71MI']]);
  });

  test('P02 .forward: the kept copy and the forwarded copy, both delivered', async () => {
    expect(deliveries(await message('1E327162286'))).toEqual([
      ['sent', 'kim@lab.example', 'local', 'delivered to mailbox'],
      ['sent', 'kim@lab.example', 'local', 'forwarded as 2270D1622DA'],
    ]);
    expect(deliveries(await message('2270D1622DA')).map((d) => [d[0], d[1]])).toEqual([['sent', 'ok-kim-copy@sink.test (to kim@lab.example)']]);
  });

  test('P03 double bounce: the local bounce and the refused bounce are both bounces, the bounce knows its original', async () => {
    const local = find(rep.bounces, null, /^unknown user: "webmaster-old"$/);
    expect(local.map((g) => [g.enhanced, g.direction, g.count])).toEqual([['5.1.1', 'local', 2]]);
    const refused = find(rep.bounces, 550, /Recipient address rejected: User unknown$/);
    expect(refused.map((g) => [g.enhanced, g.stage, g.direction, g.count])).toEqual([['5.1.1', 'RCPT', 'outbound', 2]]);
    const bounce = await message('189991622E1');
    expect(bounce.sender).toBe('');
    expect(bounce.parent).toEqual({ queue_id: 'DFC091622DE', is: 'notice' });
    expect(deliveries(bounce).map((d) => d[0])).toEqual(['bounced']);
    // notify_classes += 2bounce: the double bounce went to the postmaster (root's mailbox)
    const toPostmaster = await message('5620D1622DF');
    expect(toPostmaster.sender).toBe('double-bounce@mx.lab.example');
    expect(deliveries(toPostmaster).map((d) => [d[0], d[1]])).toEqual([['sent', 'root@lab.example (to postmaster)']]);
    // the postmaster's notice is a notice too, not a requeued copy (its sender is double-bounce@, not <>)
    expect(toPostmaster.parent).toEqual({ queue_id: '189991622E1', is: 'notice' });
    expect(bounce.children).toEqual([{ queue_id: '5620D1622DF', is: 'notice' }]);
    // P03, the default notify_classes: the notice's bounce is its last line; trace says where it went
    const text = await runCli(['trace', '--db', db, '5D2A71622DB']);
    expect(text.out).toMatch(/a double bounce\)\. Postfix drops it without a line unless\s+notify_classes includes 2bounce/);
  });

  test('P01/P02 a forwarded copy names its original, and the original its copy', async () => {
    expect((await message('AFDC9162284')).children).toEqual([{ queue_id: 'CD487162286', is: 'forward' }]);
    expect((await message('CD487162286')).parent).toEqual({ queue_id: 'AFDC9162284', is: 'forward' });
    expect((await message('2270D1622DA')).parent).toEqual({ queue_id: '1E327162286', is: 'forward' });
  });

  test('P04 TLS required by policy: the failed handshake and the missing STARTTLS are deferrals; the handshake is a TLS failure', () => {
    const hs = find(rep.deferrals, null, /^Cannot start TLS: handshake failure$/);
    // Postfix's own words for the deferral name a TLS remedy, not the enhanced code's generic one
    expect(hs.map((g) => [g.enhanced, g.direction, g.count, g.remedy.id])).toEqual([['4.7.5', 'outbound', 2, 'text.net.tls']]);
    const off = find(rep.deferrals, null, /^TLS is required, but was not offered by host PEER$/);
    expect(off.map((g) => [g.enhanced, g.direction, g.count, g.remedy.id])).toEqual([['4.7.4', 'outbound', 2, 'tls.not-offered']]);
    expect(tlsRows().filter((t) => t[1] === 'SSL_connect error: lost connection')).toEqual([['outbound', 'SSL_connect error: lost connection', 2, 'tls.peer-dropped']]);
  });

  test('P04c a certificate that must verify (secure) and does not: deferred 4.7.5, and the failed check is a TLS failure', async () => {
    const g = find(rep.deferrals, null, /^Server certificate not verified$/);
    // our client's check failed: the outbound certificate remedy, not an Exim server's "TLS required"
    expect(g.map((x) => [x.enhanced, x.direction, x.count, x.remedy.id])).toEqual([['4.7.5', 'outbound', 2, 'tls.remote-cert-unverified']]);
    expect(tlsRows().filter((t) => t[3] === 'tls.remote-cert-unverified')).toEqual([['outbound', 'server certificate verification failed: num=N:hostname mismatch', 2, 'tls.remote-cert-unverified']]);
    // level may: the same kind of server, delivered over TLS
    expect(deliveries(await message('4F53916239B')).map((d) => [d[0], d[1]])).toEqual([['sent', 'heidi@tlsok.test']]);
  });

  test('P05 SMTPUTF8 to a remote without SMTPUTF8: bounced 5.6.7 with its own remedy', () => {
    const g = rep.bounces.filter((x) => x.enhanced === '5.6.7');
    expect(g).toHaveLength(1);
    expect(g[0]!.reason).toBe('SMTPUTF8 is required, but was not offered by host PEER');
    expect(g[0]).toMatchObject({ direction: 'outbound', count: 1 });
    expect(g[0]!.remedy.id).toBe('text.smtputf8');
  });

  test('P06 larger than the remote SIZE: bounced by our smtp client before MAIL, as a size problem', () => {
    const g = find(rep.bounces, null, /^message size N exceeds size limit N of server PEER$/);
    expect(g.map((x) => [x.enhanced, x.direction, x.count, x.remedy.id])).toEqual([['5.3.4', 'outbound', 1, 'text.size-limit']]);
  });

  test('P07 header_checks REDIRECT: the message goes to the new address, orig_to keeps the old one', async () => {
    expect(deliveries(await message('04DBD1623A1')).map((d) => [d[0], d[1], d[2]])).toEqual([['sent', 'ok-redirected@sink.test (to heidi@lab.example)', '127.0.0.1[127.0.0.1]']]);
    // FILTER: delivered to heidi, but through the filter's smtp transport
    expect(deliveries(await message('660ED1623A1')).map((d) => [d[0], d[1], d[2]])).toEqual([['sent', 'heidi@lab.example', '127.0.0.1[127.0.0.1]']]);
    // PREPEND and INFO change nothing in the delivery
    for (const q of ['3050D1623A1', '929E81623A1']) expect(deliveries(await message(q)).map((d) => [d[0], d[1], d[2]])).toEqual([['sent', 'heidi@lab.example', 'local']]);
  });

  test('the three deferred TLS messages deleted by "postsuper -d ALL" (no per-message line) stay incomplete', () => {
    expect(rep.incomplete.count).toBe(3);
    expect(rep.incomplete.examples.map((e) => e.queue_id).sort()).toEqual(['18F5B162393', '9AEFE16239B', 'D6BFB1622E2']);
  });
});
