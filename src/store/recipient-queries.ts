import type { Db } from './db.js';
import { scopeOf, type Window } from './queries.js';

// Recipients by deliveries: pflogsumm's "Recipients by message count" (and by size), the list where a
// mailbox under a flood, or a forward that loops, shows.

/** A recipient's delivered attempts and the size of their messages, where a line gives it (report/types.ts RecipientSummary). */
type RecipientRow = { recipient: string; delivered: number; bytes: number };

/**
 * Every recipient address delivered to in the window, as logged, most deliveries first. Each
 * delivery counts, as in the totals: mail passed through a content filter on the same host is
 * delivered to it, then to the mailbox.
 */
export function recipientCounts(db: Db, win: Window): RecipientRow[] {
  const s = scopeOf(win, 'd.ts', 'd.host');
  // a join, not a lookup per row: half the time on the 1M-line bench databases
  return db
    .prepare(
      `SELECT d.recipient AS recipient, count(*) AS delivered, coalesce(sum(m.size), 0) AS bytes
       FROM deliveries d LEFT JOIN messages m ON m.id = d.message_row
       WHERE d.status = 'sent' AND d.recipient IS NOT NULL AND d.recipient <> '' AND ${s.sql}
       GROUP BY d.recipient ORDER BY delivered DESC, bytes DESC, d.recipient`,
    )
    .all(...s.params) as RecipientRow[];
}
