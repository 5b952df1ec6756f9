import type { Db } from './db.js';
import { LineQueries, type LineTotals, type MissRow } from './line-queries.js';

// Named read queries for the report. All SQL for reading lives here.

export interface Window {
  from: number | null;
  to: number | null;
  /** only the rows of these hosts (as stored); null or empty: every host */
  hosts?: readonly string[] | null;
}

/** A WHERE condition and its parameters. */
export interface Scope {
  sql: string;
  params: unknown[];
}

/** The rows of a window whose time is in `col`, and of its hosts when the report is for some hosts only. */
export function scopeOf(win: Window, col: string, hostCol = 'host'): Scope {
  const hosts = win.hosts ?? [];
  const byHost = hosts.length === 0 ? '' : ` AND ${hostCol} IN (${hosts.map(() => '?').join(',')})`;
  return { sql: `(? IS NULL OR ${col} >= ?) AND (? IS NULL OR ${col} < ?)${byHost}`, params: [win.from, win.from, win.to, win.to, ...hosts] };
}

export interface GroupRow {
  code: number | null;
  code_derived: number;
  enhanced: string | null;
  /** 1 when the enhanced code is Postfix's own dsn=, not one the remote sent with its reply */
  enhanced_derived: number;
  reason: string;
  direction: string;
  n: number;
  first_ts: number | null;
  last_ts: number | null;
  text: string;
  remedy_id: string | null;
  /** deliveries: the cause a bounce that ran out of retries, or an expiry, names (the group's reason holds it masked) */
  last_error: string | null;
}

export interface Ranked {
  value: string;
  count: number;
}

/** What a limited list did not show. */
export interface LeftOut {
  groups: number;
  lines: number;
  /** unparsed lines counted in the totals whose shapes were not kept for this window or these hosts (stored by an older mxlens) */
  unshaped?: number;
}

export interface Groups {
  groups: GroupRow[];
  more: LeftOut;
}

/** Which rejections a list holds: temporary (4xx) or everything else (5xx, and the rare row with no code). */
export type RejectClass = '4xx' | '5xx';

// Exim logs a `==` line each time a queue run finds a recipient's retry time not yet reached:
// no host was tried, so it is a skipped attempt, not a failure. Matched on the masked reason
// ("retry time not reached", "retry time not reached for any host for 'x'", "Retry time not yet reached").
// So is the first pass of a message routed only, to be delivered by a later queue run (-odqs,
// queue_smtp_domains, control = queue): "first-pass only routing due to ...", before 4.9x
// "domain matches queue_smtp_domains, or -odqs set".
// (SQLite's LIKE is case-blind for ASCII: "Retry time not yet reached" needs no lower())
export const RETRY_SKIP = `(coalesce(reason, '') LIKE 'retry time not%reached%' OR coalesce(reason, '') LIKE 'first-pass only routing%'
  OR coalesce(reason, '') LIKE 'domain matches queue_smtp_domains%')`;

export const leftOut = (rest: Array<{ n: number }>): LeftOut => ({ groups: rest.length, lines: rest.reduce((t, g) => t + g.n, 0) });


/** Rejectlog entries whose mainlog line was also read are the same rejection: count it once. */
export const NOT_TWIN = `NOT (r.origin = 'rejectlog' AND EXISTS (SELECT 1 FROM replies t WHERE t.kind = r.kind AND t.ts = r.ts AND t.origin = 'log' AND t.host = r.host AND t.text = r.text))`;

// Deliveries failed by our own agents or routers (see local_agent) are told apart from those a remote answered.
export const DELIVERY_DIR = `CASE WHEN r.local_agent = 1 THEN 'local' ELSE 'outbound' END`;
/**
 * Who a group's ranked peers are: the clients our server refused, the remote servers that
 * answered our deliveries, or (for our own delivery agents) the agent's program name.
 */
export function peerKind(table: 'replies' | 'deliveries', direction: string): 'client' | 'remote' | 'agent' {
  if (direction === 'local') return 'agent';
  return table === 'replies' && direction === 'inbound' ? 'client' : 'remote';
}

export const PEER = (h: string, ip: string) => `CASE WHEN ${ip} IS NULL THEN ${h} WHEN ${h} IS NULL OR ${h} = '' THEN '[' || ${ip} || ']' ELSE ${h} || '[' || ${ip} || ']' END`;

/** An Exim message whose latest freeze or thaw (message_notes) was a freeze: it waits for the administrator. */
const FROZEN = `coalesce((SELECT n.what FROM message_notes n WHERE n.message_row = messages.id AND n.what IN ('frozen', 'thawed') ORDER BY n.ts DESC, n.id DESC LIMIT 1) = 'frozen', 0)`;

// A line that stands for several ("message repeated 3 times: [...]") is stored once per event: the
// examples show it once. Rows are read a few times over, so a group's first lines are still found
// quickly; past that a group shows fewer examples.
export const EXAMPLE_READ = 5;

/** the first `limit` different lines, in order */
export function distinctFirst(lines: string[], limit: number): string[] {
  return [...new Set(lines)].slice(0, limit);
}

export class ReportQueries {
  constructor(private readonly db: Db) {}

  private count(sql: string, ...params: unknown[]): number {
    const row = this.db.prepare(sql).get(...params) as { n: number | null } | undefined;
    return row?.n ?? 0;
  }

  /** Line counts of the window and the span they cover (see line-queries.ts). */
  /** Every host the database has lines of, in name order ('' for lines with no prefix is left out). */
  hosts(): string[] {
    return (this.db.prepare(`SELECT DISTINCT host FROM line_stats WHERE host <> '' ORDER BY host`).all() as Array<{ host: string }>).map((r) => r.host);
  }

  /**
   * Per host with lines in the window: line counts, and the rejections, bounces, deferrals,
   * stalls and TLS failures of the sections below, so that the hosts add up to the totals.
   */
  hostCounts(win: Window): Array<{ host: string; lines: number; unparsed: number; rejected: number; bounced: number; deferrals: number; stalled: number; tls: number }> {
    const asked = win.hosts ?? [];
    const all = (this.db.prepare(`SELECT DISTINCT host FROM line_stats ORDER BY host`).all() as Array<{ host: string }>).map((r) => r.host);
    const hosts = asked.length === 0 ? all : all.filter((h) => asked.includes(h));
    const byHost = (sql: string, params: unknown[]): Map<string, number> =>
      new Map((this.db.prepare(`${sql} GROUP BY host`).all(...params) as Array<{ host: string; n: number }>).map((r) => [r.host, r.n]));
    const rej = this.rejectionScope(win);
    const rejected = byHost(`SELECT host, count(*) AS n FROM replies r WHERE ${rej.sql}`, rej.params);
    const bnc = this.deliveryScope('bounced', win);
    const bounced = byHost(`SELECT host, count(*) AS n FROM deliveries WHERE ${bnc.sql}`, bnc.params);
    const dfr = this.deliveryScope('deferred', win);
    const deferrals = byHost(`SELECT host, count(*) AS n FROM deliveries WHERE ${dfr.sql}`, dfr.params);
    const st = scopeOf(win, 'ts');
    const stalled = byHost(`SELECT host, count(*) AS n FROM stalls WHERE ${st.sql}`, st.params);
    const tls = byHost(`SELECT host, count(*) AS n FROM tls_failures WHERE ${st.sql}`, st.params);
    const lines = new LineQueries(this.db);
    return hosts
      .map((host) => {
        const t = lines.totals({ ...win, hosts: [host] });
        return { host, lines: t.lines, unparsed: t.unparsed, rejected: rejected.get(host) ?? 0, bounced: bounced.get(host) ?? 0, deferrals: deferrals.get(host) ?? 0, stalled: stalled.get(host) ?? 0, tls: tls.get(host) ?? 0 };
      })
      // lines are counted by the minute: a window that starts or ends inside a minute can hold a
      // host's refusals and stalls with none of its lines, and the rows must still add up to the totals
      .filter((h) => h.lines > 0 || h.rejected + h.bounced + h.deferrals + h.stalled + h.tls > 0)
      .sort((a, b) => b.lines - a.lines || (a.host < b.host ? -1 : 1));
  }

  lineTotals(win: Window): LineTotals {
    return new LineQueries(this.db).totals(win);
  }

  sessions(win: Window): number {
    const s = scopeOf(win, 'start_ts');
    return this.count(`SELECT count(*) AS n FROM sessions WHERE ${s.sql}`, ...s.params);
  }

  /**
   * Whether Exim took mail or refused clients in the window but never logged a connection of its
   * own (at any time: a short window may hold refusals of connections opened before it): its default
   * log_selector has no +smtp_connection, so there are no sessions to count.
   */
  eximConnectionsUnlogged(win: Window): boolean {
    const m = scopeOf(win, 'first_ts');
    const r = scopeOf(win, 'ts');
    const s = scopeOf({ from: null, to: null, hosts: win.hosts }, 'start_ts');
    const inbound = this.count(`SELECT count(*) AS n FROM (SELECT 1 FROM messages WHERE mta = 'exim' AND origin = 'smtp' AND ${m.sql} LIMIT 1)`, ...m.params) +
      // a reject log's entries say nothing of the log_selector: it never holds connection lines
      this.count(`SELECT count(*) AS n FROM (SELECT 1 FROM replies WHERE mta = 'exim' AND direction = 'inbound' AND origin IS NOT 'rejectlog' AND ${r.sql} LIMIT 1)`, ...r.params);
    return inbound > 0 && this.count(`SELECT count(*) AS n FROM (SELECT 1 FROM sessions WHERE mta = 'exim' AND ${s.sql} LIMIT 1)`, ...s.params) === 0;
  }

  messages(win: Window): number {
    const s = scopeOf(win, 'first_ts');
    return this.count(`SELECT count(*) AS n FROM messages WHERE ${s.sql}`, ...s.params);
  }

  received(win: Window): number {
    const s = scopeOf(win, 'first_ts');
    return this.count(`SELECT count(*) AS n FROM messages WHERE origin IN ('smtp', 'pickup', 'local') AND ${s.sql}`, ...s.params);
  }

  /** Postfix messages first seen in the window that are on the hold queue when last heard of. */
  held(win: Window): number {
    const s = scopeOf(win, 'first_ts');
    return this.count(`SELECT count(*) AS n FROM messages WHERE state = 'held' AND ${s.sql}`, ...s.params);
  }

  deliveries(status: string, win: Window): number {
    const s = scopeOf(win, 'ts');
    return this.count(`SELECT count(*) AS n FROM deliveries WHERE status = ? AND ${s.sql}`, status, ...s.params);
  }

  /** messages with at least one deferred attempt (pflogsumm's "deferred") */
  deferredMessages(win: Window): number {
    const s = scopeOf(win, 'ts');
    return this.count(`SELECT count(DISTINCT host || ' ' || coalesce(queue_id, id)) AS n FROM deliveries WHERE status = 'deferred' AND ${s.sql}`, ...s.params);
  }

  /**
   * Rejections of the window: temporary (4xx) and the rest, counted as the two lists are made, so
   * that the two add up to the total. The rest is 5xx but for the rare refusal with another code
   * (Exim's 252 to a VRFY it refuses) or none.
   */
  rejected(win: Window): { total: number; c4: number; c5: number } {
    const s = this.rejectionScope(win);
    const row = this.db
      .prepare(`SELECT count(*) AS total, sum(code >= 400 AND code < 500) AS c4 FROM replies r WHERE ${s.sql}`)
      .get(...s.params) as { total: number; c4: number | null };
    return { total: row.total, c4: row.c4 ?? 0, c5: row.total - (row.c4 ?? 0) };
  }

  /** Messages first seen in the window that never reached Completed (Exim) or removed (Postfix): oldest first. */
  incomplete(win: Window, limit: number): {
    count: number;
    frozen: number;
    examples: Array<{ host: string; queue_id: string; first_ts: number | null; last_ts: number | null; sender: string | null; frozen: number }>;
  } {
    // A Postfix queue file that qmgr never announced (no `from=, size=, nrcpt=` line) was
    // rejected or abandoned during DATA: cleanup deletes it without any `removed` line, and it
    // is already counted as a rejection or a stall. Only mail that entered the queue is open.
    const s = scopeOf(win, 'first_ts');
    const where = `state = 'open' AND (mta <> 'postfix' OR nrcpt IS NOT NULL) AND ${s.sql}`;
    const count = this.count(`SELECT count(*) AS n FROM messages WHERE ${where}`, ...s.params);
    const frozen = this.count(`SELECT count(*) AS n FROM messages WHERE ${where} AND ${FROZEN}`, ...s.params);
    const examples = this.db
      .prepare(`SELECT host, queue_id, first_ts, last_ts, sender, ${FROZEN} AS frozen FROM messages WHERE ${where} ORDER BY first_ts, host, queue_id LIMIT ?`)
      .all(...s.params, limit) as never;
    return { count, frozen, examples };
  }

  stalledCount(win: Window): number {
    const s = scopeOf(win, 'ts');
    return this.count(`SELECT count(*) AS n FROM stalls WHERE ${s.sql}`, ...s.params);
  }

  /**
   * Rejections of one class grouped by code, enhanced code, normalised reason and direction.
   * Temporary and permanent refusals are listed apart so that many 5xx groups never hide a 4xx one.
   */
  rejectionGroups(win: Window, limit: number, cls: RejectClass): Groups {
    const klass = cls === '4xx' ? 'code >= 400 AND code < 500' : 'NOT coalesce(code >= 400 AND code < 500, 0)';
    const s = this.rejectionScope(win);
    return this.groups('replies', `${klass} AND ${s.sql}`, s.params, limit);
  }

  /** The rejections of a window (the rows a rejection group's details are read from). */
  rejectionScope(win: Window): Scope {
    const s = scopeOf(win, 'ts');
    return { sql: `kind = 'reject' AND ${s.sql} AND ${NOT_TWIN}`, params: s.params };
  }

  /** The deliveries of one status in a window (the rows a delivery group's details are read from). */
  deliveryScope(status: string, win: Window): Scope {
    const s = scopeOf(win, 'ts');
    return { sql: `status = ? AND ${s.sql}`, params: [status, ...s.params] };
  }

  /** Delivery groups of one status; Exim's skipped retries are left out of the deferrals (see retrySkips). */
  deliveryGroups(status: string, win: Window, limit: number): Groups {
    const s = this.deliveryScope(status, win);
    return this.groups('deliveries', `${s.sql}${status === 'deferred' ? ` AND NOT ${RETRY_SKIP}` : ''}`, s.params, limit);
  }

  /** Exim `==` lines that only say the retry time was not reached: how many, for how many messages. */
  retrySkips(win: Window): { lines: number; messages: number } {
    const s = scopeOf(win, 'ts');
    const row = this.db
      .prepare(`SELECT count(*) AS lines, count(DISTINCT host || ' ' || coalesce(queue_id, id)) AS messages FROM deliveries WHERE status = 'deferred' AND ${RETRY_SKIP} AND ${s.sql}`)
      .get(...s.params) as { lines: number; messages: number };
    return { lines: row.lines, messages: row.messages };
  }

  private groups(table: 'replies' | 'deliveries', where: string, params: unknown[], limit: number): Groups {
    const dir = table === 'replies' ? 'direction' : DELIVERY_DIR;
    const text = table === 'replies' ? 'text' : 'coalesce(reply_text, detail)';
    // a delivery row keeps the remote's enhanced code, else Postfix's dsn=; a remote reply quoted in the
    // status text without that code ("said: 451 Temporary local problem") got it from the dsn
    const enhDerived = table === 'replies' ? '0' : `max(code IS NOT NULL AND dsn IS NOT NULL AND enhanced = dsn AND instr(coalesce(detail, ''), enhanced) = 0)`;
    const all = this.db
      .prepare(
        `SELECT code, max(code_derived) AS code_derived, enhanced, ${enhDerived} AS enhanced_derived, coalesce(reason, '') AS reason, ${dir} AS direction,
                count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, min(${text}) AS text, max(remedy_id) AS remedy_id,
                ${table === 'replies' ? 'NULL' : 'min(last_error)'} AS last_error
         FROM ${table} r WHERE ${where}
         GROUP BY code, enhanced, coalesce(reason, ''), ${dir} ORDER BY coalesce(code, 0) >= 500 DESC, n DESC, code, enhanced, reason`,
      )
      .all(...params) as GroupRow[];
    return { groups: all.slice(0, limit), more: leftOut(all.slice(limit)) };
  }

  private groupFilter(table: string, g: GroupRow): { sql: string; params: unknown[] } {
    const dir = table === 'replies' ? 'direction = ?' : `${DELIVERY_DIR} = ?`;
    return { sql: `code IS ? AND enhanced IS ? AND coalesce(reason, '') = ? AND ${dir}`, params: [g.code, g.enhanced, g.reason, g.direction] };
  }

  examples(table: 'replies' | 'deliveries', where: string, params: unknown[], g: GroupRow, limit: number): string[] {
    const f = this.groupFilter(table, g);
    const rows = this.db.prepare(`SELECT line FROM ${table} r WHERE ${where} AND ${f.sql} ORDER BY ts, id LIMIT ?`).all(...params, ...f.params, limit * EXAMPLE_READ) as Array<{ line: string }>;
    return distinctFirst(rows.map((r) => r.line), limit);
  }

  stallGroups(win: Window): Array<{ kind: string; direction: string; n: number; first_ts: number | null; last_ts: number | null; remedy_id: string }> {
    const s = scopeOf(win, 'ts');
    return this.db
      .prepare(`SELECT kind, direction, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, max(remedy_id) AS remedy_id FROM stalls WHERE ${s.sql} GROUP BY kind, direction ORDER BY n DESC, kind`)
      .all(...s.params) as never;
  }

  stallPeers(kind: string, win: Window, limit: number): Ranked[] {
    const s = scopeOf(win, 'ts');
    return this.db
      // each peer by the name of its first stall in time (the plain column comes from the row min() chose)
      .prepare(`SELECT ${PEER('peer_host', 'peer_ip')} AS value, count(*) AS count, min(ts) AS first_ts FROM stalls WHERE kind = ? AND ${s.sql} AND peer_ip IS NOT NULL GROUP BY peer_ip ORDER BY count DESC, value LIMIT ?`)
      .all(kind, ...s.params, limit)
      .map((r) => ({ value: (r as Ranked).value, count: (r as Ranked).count }));
  }

  stallExamples(kind: string, win: Window, limit: number): string[] {
    const s = scopeOf(win, 'ts');
    const rows = this.db.prepare(`SELECT line FROM stalls WHERE kind = ? AND ${s.sql} ORDER BY ts, id LIMIT ?`).all(kind, ...s.params, limit * EXAMPLE_READ) as Array<{ line: string }>;
    return distinctFirst(rows.map((r) => r.line), limit);
  }

  problems(win: Window, limit: number): { rows: Array<{ severity: string; program: string; shape: string; n: number; first_ts: number | null; last_ts: number | null; example: string }>; more: LeftOut } {
    const s = scopeOf(win, 'ts');
    const all = this.db
      .prepare(`SELECT severity, program, shape, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts, min(line) AS example FROM problems WHERE ${s.sql} GROUP BY severity, program, shape ORDER BY n DESC, shape`)
      .all(...s.params) as Array<{ severity: string; program: string; shape: string; n: number; first_ts: number | null; last_ts: number | null; example: string }>;
    return { rows: all.slice(0, limit), more: leftOut(all.slice(limit)) };
  }

  /** Unparsed lines of the window by program and shape, agreeing with lineTotals. */
  misses(win: Window, limit: number): { rows: MissRow[]; more: LeftOut } {
    return new LineQueries(this.db).misses(win, limit);
  }
}
