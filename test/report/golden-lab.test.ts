import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderReportCsv } from '../../src/report/render/csv.js';
import type { Report, ReplyGroup } from '../../src/report/types.js';
import { fixture, tempDir } from '../helpers.js';

// The lab's Postfix log (fixtures/lab/LAB-README.md lists each scenario and what the client got).
// Scenario checks first, then the whole report against a reviewed golden file.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let report: Report;

const find = (groups: ReplyGroup[], code: number | null, enhanced: string | null, reason?: RegExp) =>
  groups.filter((g) => g.code === code && g.enhanced === enhanced && (!reason || reason.test(g.reason)));

beforeAll(async () => {
  const db = join(tmp.dir, 'lab.db');
  await analyse({ db, inputs: [fixture('lab/postfix-maillog_file.log')], now: () => Date.parse('2026-11-29T00:00:00Z') });
  report = buildReport({ db, window: { from: null, to: null }, top: 50, now: () => Date.parse('2026-11-29T00:00:00Z') });
});

describe('lab Postfix log: scenarios', () => {
  test('every line is understood', () => {
    expect(report.totals.lines).toBe(724);
    expect(report.totals.unparsed).toBe(0);
  });

  test('the same totals as pflogsumm (received, delivered, deferred, bounced)', () => {
    expect(report.totals).toMatchObject({ received: 39, delivered: 45, deferred: 13, deferrals: 61, bounced: 11 });
  });

  test('3b: 551 5.1.6 from the access map is its own group, apart from relocated_maps 550 5.1.6', () => {
    const g551 = find(report.rejections, 551, '5.1.6');
    expect(g551).toHaveLength(1);
    expect(g551[0]!.count).toBe(1);
    expect(g551[0]!.stage).toBe('RCPT');
    expect(g551[0]!.reason).toMatch(/User not local; please try/);
    expect(g551[0]!.remedy.id).not.toMatch(/^class\./);
    expect(`${g551[0]!.remedy.meaning} ${g551[0]!.remedy.fix}`).toMatch(/moved|forward|new address/i);
    expect(find(report.rejections, 550, '5.1.6', /User has moved/)[0]!.count).toBe(2);
  });

  test('8 and 9: the two inbound stalled DATA sessions', () => {
    const inbound = report.stalled.filter((s) => s.direction === 'inbound');
    expect(inbound.map((s) => [s.kind, s.count]).sort()).toEqual([
      ['inbound.lost-after-data', 1],
      ['inbound.timeout-after-data', 1],
    ]);
    expect(inbound.flatMap((s) => s.examples).join('\n')).toMatch(/lost connection after DATA \(36673 bytes\)/);
  });

  test('11: outbound stalls after 354, one per delivery attempt', () => {
    const kinds = report.stalled.filter((s) => s.direction === 'outbound').map((s) => s.kind).sort();
    expect(kinds).toEqual(['outbound.lost-end-of-data', 'outbound.lost-message-body', 'outbound.timeout-end-of-data', 'outbound.timeout-message-body']);
  });

  test('13: header/body checks and milter rejects are rejections at the end of data', () => {
    const content = report.rejections.filter((g) => /spam subject|Virus found|lab milter/.test(g.reason));
    expect(content.length).toBeGreaterThanOrEqual(3);
    for (const g of content) expect(g.code === null ? null : Math.floor(g.code / 100)).not.toBeNull();
    const milterDerived = report.rejections.find((g) => /Message rejected by lab milter/.test(g.reason));
    expect(milterDerived).toMatchObject({ code: 550, code_derived: true, enhanced: '5.7.1', stage: 'END-OF-DATA' });
  });

  test('10b/10c: remote 5xx replies are bounces with their code and stage', () => {
    expect(find(report.bounces, 550, '5.1.1')[0]).toMatchObject({ count: 1, stage: 'RCPT', direction: 'outbound', enhanced_derived: false });
    expect(find(report.bounces, 554, '5.7.1', /spam content/)[0]).toMatchObject({ stage: 'END-OF-DATA' });
  });

  test("failures of our own delivery agents are local, named by the agent, with our side's fix", () => {
    // 3a: relocated_maps makes error(8) bounce the recipient; pipe/local(8) failures; neither is a remote's answer
    const moved = find(report.bounces, null, '5.1.6', /User has moved/)[0]!;
    expect(moved).toMatchObject({ direction: 'local', top_clients: [{ value: 'postfix/error', count: 1 }] });
    expect(moved.remedy.fix).toMatch(/Your server/);
    const locked = find(report.deferrals, null, '4.3.0', /mailbox is locked/)[0]!;
    expect(locked).toMatchObject({ direction: 'local', top_clients: [{ value: 'postfix/local', count: 5 }] });
    // error(8) deferring a destination that just timed out names the remote: that stays outbound
    expect(find(report.deferrals, null, '4.4.2', /conversation with PEER/)[0]).toMatchObject({ direction: 'outbound' });
  });

  test('JSON says whom each group ranks: refused clients, answering remotes, or our own agents', () => {
    for (const g of report.rejections) expect(g.peer_kind).toBe('client');
    for (const g of [...report.bounces, ...report.deferrals]) expect(g.peer_kind).toBe(g.direction === 'local' ? 'agent' : 'remote');
    expect(report.bounces.some((g) => g.peer_kind === 'agent') && report.deferrals.some((g) => g.peer_kind === 'remote')).toBe(true);
  });

  test('12: a milter refusal answered at several stages shows all of them, not one', () => {
    const g = find(report.rejections, 451, '4.7.1', /^Service unavailable - try again later$/)[0]!;
    expect(g.stages).toEqual([{ value: 'CONNECT', count: 1 }, { value: 'HELO', count: 1 }, { value: 'MAIL', count: 1 }]);
    expect(renderText({ ...report, rejections: [g] })).toContain('inbound at CONNECT (1), HELO (1), MAIL (1)');
  });

  test('CSV carries every stage of a group and the dsn mark, in columns added at the end', () => {
    const [head, ...rows] = renderReportCsv(report).split('\r\n');
    const cols = head!.split(',');
    expect(cols.slice(15, 17)).toEqual(['stages', 'enhanced_derived']);
    // and `groups` after them, set on left_out rows only
    const milter = rows.find((l) => l.startsWith('rejection,451,0,4.7.1,Service unavailable - try again later,'))!;
    expect(milter.endsWith(',CONNECT (1); HELO (1); MAIL (1),0,')).toBe(true);
  });

  test('CSV ends with the totals, one row each under its --fail-on name, after the problems by shape', () => {
    const rows = renderReportCsv(report).trimEnd().split('\r\n').slice(1).map((l) => l.split(','));
    const totals = rows.filter((r) => r[0] === 'total');
    expect(rows.slice(-totals.length)).toEqual(totals);
    const figure = (name: string) => Number(totals.find((r) => r[4] === name)?.[7]);
    expect(totals.map((r) => r[4])).toEqual(['lines', 'parsed', 'unparsed', 'foreign', 'sessions', 'messages', 'received', 'delivered', 'deferred',
      'deferrals', 'bounced', 'expired', 'stalled_354', 'incomplete', 'tls_failures', 'rejected.total', 'rejected.4xx', 'rejected.5xx']);
    expect(figure('lines')).toBe(report.totals.lines);
    expect(figure('delivered')).toBe(report.totals.delivered);
    expect(figure('stalled_354')).toBe(report.totals.stalled_354);
    expect(figure('rejected.5xx')).toBe(report.totals.rejected['5xx']);
    const problems = rows.filter((r) => r[0]!.startsWith('problem.'));
    expect(problems.length).toBe(report.problems.length);
    expect(problems.length).toBeGreaterThan(0);
    for (const p of report.problems) {
      expect(problems.some((r) => r[0] === `problem.${p.severity}` && r[7] === String(p.count) && r[10] === p.program)).toBe(true);
    }
  });

  test("a group's stage is its most common one", () => {
    for (const g of [...report.rejections, ...report.bounces, ...report.deferrals]) expect(g.stage).toBe(g.stages![0]?.value ?? null);
  });

  test('stalls get their own remediation, not a generic class answer', () => {
    for (const s of report.stalled) expect(s.remedy.id).toMatch(/^stall\./);
  });

  test('every group carries remediation text', () => {
    for (const g of [...report.rejections, ...report.bounces, ...report.deferrals, ...report.stalled]) {
      expect(g.remedy.id).toBeTruthy();
      expect(g.remedy.meaning.length).toBeGreaterThan(0);
      expect(g.remedy.fix.length).toBeGreaterThan(0);
    }
  });
});

describe('lab Postfix log: golden report', () => {
  test('JSON', async () => {
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot('../golden/postfix-lab-report.json');
  });
  test('text', async () => {
    await expect(renderText(report)).toMatchFileSnapshot('../golden/postfix-lab-report.txt');
  });
});
