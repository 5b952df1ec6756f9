import type { Db } from './db.js';
import { DELIVERY_DIR, PEER, type GroupRow, type Ranked } from './queries.js';

// The ranked details of every reply or delivery group of one scope (stages, peers, recipient
// domains), read in one pass each: one query a group and a detail read the whole scope once per
// group, and the report grows with its groups times the rows.

export interface Details {
  stages: Ranked[];
  peers: Ranked[];
  domains: Ranked[];
}

type Table = 'replies' | 'deliveries';

// the columns a group is keyed by (queries.ts groups them the same way)
const KEYS = (table: Table): string[] => ['code', 'enhanced', "coalesce(reason, '')", table === 'replies' ? 'direction' : DELIVERY_DIR];

/**
 * Who a group's peers are (queries.ts peerKind): for our own delivery agents the agent's program,
 * for clients our server refused the client, else the remote server that answered.
 */
const PEER_OF = (table: Table): string =>
  table === 'replies'
    ? `CASE r.direction WHEN 'local' THEN program WHEN 'inbound' THEN ${PEER('client_host', 'client_ip')} ELSE ${PEER('relay_host', 'relay_ip')} END`
    : `CASE WHEN r.local_agent = 1 THEN program ELSE ${PEER('relay_host', 'relay_ip')} END`;

/**
 * A peer is counted by its address: one client whose reverse DNS answered differently from one
 * connection to the next (a round-robin PTR, a lookup that failed: "unknown") is one peer, shown
 * with the first of its names. Keyed by name[ip], one client of 13 refusals was listed as five.
 */
const PEER_KEY_OF = (table: Table): string =>
  table === 'replies'
    ? `CASE r.direction WHEN 'local' THEN program WHEN 'inbound' THEN coalesce(client_ip, client_host) ELSE coalesce(relay_ip, relay_host) END`
    : `CASE WHEN r.local_agent = 1 THEN program ELSE coalesce(relay_ip, relay_host) END`;
/** shown from the peer's first row in time (rankedByGroup's label) */
const PEER_LABEL_OF = (table: Table): string => PEER_OF(table);

/** The details of the group `g` among those `groupDetails` read. */
export function detailsOf(all: GroupDetails, g: GroupRow): Details {
  const k = groupKey([g.code, g.enhanced, g.reason, g.direction]);
  return { stages: all.stages.get(k) ?? [], peers: all.peers.get(k) ?? [], domains: all.domains.get(k) ?? [] };
}

export interface GroupDetails {
  stages: Map<string, Ranked[]>;
  peers: Map<string, Ranked[]>;
  domains: Map<string, Ranked[]>;
}

/** Stages (all), top peers and top recipient domains (`top` each) of every group of the scope. */
export function groupDetails(db: Db, table: Table, where: string, params: unknown[], top: number): GroupDetails {
  const keys = KEYS(table);
  const from = `${table} r`;
  return {
    stages: rankedByGroup(db, from, keys, 'stage', where, params, null),
    peers: rankedByGroup(db, from, keys, PEER_KEY_OF(table), where, params, top, PEER_LABEL_OF(table)),
    domains: rankedByGroup(db, from, keys, 'recipient_domain', where, params, top),
  };
}

/** How rankedByGroup names a group: its values of the keys, in order. */
export const groupKey = (values: unknown[]): string => JSON.stringify(values);

/**
 * The values of `expr` in each group of `keys` (SQL expressions), most common first (ties by
 * value), at most `limit` a group: one pass over the scope for every group at once, by groupKey.
 * With `label`, rows are counted by `expr` and each value is shown as `label` reads on the first
 * of its rows in time (SQLite takes a plain column of an aggregate query from the row min() chose).
 */
export function rankedByGroup(
  db: Db, from: string, keys: string[], expr: string, where: string, params: unknown[], limit: number | null, label?: string,
): Map<string, Ranked[]> {
  const cols = keys.map((k, i) => `${k} AS k${i}`).join(', ');
  const names = keys.map((_, i) => `k${i}`).join(', ');
  const shown = label ?? expr;
  const sql = `SELECT ${names}, value, count FROM (
      SELECT ${cols}, ${shown} AS value, count(*) AS count${label === undefined ? '' : ', min(r.ts) AS first_ts'},
             row_number() OVER (PARTITION BY ${keys.join(', ')} ORDER BY count(*) DESC, ${shown}) AS rank
      FROM ${from} WHERE ${where} AND ${expr} IS NOT NULL
      GROUP BY ${keys.join(', ')}, ${expr})
    ${limit === null ? '' : 'WHERE rank <= ?'} ORDER BY rank`;
  const rows = db.prepare(sql).raw().all(...params, ...(limit === null ? [] : [limit])) as unknown[][];
  const n = keys.length;
  const out = new Map<string, Ranked[]>();
  for (const r of rows) {
    const k = groupKey(r.slice(0, n));
    const ranked = { value: r[n] as string, count: r[n + 1] as number };
    const list = out.get(k);
    if (list === undefined) out.set(k, [ranked]);
    else list.push(ranked);
  }
  return out;
}
