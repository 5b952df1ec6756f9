import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findGroups as find, labReport, type Report } from './lab-report.js';

// The second Exim lab run (fixtures/lab2/LAB2-README.md, "Exim: scenario -> real log lines ->
// reply codes") analysed through the built binary: each production situation lands in its
// report group with the code the client really got, the right stage and a remedy of its own.

let rep: Report;
let done = (): void => {};
beforeAll(() => {
  const lab = labReport(['lab2/lab2-exim-mainlog.log', 'lab2/lab2-exim-rejectlog.log']);
  rep = lab.report;
  done = lab.cleanup;
});
afterAll(() => done());

describe('lab2 Exim report', () => {
  test('every line parsed; the rejectlog copies are not counted again', () => {
    expect(rep.totals.unparsed).toBe(0);
    expect(rep.unparsed).toEqual([]);
    // the refused VRFY got 252: not temporary, so it is in the permanent list and its count,
    // and the two classes add up to the total
    expect(rep.totals.rejected).toEqual({ total: 20, '4xx': 6, '5xx': 14 });
  });

  // scenario, code, enhanced, reason, code derived, stage, count, remedy id
  const rejections: Array<[string, number, string | null, RegExp, boolean, string, number, string]> = [
    ['X02 ratelimit per host (defer)', 450, '4.7.1', /^Too many recipients from PEER/, false, 'RCPT', 2, 'text.rate-limit'],
    ['X02b ratelimit per authenticated user (log_message)', 550, null, /over rate: N \/ Nh$/, true, 'RCPT', 2, 'text.rate-limit'],
    ['X03 recipients_max', 452, null, /^too many recipients$/, true, 'RCPT', 1, 'text.too-many-recipients'],
    ['X04 smtp_accept_max_per_host', 421, null, /^too many connections from that IP address$/, true, 'CONNECT', 1, 'text.conn-limit'],
    ['X05 header_syntax, To:', 550, null, /failing address in "To:" header/, true, 'END-OF-DATA', 1, 'text.exim.header-syntax'],
    ['X05 header_syntax, From:', 550, null, /failing address in "From:" header/, true, 'END-OF-DATA', 1, 'text.exim.header-syntax'],
    ['X06 sender callout refused', 550, null, /^Sender verify failed$/, true, 'RCPT', 1, 'text.exim.sender-verify'],
    ['X06 sender callout could not complete', 451, null, /^Could not complete sender verify callout$/, true, 'RCPT', 1, 'text.exim.sender-verify'],
    ['X08 unqualified VRFY', 501, null, /^unqualified verify rejected$/, true, 'VRFY', 1, 'text.probe-refused'],
    ['X08 VRFY', 252, null, /^$/, true, 'VRFY', 1, 'text.probe-refused'],
    ['X08 EXPN', 550, null, /^$/, true, 'EXPN', 1, 'text.probe-refused'],
    ['X08 ETRN', 458, null, /^$/, true, 'ETRN', 1, 'text.probe-refused'],
    ['X09 pipelining not advertised', 554, null, /^SMTP synchronization error$/, true, 'MAIL', 1, 'text.exim.sync-error'],
  ];
  for (const [name, code, enhanced, reason, derived, stage, count, remedy] of rejections) {
    test(`rejection: ${name}`, () => {
      const g = find(rep.rejections, code, reason).filter((x) => x.stage === stage);
      expect(g, JSON.stringify(rep.rejections.map((x) => [x.code, x.stage, x.reason]))).toHaveLength(1);
      expect(g[0]).toMatchObject({ enhanced, code_derived: derived, count, direction: 'inbound' });
      expect(g[0]!.remedy.id).toBe(remedy);
    });
  }

  test('X01 wrong password and unknown user: 535 at AUTH, one group whatever user names were tried', () => {
    // a password-guessing run tries hundreds of names: one group each crowded the rest out of --top
    // (Postfix names none at all); the names stay in each row's text and example lines
    const g = find(rep.rejections, 535, /^Incorrect authentication data/);
    expect(g.map((x) => [x.reason, x.count, x.stage, x.remedy.id])).toEqual([['Incorrect authentication data', 5, 'AUTH', 'text.auth-failed']]);
  });

  test('X04 the refused connection is tied to its client', () => {
    const g = find(rep.rejections, 421, /too many connections/)[0]!;
    expect(g.top_clients).toEqual([{ value: '[127.0.0.73]', count: 1 }]);
  });

  test('X01b an AUTH that was not offered is not a refusal of mail, and its HELO name is not read as the error', () => {
    expect(rep.rejections.filter((g) => g.stage === 'AUTH' && g.code !== 535)).toEqual([]);
    expect(rep.rejections.some((g) => /client\.test/.test(g.reason))).toBe(false);
  });

  test('no rejection is left with an unknown stage or a class-level remedy', () => {
    expect(rep.rejections.filter((g) => g.stage === 'UNKNOWN' || g.remedy.id.startsWith('class.'))).toEqual([]);
  });

  test('X07 mail loop and X11 quota: bounced with their own remedies', () => {
    expect(find(rep.bounces, null, /^Too many "Received" headers - suspected mail loop$/)[0]!.remedy.id).toBe('text.net.loop');
    const quota = rep.deferrals.filter((g) => g.remedy.id === 'text.mailbox-full');
    expect(quota.reduce((n, g) => n + g.count, 0)).toBe(7);
    // the bounce that says only "retry timeout exceeded" names the quota it ran out on, and gets its fix
    const gaveUp = find(rep.bounces, null, /^retry timeout exceeded; last error: mailbox is full \(MTA-imposed quota exceeded while writing to \/var\/mail\/erin\)$/);
    expect(gaveUp.map((g) => [g.count, g.direction, g.remedy.id])).toEqual([[1, 'local', 'text.mailbox-full']]);
    expect(find(rep.bounces, null, /^retry timeout exceeded$/)).toEqual([]);
  });

  test('X12 the :defer: alias the administrator gave up on is a deferral of our own making', () => {
    expect(find(rep.deferrals, null, /^Mailbox migration in progress$/)[0]!.remedy.id).toBe('local.own-decision');
  });

  test('the one frozen bounce the lab left in the queue is the one incomplete message, and it says it is frozen', () => {
    expect(rep.incomplete.count).toBe(1);
    expect(rep.incomplete.frozen).toBe(1);
    expect(rep.incomplete.examples.map((e) => [e.queue_id, e.frozen])).toEqual([['1xXYlS-0006O1-1x', true]]);
  });

  test('a bounce frozen and thawed by its timer, then delivered, is neither incomplete nor frozen', () => {
    expect(rep.incomplete.examples.map((e) => e.queue_id)).not.toContain('1xXYjI-0003mj-2n');
  });
});
