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
const KEY = (table: Table): string => `code, enhanced, coalesce(reason, ''), ${table === 'replies' ? 'direction' : DELIVERY_DIR}`;

/**
 * Who a group's peers are (queries.ts peerKind): for our own delivery agents the agent's program,
 * for clients our server refused the client, else the remote server that answered.
 */
const PEER_OF = (table: Table): string =>
  table === 'replies'
    ? `CASE r.direction WHEN 'local' THEN program WHEN 'inbound' THEN ${PEER('client_host', 'client_ip')} ELSE ${PEER('relay_host', 'relay_ip')} END`
    : `CASE WHEN r.local_agent = 1 THEN program ELSE ${PEER('relay_host', 'relay_ip')} END`;

const keyOf = (code: number | null, enhanced: string | null, reason: string, direction: string): string => JSON.stringify([code, enhanced, reason, direction]);

/** The details of the group `g` among those `groupDetails` read. */
export function detailsOf(all: Map<string, Details>, g: GroupRow): Details {
  return all.get(keyOf(g.code, g.enhanced, g.reason, g.direction)) ?? { stages: [], peers: [], domains: [] };
}

/** Stages (all), top peers and top recipient domains (`top` each) of every group of the scope. */
export function groupDetails(db: Db, table: Table, where: string, params: unknown[], top: number): Map<string, Details> {
  const out = new Map<string, Details>();
  const at = (r: Row): Details => {
    const k = keyOf(r.code, r.enhanced, r.reason, r.direction);
    let d = out.get(k);
    if (d === undefined) out.set(k, (d = { stages: [], peers: [], domains: [] }));
    return d;
  };
  for (const r of ranked(db, table, 'stage', where, params, null)) at(r).stages.push({ value: r.value, count: r.count });
  for (const r of ranked(db, table, PEER_OF(table), where, params, top)) at(r).peers.push({ value: r.value, count: r.count });
  for (const r of ranked(db, table, 'recipient_domain', where, params, top)) at(r).domains.push({ value: r.value, count: r.count });
  return out;
}

interface Row {
  code: number | null;
  enhanced: string | null;
  reason: string;
  direction: string;
  value: string;
  count: number;
}

/** The values of `expr` in each group, most common first (ties by value), at most `limit` a group. */
function ranked(db: Db, table: Table, expr: string, where: string, params: unknown[], limit: number | null): Row[] {
  const key = KEY(table);
  const sql = `SELECT code, enhanced, reason, direction, value, count FROM (
      SELECT code, enhanced, coalesce(reason, '') AS reason, ${table === 'replies' ? 'direction' : DELIVERY_DIR} AS direction,
             ${expr} AS value, count(*) AS count,
             row_number() OVER (PARTITION BY ${key} ORDER BY count(*) DESC, ${expr}) AS rank
      FROM ${table} r WHERE ${where} AND ${expr} IS NOT NULL
      GROUP BY ${key}, ${expr})
    ${limit === null ? '' : 'WHERE rank <= ?'} ORDER BY rank`;
  return db.prepare(sql).all(...params, ...(limit === null ? [] : [limit])) as Row[];
}
