import type { Db } from './db.js';
import type { LeftOut, Window } from './queries.js';

// Line counts of a report window. line_minutes counts lines per minute, so a window is exact
// to the minute; an end that falls inside a minute is moved to the nearest whole minute (so the
// windows of a cron job run every N minutes with --since Nm follow each other with no minute
// counted twice or left out), or, when that leaves no minute of a window shorter than one, to the
// minutes around it. Lines stored before per-minute counting have hours only (line_stats): an
// hour of those that the window cuts counts whole and widens the span to it. The span the
// counts cover is handed back so the report can say so: no line is counted silently.

const MINUTE = 60_000;
const HOUR = 3_600_000;

export interface LineTotals {
  lines: number;
  parsed: number;
  unparsed: number;
  foreign: number;
  /** what the counts cover: the window itself, or wider (whole minutes or hours) */
  span: Window;
}

export interface MissRow {
  program: string;
  shape: string;
  count: number;
  example: string;
}

interface Span {
  from: number | null;
  to: number | null;
  hosts: readonly string[];
  /** hours with line_stats counts and no (or not all their) per-minute counts */
  legacy: number[];
}

const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;
const ceilTo = (ms: number, unit: number) => Math.ceil(ms / unit) * unit;
const roundTo = (ms: number, unit: number) => Math.round(ms / unit) * unit;
// the rows of some hosts only (report --host), for tables with a host column
const hostIn = (hosts: readonly string[], col = 'host'): string => (hosts.length === 0 ? '' : ` AND ${col} IN (${hosts.map(() => '?').join(',')})`);
const sums = 'sum(lines) AS lines, sum(parsed) AS parsed, sum(unparsed) AS unparsed, sum(foreign_lines) AS foreign_lines';
type SumRow = Record<'lines' | 'parsed' | 'unparsed' | 'foreign_lines', number | null>;

export class LineQueries {
  constructor(private readonly db: Db) {}

  /** The window moved to whole minutes, and widened to whole hours where only hourly counts exist. */
  private span(win: Window): Span {
    let from = win.from === null ? null : roundTo(win.from, MINUTE);
    let to = win.to === null ? null : roundTo(win.to, MINUTE);
    if (win.from !== null && win.to !== null && win.to > win.from && to! <= from!) {
      from = floorTo(win.from, MINUTE);
      to = ceilTo(win.to, MINUTE);
    }
    // hourly rows whose lines the minutes do not add up to were written before per-minute
    // counting began; only hours up to the first minute row can be such
    const first = (this.db.prepare('SELECT min(minute) AS m FROM line_minutes WHERE minute > 0').get() as { m: number | null }).m;
    const upTo = first === null ? null : floorTo(first, HOUR) + HOUR;
    const hosts = win.hosts ?? [];
    const legacy = (this.db
      .prepare(
        `SELECT DISTINCT hour FROM line_stats h WHERE hour > 0 AND (? IS NULL OR hour + ${HOUR} > ?) AND (? IS NULL OR hour < ?) AND (? IS NULL OR hour < ?)${hostIn(hosts, 'h.host')}
           AND lines <> coalesce((SELECT sum(lines) FROM line_minutes m WHERE m.minute >= h.hour AND m.minute < h.hour + ${HOUR} AND m.host = h.host AND m.mta = h.mta), 0)
         ORDER BY hour`,
      )
      .all(from, from, to, to, upTo, upTo, ...hosts) as Array<{ hour: number }>).map((r) => r.hour);
    if (legacy.length > 0) {
      if (from !== null) from = Math.min(from, legacy[0]!);
      if (to !== null) to = Math.max(to, legacy.at(-1)! + HOUR);
    }
    return { from, to, hosts, legacy };
  }

  /** minute rows in the span, leaving out the legacy hours (counted from line_stats) */
  private minuteWhere(s: Span): { sql: string; params: unknown[] } {
    const legacy = s.legacy.length === 0 ? '' : ` AND (minute / ${HOUR}) * ${HOUR} NOT IN (${s.legacy.map(() => '?').join(',')})`;
    return { sql: `minute > 0 AND (? IS NULL OR minute >= ?) AND (? IS NULL OR minute < ?)${legacy}${hostIn(s.hosts)}`, params: [s.from, s.from, s.to, s.to, ...s.legacy, ...s.hosts] };
  }

  totals(win: Window): LineTotals {
    const hosts = win.hosts ?? [];
    if (win.from === null && win.to === null) {
      const row = this.db.prepare(`SELECT ${sums} FROM line_stats WHERE 1${hostIn(hosts)}`).get(...hosts) as SumRow;
      return { ...fromRow(row), span: { from: null, to: null } };
    }
    const s = this.span(win);
    const m = this.minuteWhere(s);
    const minutes = fromRow(this.db.prepare(`SELECT ${sums} FROM line_minutes WHERE ${m.sql}`).get(...m.params) as SumRow);
    if (s.legacy.length > 0) {
      const hours = fromRow(this.db.prepare(`SELECT ${sums} FROM line_stats WHERE hour IN (${s.legacy.map(() => '?').join(',')})${hostIn(hosts)}`).get(...s.legacy, ...hosts) as SumRow);
      minutes.lines += hours.lines;
      minutes.parsed += hours.parsed;
      minutes.unparsed += hours.unparsed;
      minutes.foreign += hours.foreign;
    }
    return { ...minutes, span: { from: s.from, to: s.to } };
  }

  /**
   * Unparsed lines of the window by program and shape: the same lines as totals().unparsed.
   * Unparsed lines of legacy hours have no per-minute shape counts: they are counted as unshaped.
   */
  misses(win: Window, limit: number): { rows: MissRow[]; more: LeftOut } {
    if ((win.hosts ?? []).length > 0) return this.hostMisses(win, limit);
    if (win.from === null && win.to === null) {
      const rows = this.db.prepare('SELECT program, shape, count, example FROM misses ORDER BY count DESC, program, shape LIMIT ?').all(limit) as MissRow[];
      const all = this.db.prepare('SELECT count(*) AS groups, coalesce(sum(count), 0) AS lines FROM misses').get() as LeftOut;
      return { rows, more: { groups: all.groups - rows.length, lines: all.lines - rows.reduce((t, r) => t + r.count, 0) } };
    }
    const s = this.span(win);
    const m = this.minuteWhere(s);
    const all = this.db
      .prepare(
        `SELECT g.program, g.shape, g.n AS count, coalesce(x.example, '') AS example FROM
           (SELECT program, shape, sum(count) AS n FROM miss_minutes WHERE ${m.sql} GROUP BY program, shape) g
         LEFT JOIN misses x ON x.program = g.program AND x.shape = g.shape
         ORDER BY count DESC, g.program, g.shape`,
      )
      .all(...m.params) as MissRow[];
    const { rows, more } = firstRows(all, limit);
    if (s.legacy.length > 0) {
      const old = this.db.prepare(`SELECT coalesce(sum(unparsed), 0) AS n FROM line_stats WHERE hour IN (${s.legacy.map(() => '?').join(',')})`).get(...s.legacy) as { n: number };
      if (old.n > 0) more.unshaped = old.n;
    }
    return { rows, more };
  }

  /**
   * The same for some hosts only, from the per-host tables, with an example from one of those
   * hosts. Lines stored before per-host shapes were kept (and those of legacy hours) are in the
   * totals but in no shape: they are counted as unshaped, so the section still adds up to the totals.
   */
  private hostMisses(win: Window, limit: number): { rows: MissRow[]; more: LeftOut } {
    const hosts = win.hosts ?? [];
    const inHosts = hostIn(hosts);
    const example = `coalesce((SELECT x.example FROM miss_hosts x WHERE x.program = g.program AND x.shape = g.shape${hostIn(hosts, 'x.host')} ORDER BY x.first_ts, x.host LIMIT 1), '')`;
    let all: MissRow[];
    if (win.from === null && win.to === null) {
      all = this.db
        .prepare(
          `SELECT g.program, g.shape, g.n AS count, ${example} AS example FROM
             (SELECT program, shape, sum(count) AS n FROM miss_hosts WHERE 1${inHosts} GROUP BY program, shape) g
           ORDER BY count DESC, g.program, g.shape`,
        )
        .all(...hosts, ...hosts) as MissRow[];
    } else {
      const m = this.minuteWhere(this.span(win));
      all = this.db
        .prepare(
          `SELECT g.program, g.shape, g.n AS count, ${example} AS example FROM
             (SELECT program, shape, sum(count) AS n FROM miss_host_minutes WHERE ${m.sql} GROUP BY program, shape) g
           ORDER BY count DESC, g.program, g.shape`,
        )
        // the example's hosts come first: its subquery is in the SELECT list
        .all(...hosts, ...m.params) as MissRow[];
    }
    const { rows, more } = firstRows(all, limit);
    const unknown = this.totals(win).unparsed - all.reduce((t, r) => t + r.count, 0);
    if (unknown > 0) more.unshaped = unknown;
    return { rows, more };
  }
}

function firstRows(all: MissRow[], limit: number): { rows: MissRow[]; more: LeftOut } {
  const rest = all.slice(limit);
  return { rows: all.slice(0, limit), more: { groups: rest.length, lines: rest.reduce((t, r) => t + r.count, 0) } };
}

function fromRow(row: SumRow): Omit<LineTotals, 'span'> {
  return { lines: row.lines ?? 0, parsed: row.parsed ?? 0, unparsed: row.unparsed ?? 0, foreign: row.foreign_lines ?? 0 };
}
