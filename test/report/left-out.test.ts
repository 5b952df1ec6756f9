import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderMarkdown } from '../../src/report/render/markdown.js';
import { renderHtml } from '../../src/report/render/html.js';
import { renderReportCsv } from '../../src/report/render/csv.js';
import type { Report } from '../../src/report/types.js';
import { fixture, tempDir } from '../helpers.js';

// A default report must not hide a whole class of problems: temporary refusals are listed
// apart from permanent ones, every limited list says what it left out, and Exim's skipped
// retries do not push real deferrals out of the list.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');
let kdent: Report;
let exim: Report;

beforeAll(async () => {
  const k = join(tmp.dir, 'kdent.db');
  await analyse({ db: k, inputs: [fixture('corpus/postfix/kdent-postfix-log-analysis.log')], now });
  kdent = buildReport({ db: k, window: { from: null, to: null }, top: 5, now });
  const e = join(tmp.dir, 'exim.db');
  await analyse({ db: e, inputs: [fixture('lab/exim-mainlog.log')], now });
  exim = buildReport({ db: e, window: { from: null, to: null }, top: 5, now });
});

describe('rejections: 4xx are listed even when there are more than --top 5xx groups', () => {
  test('our own "452 4.3.1 Insufficient system storage" is shown with --top 5', () => {
    const g = kdent.rejections.find((x) => x.code === 452 && x.enhanced === '4.3.1');
    expect(g?.count).toBe(17);
  });
  test('each class is limited by --top on its own', () => {
    expect(kdent.rejections.filter((g) => g.code! >= 500)).toHaveLength(5);
    const temporary = kdent.rejections.filter((g) => g.code! < 500);
    expect(temporary.length).toBeGreaterThanOrEqual(2);
    expect(temporary.length).toBeLessThanOrEqual(5);
  });
  test('the text report has a temporary section', () => {
    const text = renderText(kdent);
    const temp = text.slice(text.indexOf('REJECTIONS, TEMPORARY'));
    expect(temp.slice(0, temp.indexOf('STALLED'))).toMatch(/452 4\.3\.1 +x17/);
  });
});

describe('limited lists say what they left out', () => {
  test('JSON carries groups and lines left out, and they add up to the totals', () => {
    const lo = kdent.left_out!;
    const shown = (min: number, max: number) => kdent.rejections.filter((g) => g.code! >= min && g.code! < max).reduce((n, g) => n + g.count, 0);
    expect(lo.rejections['5xx'].groups).toBeGreaterThan(0);
    expect(shown(500, 600) + lo.rejections['5xx'].lines).toBe(kdent.totals.rejected['5xx']);
    expect(shown(400, 500) + lo.rejections['4xx'].lines).toBe(kdent.totals.rejected['4xx']);
    expect(lo.problems.groups).toBeGreaterThan(0);
  });
  test('text, markdown and html print "… N more groups (M lines); use --top K"', () => {
    const lo = kdent.left_out!.rejections['5xx'];
    const line = `… ${lo.groups} more groups (${lo.lines} lines); use --top ${5 + lo.groups} to see them all`;
    for (const out of [renderText(kdent), renderMarkdown(kdent), renderHtml(kdent)]) expect(out).toContain(line);
  });
  test('nothing is said when nothing was left out', () => {
    const all = buildReport({ db: join(tmp.dir, 'exim.db'), window: { from: null, to: null }, top: 1000, now });
    expect(renderText(all)).not.toMatch(/more groups?/);
    expect(all.left_out!.deferrals).toEqual({ groups: 0, lines: 0 });
  });
});

describe('Exim skipped retries are not deferral groups', () => {
  test('no "retry time not reached" group, and real deferrals take their place', () => {
    expect(exim.deferrals.map((g) => g.reason).filter((r) => /retry time not/i.test(r))).toEqual([]);
    expect(exim.deferrals.map((g) => g.reason)).toContain('Connection refused');
  });
  test('they are counted apart, and the totals still count every == line', () => {
    expect(exim.retry_skipped).toEqual({ lines: 49, messages: expect.any(Number) });
    const listed = exim.deferrals.reduce((n, g) => n + g.count, 0) + exim.left_out!.deferrals.lines;
    expect(listed + exim.retry_skipped!.lines).toBe(exim.totals.deferrals);
    expect(renderText(exim)).toMatch(/\+ 49 skipped attempts on \d+ messages/);
  });
});

describe('Exim first-pass routing (-odqs, queue_smtp_domains, control = queue) is no deferral group either', () => {
  test('the message is queued for a later queue run: no host was tried; counted in the totals, as eximstats does', async () => {
    const db = join(tmp.dir, 'first-pass.db');
    const log = join(tmp.dir, 'first-pass.log');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(log, [
      '1999-03-02 09:44:33 10HmbC-000000005vi-0000 <= CALLER@test.ex U=CALLER P=local S=300',
      // real lines: Exim's test suite (fixtures/corpus/exim/exim-testsuite-mainlog.log), and the wording
      // before Exim 4.9x, quoted from a public log excerpt (2012)
      '1999-03-02 09:44:33 10HmbC-000000005vi-0000 == xxx@ten-2.test.ex R=lookuphost T=smtp defer (-1): first-pass only routing due to -odqs, queue_smtp_domains or control=queue',
      '2012-02-13 14:59:15 1Rwtcp-0000Ac-BW == pmtzjnyta@brightconsult.ru R=dnslookup T=remote_smtp defer (-1): domain matches queue_smtp_domains, or -odqs set',
      '',
    ].join('\n'));
    await analyse({ db, inputs: [log], now });
    const r = buildReport({ db, window: { from: null, to: null }, top: 5, now });
    expect(r.deferrals).toEqual([]);
    expect(r.domains ?? []).toEqual([]);
    expect(r.retry_skipped).toEqual({ lines: 2, messages: 2 });
    expect(r.totals).toMatchObject({ deferred: 2, deferrals: 2 });
  });
});

describe('stalled 354 kinds are limited by --top too', () => {
  test('the Exim lab log has 5 kinds: --top 3 shows 3 and says 2 more, in every format', () => {
    const all = buildReport({ db: join(tmp.dir, 'exim.db'), window: { from: null, to: null }, top: 1000, now });
    expect(all.stalled).toHaveLength(5);
    const r = buildReport({ db: join(tmp.dir, 'exim.db'), window: { from: null, to: null }, top: 3, now });
    expect(r.stalled).toHaveLength(3);
    const lo = r.left_out!.stalled!;
    expect(lo.groups).toBe(2);
    expect(r.stalled.reduce((n, s) => n + s.count, 0) + lo.lines).toBe(r.totals.stalled_354);
    const line = `… 2 more groups (${lo.lines} lines); use --top 5 to see them all`;
    for (const out of [renderText(r), renderMarkdown(r), renderHtml(r)]) expect(out).toContain(line);
  });
});

describe('CSV says what --top left out', () => {
  // RFC 4180 fields: quoted ones may hold commas, doubled quotes and line breaks
  const parse = (csv: string): string[][] => {
    const rows: string[][] = [];
    let row: string[] = [];
    for (const m of csv.matchAll(/("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g)) {
      row.push(m[1]!.startsWith('"') ? m[1]!.slice(1, -1).replace(/""/g, '"') : m[1]!);
      if (m[2] !== ',') {
        rows.push(row);
        row = [];
        if (m[2] === '') break;
      }
    }
    return rows.filter((r) => r.length > 1);
  };
  test('one left_out row per limited section; the columns before it keep their place', () => {
    const rows = parse(renderReportCsv(kdent));
    const head = rows[0]!;
    expect(head.slice(0, 17)).toEqual(['section', 'code', 'code_derived', 'enhanced', 'reason', 'direction', 'stage', 'count', 'first', 'last',
      'top_peers', 'top_recipient_domains', 'remedy_id', 'remedy_title', 'example', 'stages', 'enhanced_derived']);
    expect(head[17]).toBe('groups');
    const left = rows.filter((r) => r[0] === 'left_out');
    const lo = kdent.left_out!;
    const five = left.find((r) => r[4] === 'rejection.5xx')!;
    expect([Number(five[7]), Number(five[17])]).toEqual([lo.rejections['5xx'].lines, lo.rejections['5xx'].groups]);
    // rejection rows and the left_out rows add up to the totals
    const listed = rows.filter((r) => r[0] === 'rejection').reduce((n, r) => n + Number(r[7]), 0);
    const leftLines = left.filter((r) => r[4]!.startsWith('rejection.')).reduce((n, r) => n + Number(r[7]), 0);
    expect(listed + leftLines).toBe(kdent.totals.rejected.total);
  });
  test('no left_out row when nothing was left out', () => {
    const all = buildReport({ db: join(tmp.dir, 'exim.db'), window: { from: null, to: null }, top: 1000, now });
    expect(parse(renderReportCsv(all)).filter((r) => r[0] === 'left_out')).toEqual([]);
  });
});
