import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import type { Report } from '../../src/report/types.js';
import { fixture, tempDir } from '../helpers.js';

// One cause makes one group: a real server's log (kdent) where client-chosen HELO names, DNSBL
// links and client host names used to split one reason into dozens of groups.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');
let r: Report;

beforeAll(async () => {
  const db = join(tmp.dir, 'kdent.db');
  await analyse({ db, inputs: [fixture('corpus/postfix/kdent-postfix-log-analysis.log')], now });
  r = buildReport({ db, window: { from: null, to: null }, top: 1000, now });
});

const reasons = (re: RegExp) => r.rejections.filter((g) => re.test(g.reason));

describe('kdent: one group per cause', () => {
  test('HELO names are masked: one group per Helo check', () => {
    expect(reasons(/Helo command rejected: need fully-qualified hostname/).map((g) => [g.reason, g.count])).toEqual([['<NAME>: Helo command rejected: need fully-qualified hostname', 30]]);
    expect(reasons(/Helo command rejected: Host not found/).map((g) => g.count)).toEqual([146]);
  });
  test('Spamhaus rejections with and without their links are one group', () => {
    expect(reasons(/spamhaus/).map((g) => [g.reason, g.count])).toEqual([['Service unavailable; Client host PEER blocked using zen.spamhaus.org', 662]]);
  });
  test('name service errors are one bounce group, not one per domain', () => {
    expect(r.bounces.filter((g) => /Name service error/.test(g.reason)).map((g) => g.count)).toEqual([5]);
  });
  test('"address not listed for hostname" warnings are one problem group', () => {
    expect(r.problems.filter((p) => /address not listed/.test(p.shape)).map((p) => [p.shape, p.count])).toEqual([['IP: address not listed for hostname HOST', 324]]);
  });
  test('all rejections still add up', () => {
    expect(r.rejections.reduce((n, g) => n + g.count, 0)).toBe(r.totals.rejected.total);
    expect(r.rejections.length).toBeLessThanOrEqual(12);
  });
});

describe('kdent: whose enhanced code a delivery group shows', () => {
  test("a remote reply without an enhanced code shows Postfix's dsn= marked as not the remote's", () => {
    // "said: 451 Temporary local problem - please try later" with dsn=4.0.0 on the line
    const g = r.deferrals.find((d) => d.code === 451 && /Temporary local problem/.test(d.reason))!;
    expect(g).toMatchObject({ enhanced: '4.0.0', enhanced_derived: true, count: 54 });
  });
  test('without a remote reply the dsn is not claimed for anyone: no mark', () => {
    const g = r.deferrals.find((d) => d.code === null && /Connection timed out/.test(d.reason))!;
    expect(g).toMatchObject({ enhanced: '4.4.1', enhanced_derived: false });
  });
});
