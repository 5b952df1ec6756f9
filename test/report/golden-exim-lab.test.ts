import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { copyFileSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderText } from '../../src/report/render/text.js';
import { renderReportCsv } from '../../src/report/render/csv.js';
import type { Report } from '../../src/report/types.js';
import { fixture, tempDir } from '../helpers.js';

// The lab's Exim mainlog and rejectlog, whole report against reviewed golden files.
// The scenario-by-scenario checks are in test/cli/exim-report.test.ts.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
let report: Report;

beforeAll(async () => {
  const db = join(tmp.dir, 'exim-lab.db');
  const now = () => Date.parse('2026-11-29T00:00:00Z');
  // A file modified in the last ten minutes may still be written to, so a rejectlog's last entry
  // waits for the next run. A fresh checkout dates the fixtures to the moment of cloning, which
  // can fall near this fixed clock or after it: the copies read here carry the lab run's time.
  const labTime = new Date('2026-11-28T18:20:00Z');
  const inputs = ['lab/exim-mainlog.log', 'lab/exim-rejectlog.log'].map((f) => {
    const copy = join(tmp.dir, basename(f));
    copyFileSync(fixture(f), copy);
    utimesSync(copy, labTime, labTime);
    return copy;
  });
  await analyse({ db, inputs, now });
  report = buildReport({ db, window: { from: null, to: null }, top: 50, now });
});

describe('lab Exim logs: golden report', () => {
  test('every group carries remediation text', () => {
    for (const g of [...report.rejections, ...report.bounces, ...report.deferrals, ...report.stalled]) {
      expect(g.remedy.id).toBeTruthy();
      expect(g.remedy.fix.length).toBeGreaterThan(0);
    }
  });
  test("a router's own :fail: or :defer: (R= with no transport and no host) is a local delivery with our side's fix", () => {
    const local = [...report.bounces, ...report.deferrals].filter((g) => g.direction === 'local');
    // the router's :defer: that went on until retrying ran out: the bounce is ours too, with the same fix
    expect(local.map((g) => g.reason).sort()).toEqual([
      'Mailbox migration in progress', 'User has left the company', 'remote host address is the local host', 'retry timeout exceeded; last error: Mailbox migration in progress',
    ]);
    for (const g of local.filter((g) => g.reason !== 'remote host address is the local host')) expect(g.remedy.id).toBe('local.own-decision');
    // a transport that never reached a host ("all hosts ... have been failing") is about remote hosts
    expect(report.deferrals.concat(report.bounces).filter((g) => /all hosts for/.test(g.reason)).every((g) => g.direction === 'outbound')).toBe(true);
  });

  test('CSV: the deferral rows, the left-out ones and the skipped retries add up to the deferrals total', () => {
    const rows = csvRecords(renderReportCsv(report)).slice(1);
    const sum = (pick: (r: string[]) => boolean) => rows.filter(pick).reduce((n, r) => n + Number(r[7]), 0);
    const skipped = rows.find((r) => r[0] === 'retry_skipped');
    expect(skipped).toBeDefined();
    expect(Number(skipped![7])).toBe(report.retry_skipped!.lines);
    expect(Number(skipped![17])).toBe(report.retry_skipped!.messages);
    const parts = sum((r) => r[0] === 'deferral') + sum((r) => r[0] === 'left_out' && r[4] === 'deferral') + sum((r) => r[0] === 'retry_skipped');
    expect(parts).toBe(report.totals.deferrals);
  });

  test('JSON', async () => {
    await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot('../golden/exim-lab-report.json');
  });
  test('text', async () => {
    await expect(renderText(report)).toMatchFileSnapshot('../golden/exim-lab-report.txt');
  });
});

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks */
function csvRecords(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      out.push(row);
      (row = []), (field = ''), i++;
    } else field += c;
  }
  return out;
}
