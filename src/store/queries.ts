import type { Db } from './db.js';

// Named read queries for the report. All SQL for reading lives here.

export interface Window {
  from: number | null;
  to: number | null;
}

export interface GroupRow {
  code: number | null;
  code_derived: number;
  enhanced: string | null;
  reason: string;
  direction: string;
  stage: string | null;
  n: number;
  first_ts: number | null;
  last_ts: number | null;
  text: string;
  remedy_id: string | null;
}

export interface Ranked {
  value: string;
  count: number;
}

const inWindow = (col: string) => `(? IS NULL OR ${col} >= ?) AND (? IS NULL OR ${col} < ?)`;
const w = (win: Window) => [win.from, win.from, win.to, win.to];

/** Rejectlog entries whose mainlog line was also read are the same rejection: count it once. */
const NOT_TWIN = `NOT (r.origin = 'rejectlog' AND EXISTS (SELECT 1 FROM replies t WHERE t.origin = 'log' AND t.host = r.host AND t.ts = r.ts AND t.text = r.text))`;

const PEER = (h: string, ip: string) => `CASE WHEN ${ip} IS NULL THEN ${h} WHEN ${h} IS NULL OR ${h} = '' THEN '[' || ${ip} || ']' ELSE ${h} || '[' || ${ip} || ']' END`;

export class ReportQueries {
  constructor(private readonly db: Db) {}

  private count(sql: string, ...params: unknown[]): number {
    const row = this.db.prepare(sql).get(...params) as { n: number | null } | undefined;
    return row?.n ?? 0;
  }

  lineTotals(win: Window): { lines: number; parsed: number; unparsed: number; foreign: number } {
    const windowed = win.from !== null || win.to !== null;
    const row = this.db
      .prepare(
        `SELECT sum(lines) AS lines, sum(parsed) AS parsed, sum(unparsed) AS unparsed, sum(foreign_lines) AS foreign_lines FROM line_stats
         WHERE ${windowed ? `hour > 0 AND (? IS NULL OR hour + 3600000 > ?) AND (? IS NULL OR hour < ?)` : '1'}`,
      )
      .get(...(windowed ? w(win) : [])) as Record<string, number | null>;
    return { lines: row.lines ?? 0, parsed: row.parsed ?? 0, unparsed: row.unparsed ?? 0, foreign: row.foreign_lines ?? 0 };
  }

  sessions(win: Window): number {
    return this.count(`SELECT count(*) AS n FROM sessions WHERE ${inWindow('start_ts')}`, ...w(win));
  }

  messages(win: Window): number {
    return this.count(`SELECT count(*) AS n FROM messages WHERE ${inWindow('first_ts')}`, ...w(win));
  }

  received(win: Window): number {
    return this.count(`SELECT count(*) AS n FROM messages WHERE origin IN ('smtp', 'pickup', 'local') AND ${inWindow('first_ts')}`, ...w(win));
  }

  deliveries(status: string, win: Window): number {
    return this.count(`SELECT count(*) AS n FROM deliveries WHERE status = ? AND ${inWindow('ts')}`, status, ...w(win));
  }

  /** messages with at least one deferred attempt (pflogsumm's "deferred") */
  deferredMessages(win: Window): number {
    return this.count(`SELECT count(DISTINCT host || ' ' || coalesce(queue_id, id)) AS n FROM deliveries WHERE status = 'deferred' AND ${inWindow('ts')}`, ...w(win));
  }

  rejected(win: Window): { total: number; c4: number; c5: number } {
    const row = this.db
      .prepare(
        `SELECT count(*) AS total, sum(code >= 400 AND code < 500) AS c4, sum(code >= 500) AS c5
         FROM replies r WHERE kind = 'reject' AND ${inWindow('ts')} AND ${NOT_TWIN}`,
      )
      .get(...w(win)) as { total: number; c4: number | null; c5: number | null };
    return { total: row.total, c4: row.c4 ?? 0, c5: row.c5 ?? 0 };
  }

  /** Messages first seen in the window that never reached Completed (Exim) or removed (Postfix): oldest first. */
  incomplete(win: Window, limit: number): { count: number; examples: Array<{ host: string; queue_id: string; first_ts: number | null; last_ts: number | null; sender: string | null }> } {
    // A Postfix queue file that qmgr never announced (no `from=, size=, nrcpt=` line) was
    // rejected or abandoned during DATA: cleanup deletes it without any `removed` line, and it
    // is already counted as a rejection or a stall. Only mail that entered the queue is open.
    const where = `state = 'open' AND (mta <> 'postfix' OR nrcpt IS NOT NULL) AND ${inWindow('first_ts')}`;
    const count = this.count(`SELECT count(*) AS n FROM messages WHERE ${where}`, ...w(win));
    const examples = this.db
      .prepare(`SELECT host, queue_id, first_ts, last_ts, sender FROM messages WHERE ${where} ORDER BY first_ts, host, queue_id LIMIT ?`)
      .all(...w(win), limit) as never;
    return { count, examples };
  }

  stalledCount(win: Window): number {
    return this.count(`SELECT count(*) AS n FROM stalls WHERE ${inWindow('ts')}`, ...w(win));
  }

  /** Rejections grouped by code, enhanced code, normalised reason and direction. */
  rejectionGroups(win: Window, limit: number): { groups: GroupRow[]; more: number } {
    const where = `kind = 'reject' AND ${inWindow('ts')} AND ${NOT_TWIN}`;
    return this.groups('replies', where, w(win), limit);
  }

  deliveryGroups(status: string, win: Window, limit: number): { groups: GroupRow[]; more: number } {
    const where = `status = ? AND ${inWindow('ts')}`;
    return this.groups('deliveries', where, [status, ...w(win)], limit);
  }

  private groups(table: 'replies' | 'deliveries', where: string, params: unknown[], limit: number): { groups: GroupRow[]; more: number } {
    const dir = table === 'replies' ? 'direction' : `'outbound'`;
    const text = table === 'replies' ? 'text' : 'coalesce(reply_text, detail)';
    const all = this.db
      .prepare(
        `SELECT code, max(code_derived) AS code_derived, enhanced, coalesce(reason, '') AS reason, ${dir} AS direction, max(stage) AS stage,
                count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, min(${text}) AS text, max(remedy_id) AS remedy_id
         FROM ${table} r WHERE ${where}
         GROUP BY code, enhanced, coalesce(reason, ''), ${dir} ORDER BY coalesce(code, 0) >= 500 DESC, n DESC, code, enhanced, reason`,
      )
      .all(...params) as GroupRow[];
    return { groups: all.slice(0, limit), more: Math.max(0, all.length - limit) };
  }

  private groupFilter(table: string, g: GroupRow): { sql: string; params: unknown[] } {
    const dir = table === 'replies' ? 'direction = ?' : '? IS NOT NULL';
    return { sql: `code IS ? AND enhanced IS ? AND coalesce(reason, '') = ? AND ${dir}`, params: [g.code, g.enhanced, g.reason, g.direction] };
  }

  topPeers(table: 'replies' | 'deliveries', where: string, params: unknown[], g: GroupRow, limit: number): Ranked[] {
    const f = this.groupFilter(table, g);
    const peer = table === 'replies' && g.direction === 'inbound' ? PEER('client_host', 'client_ip') : PEER('relay_host', 'relay_ip');
    return this.db
      .prepare(`SELECT ${peer} AS value, count(*) AS count FROM ${table} r WHERE ${where} AND ${f.sql} AND ${peer} IS NOT NULL GROUP BY value ORDER BY count DESC, value LIMIT ?`)
      .all(...params, ...f.params, limit) as Ranked[];
  }

  topDomains(table: 'replies' | 'deliveries', where: string, params: unknown[], g: GroupRow, limit: number): Ranked[] {
    const f = this.groupFilter(table, g);
    return this.db
      .prepare(`SELECT recipient_domain AS value, count(*) AS count FROM ${table} r WHERE ${where} AND ${f.sql} AND recipient_domain IS NOT NULL GROUP BY value ORDER BY count DESC, value LIMIT ?`)
      .all(...params, ...f.params, limit) as Ranked[];
  }

  examples(table: 'replies' | 'deliveries', where: string, params: unknown[], g: GroupRow, limit: number): string[] {
    const f = this.groupFilter(table, g);
    const rows = this.db.prepare(`SELECT line FROM ${table} r WHERE ${where} AND ${f.sql} ORDER BY ts, id LIMIT ?`).all(...params, ...f.params, limit) as Array<{ line: string }>;
    return rows.map((r) => r.line);
  }

  stallGroups(win: Window): Array<{ kind: string; direction: string; n: number; first_ts: number | null; last_ts: number | null; remedy_id: string }> {
    return this.db
      .prepare(`SELECT kind, direction, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, max(remedy_id) AS remedy_id FROM stalls WHERE ${inWindow('ts')} GROUP BY kind, direction ORDER BY n DESC, kind`)
      .all(...w(win)) as never;
  }

  stallPeers(kind: string, win: Window, limit: number): Ranked[] {
    return this.db
      .prepare(`SELECT ${PEER('peer_host', 'peer_ip')} AS value, count(*) AS count FROM stalls WHERE kind = ? AND ${inWindow('ts')} AND peer_ip IS NOT NULL GROUP BY value ORDER BY count DESC, value LIMIT ?`)
      .all(kind, ...w(win), limit) as Ranked[];
  }

  stallExamples(kind: string, win: Window, limit: number): string[] {
    const rows = this.db.prepare(`SELECT line FROM stalls WHERE kind = ? AND ${inWindow('ts')} ORDER BY ts, id LIMIT ?`).all(kind, ...w(win), limit) as Array<{ line: string }>;
    return rows.map((r) => r.line);
  }

  problems(win: Window, limit: number): Array<{ severity: string; program: string; shape: string; n: number; example: string }> {
    return this.db
      .prepare(`SELECT severity, program, shape, count(*) AS n, min(line) AS example FROM problems WHERE ${inWindow('ts')} GROUP BY severity, program, shape ORDER BY n DESC, shape LIMIT ?`)
      .all(...w(win), limit) as never;
  }

  misses(win: Window, limit: number): Array<{ program: string; shape: string; count: number; example: string }> {
    return this.db
      .prepare(`SELECT program, shape, count, example FROM misses WHERE (? IS NULL OR last_ts IS NULL OR last_ts >= ?) AND (? IS NULL OR first_ts IS NULL OR first_ts < ?) ORDER BY count DESC, program, shape LIMIT ?`)
      .all(...w(win), limit) as never;
  }
}
