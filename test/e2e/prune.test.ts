import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { built, counts, dump, mxlens, tempDir } from './helpers.js';

// prune --older-than deletes old rows and the report over the remaining window is unchanged.

const t = tempDir('prune');
afterAll(() => t.cleanup());

describe.skipIf(!built)('prune', () => {
  test('rows before the cut-off go; the report for the window that remains is the same', () => {
    const src = readFileSync(resolve('fixtures/lab/postfix-syslog-rfc3339.log'), 'utf8');
    const log = join(t.dir, 'mail.log');
    // and a line no pattern knows each day, so the unparsed counts have rows to prune too
    const odd = (d: string) => `2026-11-${d}T18:03:00.000000+00:00 vm postfix/smtpd[1]: a line of a kind mxlens has never seen\n`;
    writeFileSync(log, ['24', '25', '26', '27', '28'].map((d) => src.replace(/^2026-11-28T/gm, `2026-11-${d}T`) + odd(d)).join(''));
    const db = join(t.dir, 'db.sqlite');
    expect(mxlens(['analyse', log, '--db', db]).status).toBe(0);
    const cut = '2026-11-27T00:00:00Z';
    const report = (...more: string[]) => {
      const r = mxlens(['report', '--db', db, '--since', '2026-11-27', '--format', 'json', '--top', '50', ...more]);
      expect(r.status, r.stderr).toBe(0);
      const { generated_at: _g, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
      return rest;
    };
    const before = report();
    const beforeHost = report('--host', 'vm');
    expect((beforeHost.totals as { unparsed: number }).unparsed).toBe(2);
    const all = counts(dump(db));
    const size = statSync(db).size;

    const p = mxlens(['prune', '--older-than', cut.slice(0, 10), '--db', db, '--vacuum']);
    expect([p.status, p.stdout, p.stderr]).toEqual([0, '', '']);
    const after = counts(dump(db));
    // three of five days are gone from every dated table
    // (messages are not in this list: the copied days reuse queue ids, so each message spans all five days)
    for (const table of ['replies', 'deliveries', 'sessions', 'line_stats', 'line_minutes', 'miss_minutes', 'miss_host_minutes']) {
      expect(after[table]).toBeLessThan(all[table]!);
      expect(after[table]).toBeGreaterThan(0);
    }
    expect(report()).toEqual(before);
    expect(report('--host', 'vm')).toEqual(beforeHost);
    expect(statSync(db).size).toBeLessThan(size);
    // nothing left to prune: a second prune deletes nothing
    expect(mxlens(['prune', '--older-than', cut.slice(0, 10), '--db', db]).status).toBe(0);
    expect(counts(dump(db))).toEqual(after);
  });

  test('a cut-off inside an hour: a window after it still gives the same numbers', () => {
    const log = join(t.dir, 'half-hour.log');
    writeFileSync(log, [
      '2026-11-20T10:10:00+00:00 mx postfix/smtpd[1]: connect from unknown[192.0.2.1]',
      '2026-11-20T10:10:03+00:00 mx postfix/smtpd[1]: some line mxlens does not know',
      '2026-11-20T10:40:00+00:00 mx postfix/smtpd[2]: connect from unknown[192.0.2.2]',
      '2026-11-20T10:40:01+00:00 mx postfix/smtpd[2]: disconnect from unknown[192.0.2.2] ehlo=1 quit=1 commands=2',
      '',
    ].join('\n'));
    const db = join(t.dir, 'half-hour.sqlite');
    expect(mxlens(['analyse', log, '--db', db]).status).toBe(0);
    const report = () => {
      const r = mxlens(['report', '--db', db, '--since', '2026-11-20T10:35:00Z', '--format', 'json']);
      expect(r.status, r.stderr).toBe(0);
      const { generated_at: _g, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
      return rest;
    };
    const before = report();
    expect(before.totals).toMatchObject({ lines: 2, unparsed: 0 });
    expect(mxlens(['prune', '--older-than', '2026-11-20T10:30:00Z', '--db', db]).status).toBe(0);
    expect(report()).toEqual(before);
  });

  test('a bad span is a usage error', () => {
    const r = mxlens(['prune', '--older-than', 'ninety days', '--db', join(t.dir, 'x.sqlite')]);
    expect(r.status).toBe(64);
  });
});
