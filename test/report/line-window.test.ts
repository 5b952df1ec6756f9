import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyse } from '../../src/app/analyse.js';
import { buildReport } from '../../src/app/report.js';
import { renderProm } from '../../src/report/render/prom.js';
import { renderText } from '../../src/report/render/text.js';
import { crossedRules, parseRule } from '../../src/report/thresholds.js';
import { tempDir } from '../helpers.js';

// The line counts of a windowed report (lines, parsed, unparsed, other programs, the UNPARSED
// list, --fail-on, mxlens_log_lines) count the lines of the window, to the minute; when the
// window's ends fall inside a minute (or cut an hour stored before per-minute counting) the
// report says which span they cover.

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const LAB = resolve('fixtures/lab/postfix-syslog.log');
const now = () => Date.parse('2026-11-29T00:00:00Z');
const lab = join(tmp.dir, 'lab.db');
const esc = join(tmp.dir, 'esc.db');
const old = join(tmp.dir, 'old.db');

const report = (db: string, from: string, to: string) => buildReport({ db, window: { from: Date.parse(from), to: Date.parse(to) }, top: 10, now });
const labLines = (re: RegExp) => readFileSync(LAB, 'utf8').split('\n').filter((l) => re.test(l.slice(0, 16))).length;

beforeAll(async () => {
  await analyse({ db: lab, inputs: [LAB], now, year: 2026 });
  await analyse({ db: old, inputs: [LAB], now, year: 2026 });
  // what a database written before per-minute counting holds: hourly counts only
  const d = new Database(old);
  d.exec('DELETE FROM line_minutes; DELETE FROM miss_minutes');
  d.close();
  // four lines at 17:59:38-41, two of them not understood
  const log = join(tmp.dir, 'esc.log');
  writeFileSync(log, [
    'Nov 28 17:59:38 vm postfix/smtpd[7163]: connect from localhost[127.0.0.1]',
    'Nov 28 17:59:39 vm postfix/smtpd[7163]: something postfix never says',
    'Nov 28 17:59:40 vm postfix/smtpd[7163]: something else postfix never says',
    'Nov 28 17:59:41 vm postfix/smtpd[7163]: disconnect from localhost[127.0.0.1] ehlo=1 quit=1 commands=2',
  ].join('\n') + '\n');
  await analyse({ db: esc, inputs: [log], now, year: 2026 });
});

describe('line counts of a report window', () => {
  test('a window of whole minutes counts exactly its lines, and says nothing more', () => {
    const want = labLines(/ 18:00:\d\d /);
    expect(want).toBe(328);
    const r = report(lab, '2026-11-28T18:00:00Z', '2026-11-28T18:01:00Z');
    expect(r.totals).toMatchObject({ lines: want, parsed: want });
    expect(r.lines_window).toBeUndefined();
    expect(renderText(r)).not.toContain('line counts cover');
  });

  test('ends inside a minute move to the nearest minute, and the header says so', () => {
    const r = report(lab, '2026-11-28T18:00:20Z', '2026-11-28T18:01:40Z');
    expect(r.lines_window).toEqual({ from: '2026-11-28T18:00:00.000Z', to: '2026-11-28T18:02:00.000Z' });
    expect(r.totals.lines).toBe(labLines(/ 18:0[01]:\d\d /));
    expect(renderText(r).split('\n')[1]).toBe(
      'line counts cover 2026-11-28 18:00:00 +0000 .. 2026-11-28 18:02:00 +0000 (lines are counted by whole minutes; by whole hours where an older mxlens stored them)',
    );
  });

  test('a window inside one minute counts that minute', () => {
    const r = report(lab, '2026-11-28T18:00:30Z', '2026-11-28T18:00:40Z');
    expect(r.lines_window).toEqual({ from: '2026-11-28T18:00:00.000Z', to: '2026-11-28T18:01:00.000Z' });
    expect(r.totals.lines).toBe(328);
  });

  test('a window with no lines: no unparsed lines in the totals, the list, --fail-on or the metrics', () => {
    const r = report(esc, '2026-11-28T17:59:50Z', '2026-11-28T18:15:00Z');
    expect(r.totals).toMatchObject({ lines: 0, unparsed: 0 });
    expect(r.unparsed).toEqual([]);
    expect(crossedRules(r, [parseRule('unparsed>0')])).toEqual([]);
    expect(renderProm(r)).toContain('mxlens_log_lines{outcome="unparsed"} 0');
  });

  test('the window that holds them: the totals and the UNPARSED list agree, and the rule fires', () => {
    const r = report(esc, '2026-11-28T17:59:00Z', '2026-11-28T18:00:00Z');
    expect(r.totals).toMatchObject({ lines: 4, parsed: 2, unparsed: 2 });
    expect(r.unparsed.reduce((n, u) => n + u.count, 0)).toBe(2);
    expect(crossedRules(r, [parseRule('unparsed>0')])).toHaveLength(1);
    expect(renderProm(r)).toContain('mxlens_log_lines{outcome="unparsed"} 2');
  });

  test('hourly counts only: a window cutting the hour counts it whole and says so', () => {
    const r = report(old, '2026-11-28T18:00:00Z', '2026-11-28T18:01:00Z');
    expect(r.lines_window).toEqual({ from: '2026-11-28T18:00:00.000Z', to: '2026-11-28T19:00:00.000Z' });
    expect(r.totals.lines).toBe(labLines(/ 18:\d\d:\d\d /));
    // the whole database: the hourly counts as before
    expect(buildReport({ db: old, window: { from: null, to: null }, top: 10, now }).totals.lines).toBe(714);
  });
});

describe('an open-ended window is named, not shown as "?"', () => {
  const build = (from: number | null, to: number | null, lang?: string) => buildReport({ db: lab, window: { from, to }, top: 10, now, lang });
  const at = Date.parse('2026-11-28T18:00:00Z');
  test('--since alone: "since …"; --until alone: "until …"', () => {
    expect(renderText(build(at, null)).split('\n')[0]).toBe('mxlens report (since 2026-11-28 18:00:00 +0000)');
    expect(renderText(build(null, at)).split('\n')[0]).toBe('mxlens report (until 2026-11-28 18:00:00 +0000)');
  });
  test('in Vietnamese', () => {
    expect(renderText(build(at, null, 'vi')).split('\n')[0]).toBe('Báo cáo mxlens (kể từ 2026-11-28 18:00:00 +0000)');
    expect(renderText(build(null, at, 'vi')).split('\n')[0]).toBe('Báo cáo mxlens (cho đến 2026-11-28 18:00:00 +0000)');
  });
  test('line counts of an open end say where they start', () => {
    const text = renderText(build(at + 20_000, null)).split('\n');
    expect(text[0]).toBe('mxlens report (since 2026-11-28 18:00:20 +0000)');
    expect(text[1]).toMatch(/^line counts start at 2026-11-28 18:00:00 \+0000 /);
  });
});
