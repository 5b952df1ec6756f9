import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { labReport, type Report } from './lab-report.js';

// The second Postfix lab run (fixtures/lab2/LAB2-README.md, "Postfix: scenario -> real log lines ->
// reply codes") analysed through the built binary. Several of these refusals are logged only as
// smtpd warnings; the report must still show them with the reply the client got.

let rep: Report;
let done = (): void => {};
beforeAll(() => {
  const lab = labReport(['lab2/lab2-postfix.log']);
  rep = lab.report;
  done = lab.cleanup;
});
afterAll(() => done());

describe('lab2 Postfix report', () => {
  test('every line parsed', () => {
    expect(rep.totals.unparsed).toBe(0);
    expect(rep.unparsed).toEqual([]);
    expect(rep.totals.rejected).toEqual({ total: 16, '4xx': 7, '5xx': 9 });
  });

  // scenario, code, enhanced, reason, code derived, stage, count, client, remedy id
  const rejections: Array<[string, number, string, RegExp, boolean, string, number, string, string]> = [
    ['P01 SASL failures (warning only)', 535, '5.7.8', /^Error: authentication failed$/, true, 'AUTH', 5, 'unknown[127.0.0.102]', 'text.auth-failed'],
    ['P01 submission without AUTH', 554, '5.7.1', /Client host rejected: Access denied$/, false, 'RCPT', 1, 'unknown[127.0.0.39]', 'text.postfix.client-rejected'],
    ['P02 connection rate and concurrency (warning only)', 421, '4.7.0', /^Error: too many connections from IP$/, true, 'CONNECT', 3, 'unknown[127.0.0.62]', 'text.conn-limit'],
    ['P02c message rate (warning only)', 450, '4.7.1', /^Error: too much mail from IP$/, true, 'MAIL', 1, 'unknown[127.0.0.78]', 'text.rate-limit'],
    ['P02d recipient rate (warning only)', 450, '4.7.1', /^Error: too many recipients from IP$/, true, 'RCPT', 1, 'unknown[127.0.0.88]', 'text.rate-limit'],
    ['P04 policy service down or silent', 451, '4.3.5', /Server configuration problem$/, false, 'RCPT', 2, 'unknown[127.0.0.144]', 'text.postfix.policy-failure'],
    ['P05 postscreen pipelining test', 550, '5.5.1', /^Protocol error$/, false, 'RCPT', 2, '[127.0.0.122]', 'text.postfix.protocol-error'],
    ['P07 multi-recipient bounce', 550, '5.5.3', /Multi-recipient bounce$/, false, 'DATA', 1, 'unknown[127.0.0.153]', 'text.postfix.multi-recipient-bounce'],
  ];
  for (const [name, code, enhanced, reason, derived, stage, count, client, remedy] of rejections) {
    test(`rejection: ${name}`, () => {
      const g = rep.rejections.filter((x) => x.code === code && x.enhanced === enhanced && reason.test(x.reason));
      expect(g, JSON.stringify(rep.rejections.map((x) => [x.code, x.enhanced, x.reason]))).toHaveLength(1);
      expect(g[0]).toMatchObject({ code_derived: derived, stage, count, direction: 'inbound' });
      expect(g[0]!.top_clients[0]!.value).toBe(client);
      expect(g[0]!.remedy.id).toBe(remedy);
    });
  }

  test('the anvil warnings are refusals now, not daemon problems; the policy and TLS warnings stay problems', () => {
    const shapes = rep.problems.map((p) => p.shape);
    expect(shapes.filter((s) => /limit exceeded/.test(s))).toEqual([]);
    expect(shapes.some((s) => /problem talking to server/.test(s))).toBe(true);
    expect(shapes.some((s) => /TLS library problem/.test(s))).toBe(true);
    expect(shapes.some((s) => /unreasonable virtual_alias_maps map nesting/.test(s))).toBe(true);
  });

  test('P09 LMTP: the RCPT refusal bounces, the closed port defers, with the advice for a local service that is down', () => {
    const b = rep.bounces.filter((g) => g.code === 500 && g.enhanced === '5.3.0');
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ stage: 'RCPT', count: 1 });
    const d = rep.deferrals.filter((g) => g.remedy.id === 'text.net.local-service');
    expect(d.reduce((n, g) => n + g.count, 0)).toBe(14);
  });

  test('P10 a requeued message is not left incomplete; nor is the one postsuper put on hold (deleted later with no line of its own): it waits, as cleanup\'s HOLD', () => {
    expect(rep.incomplete.examples.map((e) => e.queue_id)).toEqual([]);
    // ...it is counted apart, with what to do about held mail
    expect(rep.incomplete.held).toBe(1);
    expect(rep.totals).toMatchObject({ expired: 2 });
  });
});
