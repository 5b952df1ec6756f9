import type { Db } from './db.js';
import { RETRY_SKIP, scopeOf, type Window } from './queries.js';

// Delivery attempts per recipient domain: pflogsumm's "Host/Domain Summary: Message Delivery", the
// table that shows a destination that defers or is slow before its bounces arrive.

/** A domain's attempts; delays in seconds, over the delivered attempts that log one (report/types.ts DomainSummary). */
type DomainRow = { domain: string; delivered: number; deferrals: number; bounced: number; avg_delay: number | null; max_delay: number | null };

/**
 * Every recipient domain with an attempt in the window, most attempts first. Exim's skipped retries
 * are no attempts; expiries are left out: Postfix logs them per message, with no recipient.
 */
export function domainDeliveries(db: Db, win: Window): DomainRow[] {
  const s = scopeOf(win, 'ts');
  return db
    .prepare(
      `SELECT domain, delivered, deferrals, bounced, avg_delay, max_delay FROM (
         SELECT recipient_domain AS domain, sum(status = 'sent') AS delivered,
                sum(status = 'deferred' AND NOT ${RETRY_SKIP}) AS deferrals, sum(status = 'bounced') AS bounced,
                round(avg(CASE WHEN status = 'sent' THEN delay END), 2) AS avg_delay, max(CASE WHEN status = 'sent' THEN delay END) AS max_delay
         FROM deliveries
         WHERE recipient_domain IS NOT NULL AND recipient_domain <> '' AND status IN ('sent', 'deferred', 'bounced') AND ${s.sql}
         GROUP BY recipient_domain)
       WHERE delivered + deferrals + bounced > 0
       ORDER BY delivered + deferrals + bounced DESC, domain`,
    )
    .all(...s.params) as DomainRow[];
}
