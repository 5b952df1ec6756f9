import { describe, expect, test } from 'vitest';
import { copyFileSync, utimesSync } from 'node:fs';
import { basename, join } from 'node:path';
import { cli, fixture, tempDir } from '../helpers.js';

/**
 * A copy of a fixture dated when the lab wrote it. A fresh checkout dates the files to the clone,
 * and a reject log modified in the last ten minutes keeps its last entry for the next run (its
 * header lines may still be on their way): how many rows a run stores would depend on the clock.
 */
function labCopy(dir: string, name: string): string {
  const copy = join(dir, basename(name));
  copyFileSync(fixture(name), copy);
  const labTime = new Date('2026-11-30T00:00:00Z');
  utimesSync(copy, labTime, labTime);
  return copy;
}

// The README's views are for one's own SQL: counted as the report counts. An Exim rejectlog entry
// whose mainlog line was read too is stored twice (origin 'rejectlog' beside 'log'); the report
// counts the refusal once, and so must the views, or rejections_by_code says twice the report.

describe('views over replies', () => {
  test('a mainlog read with its rejectlog: each refusal is one row of rejections, rejections_by_code and all_replies', () => {
    const t = tempDir();
    try {
      const db = join(t.dir, 'v.db');
      expect(cli(['analyse', '--db', db, labCopy(t.dir, 'lab/exim-mainlog.log'), labCopy(t.dir, 'lab/exim-rejectlog.log')]).code).toBe(0);
      const report = JSON.parse(cli(['report', '--db', db, '--format', 'json']).stdout).totals.rejected.total as number;
      const n = (sql: string) => (JSON.parse(cli(['query', sql, '--db', db, '--format', 'json']).stdout) as Array<{ n: number }>)[0]!.n;
      // the lab's 24 refusals, each with its rejectlog entry
      expect(report).toBe(24);
      expect(n(`SELECT count(*) AS n FROM replies WHERE kind = 'reject'`)).toBe(48);
      expect(n('SELECT count(*) AS n FROM rejections')).toBe(report);
      expect(n('SELECT sum(n) AS n FROM rejections_by_code')).toBe(report);
      expect(n(`SELECT count(*) AS n FROM all_replies WHERE kind = 'reject'`)).toBe(report);
    } finally {
      t.cleanup();
    }
  });

  test('a rejectlog read alone keeps every entry', () => {
    const t = tempDir();
    try {
      const db = join(t.dir, 'v.db');
      expect(cli(['analyse', '--db', db, labCopy(t.dir, 'lab3/lab3-exim-rejectlog.log')]).code).toBe(0);
      const report = JSON.parse(cli(['report', '--db', db, '--format', 'json']).stdout).totals.rejected.total as number;
      const n = (sql: string) => (JSON.parse(cli(['query', sql, '--db', db, '--format', 'json']).stdout) as Array<{ n: number }>)[0]!.n;
      expect(report).toBeGreaterThan(0);
      expect(n('SELECT count(*) AS n FROM rejections')).toBe(report);
    } finally {
      t.cleanup();
    }
  });
});
