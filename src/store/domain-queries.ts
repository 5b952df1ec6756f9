import type { Db } from './db.js';
import { RETRY_SKIP, scopeOf, type Window } from './queries.js';

// Delivery attempts per recipient domain: pflogsumm's "Host/Domain Summary: Message Delivery", the
// table that shows a destination that defers or is slow before its bounces arrive.

/** the delay a delivery line logged, else the seconds since its message's arrival line (never below 0) */
const DELAY = `coalesce(d.delay, (SELECT CASE WHEN m.origin IS NOT NULL AND d.ts >= m.first_ts THEN (d.ts - m.first_ts) / 1000.0 END
  FROM messages m WHERE m.id = d.message_row))`;

/** A domain's attempts; delays in seconds, over the delivered attempts that log one (report/types.ts DomainSummary). */
type DomainRow = { domain: string; delivered: number; deferrals: number; bounced: number; avg_delay: number | null; max_delay: number | null };

/**
 * Every recipient domain with an attempt in the window, most attempts first. Exim's skipped retries
 * are no attempts; expiries are left out: Postfix logs them per message, with no recipient.
 * A delivery whose line gives no delay (Exim without +queue_time in log_selector) takes the time
 * from its message's arrival line (Exim's `<=`, which sets the origin) to its own, as eximstats
 * times the queue; a message whose arrival was not read gives none.
 */
export function domainDeliveries(db: Db, win: Window): DomainRow[] {
  const s = scopeOf(win, 'd.ts');
  return db
    .prepare(
      `SELECT domain, delivered, deferrals, bounced, avg_delay, max_delay FROM (
         SELECT recipient_domain AS domain, sum(status = 'sent') AS delivered,
                sum(status = 'deferred' AND NOT ${RETRY_SKIP}) AS deferrals, sum(status = 'bounced') AS bounced,
                round(avg(CASE WHEN status = 'sent' THEN ${DELAY} END), 2) AS avg_delay, max(CASE WHEN status = 'sent' THEN ${DELAY} END) AS max_delay
         FROM deliveries d
         WHERE recipient_domain IS NOT NULL AND recipient_domain <> '' AND status IN ('sent', 'deferred', 'bounced') AND ${s.sql}
         GROUP BY recipient_domain)
       WHERE delivered + deferrals + bounced > 0
       ORDER BY delivered + deferrals + bounced DESC, domain`,
    )
    .all(...s.params) as DomainRow[];
}
