import type { Db } from '../store/db.js';
import type { LeftOut, Window } from '../store/queries.js';
import { TlsQueries, peersOf } from '../store/tls-queries.js';
import { byId, viewOf, type Lang } from '../remedy/index.js';
import type { Direction } from '../model/types.js';
import type { TlsGroup } from '../report/types.js';

// The report's TLS section, from the stored rows: each group with its peers, examples and the
// remedy the rows were given when they were written.

const GENERIC = 'tls.handshake';

export function tlsSection(db: Db, win: Window, top: number, lang: Lang, iso: (ts: number | null) => string | null): { count: number; groups: TlsGroup[]; more: LeftOut } {
  const q = new TlsQueries(db);
  const { groups, more } = q.groups(win, top);
  const peers = groups.length === 0 ? new Map() : q.peers(win, top);
  return {
    count: q.count(win),
    groups: groups.map((g) => {
      const direction = g.direction as Direction;
      const entry = byId.get(g.remedy_id ?? GENERIC) ?? byId.get(GENERIC)!;
      return {
        direction, reason: g.reason, count: g.n, first: iso(g.first_ts), last: iso(g.last_ts),
        top_peers: peersOf(peers, g), examples: q.examples(g, win, 3), remedy: viewOf(entry, lang, direction),
      };
    }),
    more,
  };
}
