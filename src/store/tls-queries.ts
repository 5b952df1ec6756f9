import type { Db } from './db.js';
import { PEER, leftOut, scopeOf, type LeftOut, type Ranked, type Window } from './queries.js';

// The report's TLS section: failed handshakes and certificates that did not verify, grouped by
// direction, remedy and masked reason.

export interface TlsGroupRow {
  direction: string;
  remedy_id: string | null;
  reason: string;
  n: number;
  first_ts: number | null;
  last_ts: number | null;
}

export class TlsQueries {
  constructor(private readonly db: Db) {}

  count(win: Window): number {
    const s = scopeOf(win, 'ts');
    return this.db.prepare(`SELECT count(*) FROM tls_failures WHERE ${s.sql}`).pluck().get(...s.params) as number;
  }

  groups(win: Window, limit: number): { groups: TlsGroupRow[]; more: LeftOut } {
    const s = scopeOf(win, 'ts');
    const all = this.db
      .prepare(
        `SELECT direction, remedy_id, coalesce(reason, '') AS reason, count(*) AS n, min(ts) AS first_ts, max(ts) AS last_ts
         FROM tls_failures WHERE ${s.sql} GROUP BY direction, remedy_id, coalesce(reason, '') ORDER BY n DESC, direction, reason`,
      )
      .all(...s.params) as TlsGroupRow[];
    return { groups: all.slice(0, limit), more: leftOut(all.slice(limit)) };
  }

  private filter(g: TlsGroupRow, win: Window): { sql: string; params: unknown[] } {
    const s = scopeOf(win, 'ts');
    return { sql: `direction = ? AND remedy_id IS ? AND coalesce(reason, '') = ? AND ${s.sql}`, params: [g.direction, g.remedy_id, g.reason, ...s.params] };
  }

  peers(g: TlsGroupRow, win: Window, limit: number): Ranked[] {
    const f = this.filter(g, win);
    const peer = PEER('peer_host', 'peer_ip');
    return this.db
      .prepare(`SELECT ${peer} AS value, count(*) AS count FROM tls_failures WHERE ${f.sql} AND ${peer} IS NOT NULL GROUP BY value ORDER BY count DESC, value LIMIT ?`)
      .all(...f.params, limit) as Ranked[];
  }

  examples(g: TlsGroupRow, win: Window, limit: number): string[] {
    const f = this.filter(g, win);
    const rows = this.db.prepare(`SELECT line FROM tls_failures WHERE ${f.sql} ORDER BY ts, id LIMIT ?`).all(...f.params, limit) as Array<{ line: string }>;
    return rows.map((r) => r.line);
  }
}
