import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import type { Report } from '../../src/report/types.js';
import { fixture, tempDir } from '../helpers.js';

// Postfix logs a failed SMTP AUTH only as "warning: host[ip]: SASL LOGIN authentication failed: ...".
// It is a refusal like Exim's "authenticator failed ... 535": it must show among the rejections,
// with the code smtpd replied (535 5.7.8, derived), at AUTH, and the client that tried.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let report: Report;

beforeAll(async () => {
  const db = join(tmp.dir, 'sasl.db');
  const now = () => Date.parse('2026-11-29T00:00:00Z');
  await analyse({ db, inputs: [fixture('corpus/postfix/fail2ban-postfix.log')], now, year: 2026 });
  report = buildReport({ db, window: { from: null, to: null }, top: 50, now });
});

describe('Postfix SASL login failures', () => {
  test('all 14 are inbound rejections at AUTH with a derived code', () => {
    const auth = report.rejections.filter((g) => g.stage === 'AUTH');
    expect(auth.map((g) => [g.code, g.code_derived, g.enhanced, g.direction, g.count]).sort()).toEqual([
      [454, true, '4.7.0', 'inbound', 1],
      [535, true, '5.7.8', 'inbound', 13],
    ]);
    const g535 = auth.find((g) => g.code === 535)!;
    expect(g535.top_clients.map((c) => c.value)).toContain('unknown[82.221.106.233]');
    expect(g535.examples.join('\n')).toMatch(/SASL \w+ authentication failed/);
  });
});

// Cyrus SASL's "generic failure" (SASL_FAIL) is answered 454 4.7.0 by Postfix: the server's SASL
// back end failed, so the row is temporary and its remedy is not the client's credentials.
describe('Postfix SASL generic failure (Cyrus)', () => {
  let r: Report;
  beforeAll(async () => {
    const db = join(tmp.dir, 'sasl-cyrus.db');
    const now = () => Date.parse('2026-11-29T00:00:00Z');
    await analyse({ db, inputs: [fixture('corpus/postfix/hsn723-postfix-exporter.log')], now, year: 2026 });
    r = buildReport({ db, window: { from: null, to: null }, top: 50, now });
  });
  test('is a temporary refusal at AUTH with the server-side remedy', () => {
    const g = r.rejections.find((x) => x.stage === 'AUTH' && x.top_clients.some((c) => c.value === 'laptop.local[192.168.1.2]'));
    expect(g).toBeDefined();
    expect([g!.code, g!.code_derived, g!.enhanced, g!.direction]).toEqual([454, true, '4.7.0', 'inbound']);
    expect(g!.remedy.id).toBe('enh.4.7.0');
  });
});
