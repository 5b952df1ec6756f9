import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import type { Report } from '../../src/report/types.js';
import { fixture, scalar, tempDir } from '../helpers.js';

// qmgr logs "status=force-expired, returned to sender" when an administrator expired the message
// with postsuper -e or -f (qmgr_active.c, QMGR_FORCE_EXPIRE), whatever its age. That is no queue
// lifetime running out: the row keeps the status as logged, groups apart from the lifetime expiries
// and gets its own remedy.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const now = () => Date.parse('2026-11-29T00:00:00Z');
let db: string;
let r: Report;

beforeAll(async () => {
  db = join(tmp.dir, 'forced.db');
  await analyse({ db, inputs: [fixture('corpus/postfix/hsn723-postfix-exporter.log')], now, year: 2026 });
  r = buildReport({ db, window: { from: null, to: null }, top: 50, now });
});

describe('an expiry forced with postsuper -e', () => {
  test('is stored as forced and grouped apart from the lifetime expiry, with its own remedy', () => {
    expect(scalar(db, "SELECT queue_id || ' ' || coalesce(detail, '-') || ' ' || remedy_id FROM deliveries WHERE status = 'expired' AND detail IS NOT NULL")).toBe(
      'BACE842E73 force-expired text.postfix.force-expired',
    );
    const groups = r.expired!.map((g) => [g.reason, g.count, g.remedy.id]);
    expect(groups).toContainEqual(['force-expired', 1, 'text.postfix.force-expired']);
    expect(groups).toContainEqual(['', 1, 'enh.X.4.7']);
    expect(r.expired!.find((g) => g.reason === 'force-expired')!.remedy.fix).toMatch(/decision/);
  });

  test('a row stored before the forced expiry was kept is read again from its line on upgrade', async () => {
    const old = join(tmp.dir, 'old.db');
    copyFileSync(db, old);
    const d = new Database(old);
    d.exec(`UPDATE deliveries SET detail = NULL, reason = NULL, remedy_id = 'enh.X.4.7' WHERE detail = 'force-expired';
            UPDATE meta SET value = '12' WHERE key = 'derive_version';`);
    d.close();
    await analyse({ db: old, inputs: [fixture('corpus/postfix/hsn723-postfix-exporter.log')], now, year: 2026 });
    expect(scalar(old, "SELECT coalesce(detail, '-') || ' ' || coalesce(reason, '-') || ' ' || remedy_id FROM deliveries WHERE queue_id = 'BACE842E73' AND status = 'expired'")).toBe(
      'force-expired force-expired text.postfix.force-expired',
    );
  });
});
