import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findGroups as find, labReport, recipientOf as rcpt, traceMessage, type Report } from './lab-report.js';
import type { TraceMessage } from '../../src/report/trace-types.js';

// The third Exim lab run (fixtures/lab3/LAB3-README.md, "Exim: scenario -> real log lines"):
// alias and .forward copies, cutthrough delivery, outbound TLS required, a remote SIZE limit,
// a frozen bounce and queue administration, read back through report and trace.

const LOGS = ['lab3/lab3-exim-mainlog.log', 'lab3/lab3-exim-rejectlog.log'];
let rep: Report;
let db = '';
let done = (): void => {};
beforeAll(() => {
  const lab = labReport(LOGS);
  rep = lab.report;
  db = lab.db;
  done = lab.cleanup;
}, 60_000);
afterAll(() => done());

const message = (qid: string): Promise<TraceMessage> => traceMessage(db, qid);
const notes = (m: TraceMessage): string[][] => m.events.filter((e) => e.type === 'note').map((e) => [e.what, e.text]);
const deliveries = (m: TraceMessage): string[][] => m.events.filter((e) => e.type === 'delivery').map((e) => [e.what, rcpt(e), e.text]);

describe('lab3 Exim report', () => {
  test('every line parsed; the rejectlog copies are not counted again', () => {
    expect(rep.totals.unparsed).toBe(0);
    expect(rep.unparsed).toEqual([]);
    expect(rep.totals.rejected).toEqual({ total: 2, '4xx': 0, '5xx': 2 });
  });

  test('E01/E02 alias and .forward: each delivery names its mailbox or address and the address it was made from; both messages complete', async () => {
    const alias = await message('1xXeqJ-00052v-0S');
    expect(alias.state).toBe('completed');
    expect(deliveries(alias)).toEqual([
      ['sent', 'dave (to sales@lab.example)', ''],
      ['sent', 'ok-sales@sink.test (to sales@lab.example)', '250 2.0.0 Ok: queued as F55JBV2VZ8'],
    ]);
    const fwd = await message('1xXeqJ-00053G-2Y');
    expect(fwd.state).toBe('completed');
    expect(deliveries(fwd).map((d) => d[1])).toEqual(['kim@lab.example', 'ok-kim-copy@sink.test (to kim@lab.example)']);
  });

  test('E03 cutthrough: the ">>" delivery is a sent message with the remote confirmation', async () => {
    const m = await message('1xXeqK-00053i-1o');
    expect(m.state).toBe('completed');
    expect(deliveries(m)).toEqual([['sent', 'ok-cut@cut.test', '250 2.0.0 Ok: queued as J64QG4LMY9']]);
  });

  test('E03 cutthrough refused after the dot: the remote reply in C="..." is the code our client got', () => {
    const g = find(rep.rejections, 554, /^Message rejected: spam content detected$/);
    expect(g).toHaveLength(1);
    expect(g[0]).toMatchObject({ enhanced: '5.7.1', code_derived: false, stage: 'END-OF-DATA', direction: 'inbound', count: 1 });
    expect((g[0] as unknown as { top_recipient_domains: Array<{ value: string }> }).top_recipient_domains.map((d) => d.value)).toEqual(['cut.test']);
    expect(g[0]!.remedy.id).toBe('text.spam-content');
  });

  test('E03 cutthrough refused at RCPT: logged with no reason, so only the implied 550 is known', () => {
    const g = rep.rejections.filter((x) => x.stage === 'RCPT');
    expect(g.map((x) => [x.code, x.code_derived, x.reason, x.count])).toEqual([[550, true, '', 1]]);
  });

  test('E04 TLS required (hosts_require_tls): the broken handshake, the missing STARTTLS and the unverified certificate are deferrals with TLS remedies', () => {
    const hs = find(rep.deferrals, null, /^TLS session: \(gnutls_handshake\): The TLS connection was non-properly terminated\.$/);
    expect(hs.map((g) => [g.direction, g.count, g.remedy.id])).toEqual([['outbound', 4, 'tls.peer-dropped']]);
    const off = find(rep.deferrals, null, /^a TLS session is required, but the server did not offer TLS support$/);
    expect(off.map((g) => [g.direction, g.count, g.remedy.id])).toEqual([['outbound', 4, 'tls.not-offered']]);
    const cert = find(rep.deferrals, null, /^TLS session: \(certificate verification failed\): certificate invalid$/);
    expect(cert.map((g) => [g.direction, g.count, g.remedy.id])).toEqual([['outbound', 4, 'tls.remote-cert-unverified']]);
    // the failed handshakes and checks are TLS failures too, as Postfix's SSL_connect lines are (no
    // other line says so: errno -37); a missing STARTTLS is not a failed handshake, as in Postfix
    expect(rep.totals.tls_failures).toBe(8);
    expect(rep.tls!.map((g) => [g.direction, g.reason, g.count, g.remedy.id]).sort()).toEqual([
      ['outbound', '(certificate verification failed): certificate invalid', 4, 'tls.remote-cert-unverified'],
      ['outbound', '(gnutls_handshake): The TLS connection was non-properly terminated.', 4, 'tls.peer-dropped'],
    ]);
  });

  test('E04c TLS without verification: delivered over TLS; the unclean TLS close after QUIT is no failure of the message', async () => {
    const m = await message('1xXeqN-00054z-07');
    expect(m.state).toBe('completed');
    expect(deliveries(m)).toEqual([['sent', 'heidi@tlsok.test', '250 2.0.0 Ok: queued as 9I8T67K1YM']]);
    expect(rep.totals.delivered).toBe(8);
  });

  test('E05 larger than the remote SIZE: bounced at MAIL with the remote 552, and the bounce notice is its child', async () => {
    const g = find(rep.bounces, 552, /^Message size exceeds fixed limit$/);
    expect(g.map((x) => [x.enhanced, x.stage, x.direction, x.count, x.remedy.id])).toEqual([['5.3.4', 'MAIL', 'outbound', 1, 'text.size-limit']]);
    const m = await message('1xXeqO-00055a-06');
    expect(m.children).toEqual([{ queue_id: '1xXeqO-00055k-1a', is: 'notice' }]);
  });

  test('E06 a bounce its own sender refuses: bounced twice (first try, then -qff), removed by root at the end', async () => {
    const m = await message('1xXeqP-00056H-12');
    expect(m.sender).toBe('');
    expect(m.parent).toEqual({ queue_id: '1xXeqP-00056E-0g', is: 'notice' });
    expect(m.state).toBe('removed');
    expect(deliveries(m).map((d) => d[0])).toEqual(['bounced', 'bounced']);
    expect(notes(m)).toEqual([
      ['frozen', 'frozen (delivery error message)'],
      ['thawed', 'unfrozen by forced delivery'],
      ['frozen', 'frozen (delivery error message)'],
      ['deleted', 'removed by root'],
    ]);
    // in log order within each second: the bounce fails, then Exim freezes it; the thaw comes before the retry
    expect(m.events.map((e) => e.what)).toEqual(['bounced', 'frozen', 'thawed', 'bounced', 'frozen', 'deleted']);
    expect(find(rep.bounces, null, /^Unrouteable address$/).map((g) => g.count)).toEqual([1]);
  });

  test('E07 queue administration: -Mf, -Mt, -qff and -Mrm show in each message\'s story, which ends removed; nothing is left incomplete', async () => {
    const cases: Array<[string, string, string[][]]> = [
      ['1xXeqP-00056Y-2L', 'ops-a@refuse.test', [['frozen', 'frozen by root'], ['thawed', 'unfrozen by forced delivery'], ['deleted', 'removed by root']]],
      ['1xXeqQ-00056r-0e', 'ops-b@refuse.test', [['frozen', 'frozen by root'], ['thawed', 'unfrozen by root'], ['deleted', 'removed by root']]],
      ['1xXeqQ-00056x-2G', 'ops-c@refuse.test', [['deleted', 'removed by root']]],
    ];
    for (const [q, rcpt, want] of cases) {
      const m = await message(q);
      expect(m.state, q).toBe('removed');
      expect(new Set(deliveries(m).map((d) => `${d[0]} ${d[1]}`))).toEqual(new Set([`deferred ${rcpt}`]));
      expect(notes(m), q).toEqual(want);
    }
    expect(rep.incomplete.count).toBe(0);
  });
});
