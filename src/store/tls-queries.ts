import type { Db } from './db.js';
import { EXAMPLE_READ, PEER, distinctFirst, leftOut, scopeOf, type LeftOut, type Ranked, type Window } from './queries.js';
import { groupKey, rankedByGroup } from './group-details.js';

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

// what a group is keyed by, in the order of peersOf's key
const GROUP_KEYS = ['direction', 'remedy_id', "coalesce(reason, '')"];

/** A group's peers among those `peers` read. */
export function peersOf(all: Map<string, Ranked[]>, g: TlsGroupRow): Ranked[] {
  return all.get(groupKey([g.direction, g.remedy_id, g.reason])) ?? [];
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

  /** The top peers of every group of the window, in one pass (see peersOf). */
  peers(win: Window, limit: number): Map<string, Ranked[]> {
    const s = scopeOf(win, 'ts');
    return rankedByGroup(this.db, 'tls_failures', GROUP_KEYS, PEER('peer_host', 'peer_ip'), s.sql, s.params, limit);
  }

  examples(g: TlsGroupRow, win: Window, limit: number): string[] {
    const f = this.filter(g, win);
    const rows = this.db.prepare(`SELECT line FROM tls_failures WHERE ${f.sql} ORDER BY ts, id LIMIT ?`).all(...f.params, limit * EXAMPLE_READ) as Array<{ line: string }>;
    return distinctFirst(rows.map((r) => r.line), limit);
  }
}
