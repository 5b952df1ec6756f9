import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analysed, analysedKilled, linesOf } from './split-helpers.js';

// The lab logs, re-stamped to run through the night the clocks went back in Berlin
// (fixtures/README.md): the same traffic an hour of local time apart, read in that zone.

const change = Date.parse('2026-10-25T01:00:00Z');
const cases = [
  { log: 'fixtures/dst/postfix-berlin-fallback.log', lab: 'fixtures/lab/postfix-maillog_file.log', shift: change - Date.parse('2026-11-28T17:57:30Z'), at: 490 },
  { log: 'fixtures/dst/exim-berlin-fallback.log', lab: 'fixtures/lab/exim-mainlog.log', shift: change - Date.parse('2026-11-28T18:14:30Z'), at: 346 },
];

const TIMES = new Set(['ts', 'start_ts', 'end_ts', 'first_ts', 'last_ts', 'seen_ts', 'latest_ts', 'seen_clock', 'last_clock']);
// the log text carries the stamps; hours and minutes are buckets of local time
const LEAVE = new Set(['line', 'example']);
const BUCKETS = new Set(['line_stats', 'line_minutes', 'miss_minutes']);

/** every row with its times moved back by `shift`, and without the columns that hold the stamps */
function moved(dump: Record<string, string[]>, shift: number): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [table, rows] of Object.entries(dump)) {
    if (BUCKETS.has(table)) continue;
    out[table] = rows.map((json) => {
      const row = JSON.parse(json) as Record<string, unknown>;
      for (const k of Object.keys(row)) {
        if (LEAVE.has(k)) delete row[k];
        else if (TIMES.has(k) && typeof row[k] === 'number') row[k] = (row[k] as number) - shift;
      }
      return JSON.stringify(row);
    }).sort();
  }
  return out;
}

let savedTz: string | undefined;
beforeAll(() => {
  savedTz = process.env.TZ;
});
afterAll(() => {
  process.env.TZ = savedTz;
});

describe('a log through the hour that local time repeats', () => {
  for (const c of cases) {
    test(`${c.log}: the rows of the lab log, moved in time, and no connection or message ends before it began`, () => {
      process.env.TZ = 'UTC';
      const lab = analysed(linesOf(c.lab));
      process.env.TZ = 'Europe/Berlin';
      const got = analysed(linesOf(c.log));
      expect(moved(got, c.shift)).toEqual(moved(lab, 0));
      const backwards = [
        ...got.sessions.map((j) => JSON.parse(j) as { start_ts: number; end_ts: number | null }).filter((s) => s.end_ts !== null && s.end_ts < s.start_ts),
        ...got.messages.map((j) => JSON.parse(j) as { first_ts: number; last_ts: number }).filter((m) => m.last_ts < m.first_ts),
      ];
      expect(backwards).toEqual([]);
    });

    test(`${c.log}: split between two runs at every line around the change, the first finished or killed, the rows of one run`, () => {
      process.env.TZ = 'Europe/Berlin';
      const lines = linesOf(c.log);
      const want = JSON.stringify(analysed(lines));
      const bad: string[] = [];
      for (let at = c.at - 30; at <= c.at + 30; at++) {
        if (JSON.stringify(analysed(lines.slice(0, at), lines.slice(at))) !== want) bad.push(`finished ${at}`);
        if (JSON.stringify(analysedKilled(1, lines.slice(0, at), lines.slice(at))) !== want) bad.push(`killed ${at}`);
      }
      expect(bad).toEqual([]);
    });
  }
});
