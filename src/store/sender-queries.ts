import type { Db } from './db.js';
import { scopeOf, type Window } from './queries.js';
import { addressKey } from './recipient-queries.js';

// Senders by messages received: pflogsumm's "Senders by message count" (and by size), the list where a
// hijacked account or a runaway script shows.

/** A sender's messages; `recipients` and `bytes` over the messages whose line gives them (report/types.ts SenderSummary). */
type SenderRow = { sender: string | null; messages: number; recipients: number; bytes: number };

/** Every envelope sender of a message received in the window (the null sender as ''), most messages first; the messages with none logged (null) last. */
export function senderCounts(db: Db, win: Window): SenderRow[] {
  const s = scopeOf(win, 'first_ts');
  return db
    .prepare(
      `SELECT ${addressKey('sender')} AS who, count(*) AS messages, coalesce(sum(nrcpt), 0) AS recipients, coalesce(sum(size), 0) AS bytes
       FROM messages WHERE origin IN ('smtp', 'pickup', 'local') AND ${s.sql}
       GROUP BY who ORDER BY who IS NULL, messages DESC, bytes DESC, who`,
    )
    .all(...s.params)
    .map((r) => {
      const { who, ...counts } = r as Omit<SenderRow, 'sender'> & { who: string | null };
      return { sender: who, ...counts };
    });
}
