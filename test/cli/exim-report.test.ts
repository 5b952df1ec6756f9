import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixture, tempDir } from '../helpers.js';

// The lab Exim run (fixtures/lab/LAB-README.md, "Exim: scenario -> real log lines -> reply codes")
// analysed through the built binary; each scenario must land in its report group.

interface Group { code: number | null; code_derived: boolean; enhanced: string | null; reason: string; stage: string | null; count: number }
interface Stall { kind: string; direction: string; count: number }
interface Report {
  totals: Record<string, unknown> & { rejected: { total: number; '4xx': number; '5xx': number } };
  rejections: Group[];
  deferrals: Group[];
  bounces: Group[];
  stalled: Stall[];
  unparsed: unknown[];
  incomplete: { count: number; examples: Array<{ queue_id: string; sender: string | null }> };
}

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function analyse(name: string, files: string[]): Report {
  const db = join(tmp.dir, `${name}.db`);
  const a = cli(['analyse', '--db', db, ...files]);
  expect(a.code, a.stderr).toBe(0);
  const r = cli(['report', '--db', db, '--format', 'json', '--top', '100']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const find = (groups: Group[], code: number | null, enhanced: string | null, reason: RegExp) =>
  groups.filter((g) => g.code === code && g.enhanced === enhanced && reason.test(g.reason));

describe('lab Exim report', () => {
  let both: Report;
  let mainOnly: Report;
  beforeAll(() => {
    both = analyse('both', [fixture('lab/exim-mainlog.log'), fixture('lab/exim-rejectlog.log')]);
    mainOnly = analyse('main', [fixture('lab/exim-mainlog.log')]);
  });

  test('every line parsed; the rejectlog copies are not counted again', () => {
    expect(both.totals.unparsed).toBe(0);
    expect(both.unparsed).toEqual([]);
    expect(both.totals.rejected).toEqual({ total: 24, '4xx': 5, '5xx': 19 });
    expect(mainOnly.totals.rejected).toEqual(both.totals.rejected);
  });

  test('message totals (see compare:eximstats for the same figures from eximstats)', () => {
    expect(both.totals).toMatchObject({ received: 29, delivered: 31, deferred: 14, bounced: 25, stalled_354: 11 });
  });

  // scenario, expected group: code, enhanced, reason, derived, stage, count
  const rejections: Array<[string, number, string | null, RegExp, boolean, string, number]> = [
    ['2 unknown local user', 550, null, /^Unrouteable address$/, true, 'RCPT', 3],
    ['3 ACL deny with custom code', 551, '5.1.6', /^User not local/, false, 'RCPT', 2],
    ['4 relay not permitted', 550, null, /^relay not permitted$/, true, 'RCPT', 2],
    ['5 declared SIZE too big', 552, null, /^message too big: size=/, true, 'MAIL', 1],
    ['5b body too big', 552, null, /^message too big: read=/, true, 'END-OF-DATA', 1],
    ['6 sender blacklisted', 550, null, /^Sender blacklisted/, true, 'RCPT', 1],
    ['6 553 sender domain', 553, '5.1.8', /^Sender domain does not accept/, false, 'RCPT', 1],
    ['6 sender verify', 550, null, /^Sender verify failed$/, true, 'RCPT', 1],
    ['7 plain defer', 451, null, /^Service temporarily unavailable/, true, 'RCPT', 1],
    ['7 reverse lookup defer', 451, null, /^host lookup failed/, true, 'RCPT', 1],
    ['7 greylisting', 451, '4.7.1', /^Greylisted/, false, 'RCPT', 2],
    ['7b connect ACL', 554, '5.7.1', /^Client host blocked/, false, 'CONNECT', 1],
    ['7b bad HELO', 501, null, /^Syntactically invalid argument/, true, 'HELO', 2],
    // the client had said EHLO (its HELO name is in the line): the stage it was at when dropped
    ['9b unknown commands', 500, null, /^Too many unrecognized commands$/, true, 'HELO', 1],
    ['9b pregreet', 554, null, /^SMTP synchronization error$/, true, 'CONNECT', 1],
    ['13 DATA ACL deny', 550, null, /^Message content rejected/, true, 'END-OF-DATA', 1],
    ['13 DATA ACL virus', 550, null, /^Virus found/, true, 'END-OF-DATA', 1],
    ['13 DATA ACL defer', 451, '4.3.0', /^Temporary local problem/, false, 'END-OF-DATA', 1],
  ];
  for (const [name, code, enhanced, reason, derived, stage, count] of rejections) {
    test(`rejection: ${name}`, () => {
      const g = find(both.rejections, code, enhanced, reason);
      expect(g).toHaveLength(1);
      expect(g[0]).toMatchObject({ code_derived: derived, stage, count, direction: 'inbound' });
    });
  }

  const bounces: Array<[string, number | null, string | null, RegExp, string | null]> = [
    ['10b 550 at RCPT', 550, '5.1.1', /Recipient address rejected: User unknown/, 'RCPT'],
    ['10b 551 at RCPT', 551, '5.1.6', /User has moved/, 'RCPT'],
    ['10b 552 at RCPT', 552, '5.2.2', /Mailbox full/, 'RCPT'],
    ['10b 553 at RCPT', 553, '5.1.3', /Bad destination mailbox/, 'RCPT'],
    ['10b 554 at RCPT', 554, '5.7.1', /Relay access denied/, 'RCPT'],
    ['10c 554 after end of data', 554, '5.7.1', /spam content detected/, 'END-OF-DATA'],
    ['10c 552 after end of data', 552, '5.3.4', /Message size exceeds/, 'END-OF-DATA'],
    ['10e 554 greeting', 554, '5.7.1', /No SMTP service here/, 'CONNECT'],
    // with the last deferral's cause: dave@refuse.test was refused on every attempt
    ['10f retry timeout exceeded', null, null, /^retry timeout exceeded; last error: Connection refused$/, null],
    ['10g :fail: alias', null, null, /^User has left the company$/, null],
    ['10g DNS failure', null, null, /^Unrouteable address$/, null],
  ];
  for (const [name, code, enhanced, reason, stage] of bounces) {
    test(`bounce: ${name}`, () => {
      const g = find(both.bounces, code, enhanced, reason);
      expect(g.length).toBeGreaterThan(0);
      expect(g[0]!.stage).toBe(stage);
    });
  }

  const deferrals: Array<[string, number | null, string | null, RegExp]> = [
    ['10c 451 after end of data', 451, '4.3.0', /queue file write error/],
    ['10d 450 at RCPT', 450, '4.2.1', /Mailbox temporarily unavailable/],
    ['10d 451 at RCPT', 451, '4.3.0', /Temporary lookup failure/],
    ['10d 452 at RCPT', 452, '4.2.2', /Mailbox full, try again later/],
    ['10e 421 greeting', 421, '4.3.2', /Service not available/],
    ['10e refused port', null, null, /^Connection refused$/],
    ['10g :defer: alias', null, null, /^Mailbox migration in progress$/],
  ];
  for (const [name, code, enhanced, reason] of deferrals) {
    test(`deferral: ${name}`, () => {
      expect(find(both.deferrals, code, enhanced, reason).length).toBeGreaterThan(0);
    });
  }

  test('10f retry time not reached: a skipped attempt, counted apart from the deferral groups', () => {
    expect(both.deferrals.filter((g) => /retry time not reached/.test(g.reason))).toEqual([]);
    expect(both.retry_skipped!.lines).toBeGreaterThan(0);
  });

  test('stalled 354 sessions, both directions (8, 9, 11, 11b, 11c)', () => {
    const byKind = Object.fromEntries(both.stalled.map((s) => [s.kind, s.count]));
    expect(byKind).toEqual({
      'inbound.lost-after-data': 1,
      'inbound.timeout-after-data': 1,
      'outbound.timeout-message-body': 2,
      'outbound.timeout-end-of-data': 1,
      // the remote reset during the body on six delivery attempts of the same message
      'outbound.closed-data-block': 6,
    });
  });

  // every id with `<=` in the lab mainlog also has its `Completed` (the five ids without one
  // were rejected or abandoned during DATA and never received)
  test('incomplete messages: none in the whole lab log', () => {
    expect(both.totals.incomplete).toBe(0);
    expect(both.incomplete).toEqual({ count: 0, frozen: 0, held: 0, examples: [] });
  });

  test('incomplete messages: the log cut after line 160 leaves two received, never Completed', () => {
    // line 154: 1xXMvU-0004Cg-0L is received and frozen (Completed only on line 478);
    // line 159: 1xXMvU-0004Cn-18 is received (Completed on line 163)
    const cut = join(tmp.dir, 'cut.log');
    writeFileSync(cut, readFileSync(fixture('lab/exim-mainlog.log'), 'utf8').split('\n').slice(0, 160).join('\n') + '\n');
    const r = analyse('cut', [cut]);
    expect(r.totals.incomplete).toBe(2);
    expect(r.incomplete.count).toBe(2);
    expect(r.incomplete.examples.map((m) => [m.queue_id, m.sender])).toEqual([
      ['1xXMvU-0004Cg-0L', 'j.smith@partner.test'],
      ['1xXMvU-0004Cn-18', 'dave@lab.example'],
    ]);
    // the same, for spreadsheets and for node_exporter
    const db = join(tmp.dir, 'cut.db');
    const csv = cli(['report', '--db', db, '--format', 'csv']).stdout.split('\r\n').filter((l) => l.startsWith('incomplete,'));
    expect(csv.map((l) => l.split(',')[4])).toEqual(['1xXMvU-0004Cg-0L', '1xXMvU-0004Cn-18']);
    expect(cli(['report', '--db', db, '--format', 'prom']).stdout).toMatch(/^mxlens_messages_incomplete 2$/m);
  });
});
