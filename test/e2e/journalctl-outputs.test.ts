import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { LineParser } from '../../src/parse/index.js';
import { built, dump, mxlens, tempDir } from './helpers.js';

// What journalctl prints of a journal holding the lab's Postfix lines (fixtures/README.md,
// journalctl/): its text outputs short, short-full and short-unix, with the "-- Boot … --" line
// between two boots, and -o json. Each must give the rows the lab's syslog file gives.

const t = tempDir('journalctl');
afterAll(() => t.cleanup());

function analysed(file: string, name: string): Record<string, string[]> {
  const db = join(t.dir, `${name}.db`);
  const r = mxlens(['analyse', file, '--db', db, '--year', '2026']);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return dump(db);
}

/** the rows, without the raw lines (their prefixes differ) and the line counters (the boot line is one more) */
function rows(d: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [table, list] of Object.entries(d)) {
    if (table === 'line_stats' || table === 'line_minutes') continue;
    out[table] = list.map((j) => {
      const r = JSON.parse(j) as Record<string, unknown>;
      delete r.line;
      return JSON.stringify(r);
    }).sort();
  }
  return out;
}

describe('journalctl output formats', () => {
  test('short-full and short-unix stamps, and journalctl\'s marker lines', () => {
    const p = new LineParser({ year: 2026 });
    const iso = (line: string): string | null => {
      const ts = p.parse(line).rec?.ts;
      return ts === undefined || ts === null ? null : new Date(ts).toISOString();
    };
    expect(iso('Sat 2026-11-28 17:59:38 UTC vm postfix/smtpd[7163]: connect from unknown[127.0.0.42]')).toBe('2026-11-28T17:59:38.000Z');
    expect(iso('Sat 2026-11-28 20:59:38.250000 +03 vm postfix/smtpd[7163]: connect from unknown[127.0.0.42]')).toBe('2026-11-28T17:59:38.250Z');
    // a zone's abbreviation other than UTC is the local time of the machine that reads it (TZ=UTC in tests)
    expect(iso('Sat 2026-11-28 17:59:38 CET vm postfix/smtpd[7163]: connect from unknown[127.0.0.42]')).toBe('2026-11-28T17:59:38.000Z');
    expect(iso('1795888778.250000 vm postfix/smtpd[7163]: connect from unknown[127.0.0.42]')).toBe('2026-11-28T17:59:38.250Z');
    for (const marker of ['-- Boot 1f0e2d3c4b5a69788796a5b4c3d2e1f0 --', '-- No entries --', '-- Reboot --', '-- Logs begin at Mon 2021-01-04 10:00:00 UTC, end at Mon 2021-01-04 11:00:00 UTC. --']) {
      expect(p.parse(marker)).toMatchObject({ type: 'foreign', rec: { program: 'journalctl' } });
    }
    // not a marker
    expect(p.parse('-- something else').type).toBe('miss');
  });

  test.skipIf(!built)('each output of the journal gives the lab log\'s rows', () => {
    const lab = rows(analysed('fixtures/lab/postfix-syslog.log', 'lab'));
    for (const f of ['postfix-short.log', 'postfix-short-full.log', 'postfix-short-unix.log', 'postfix-journal.json']) {
      const d = analysed(join('fixtures/journalctl', f), f);
      expect(rows(d), f).toEqual(lab);
      const lines = d.line_stats!.map((j) => JSON.parse(j) as { parsed: number; unparsed: number; foreign_lines: number });
      expect(lines.reduce((n, l) => n + l.parsed, 0), f).toBe(714);
      expect(lines.reduce((n, l) => n + l.unparsed, 0), f).toBe(0);
    }
  });
});
