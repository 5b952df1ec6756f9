import type { Db } from './db.js';
import { NOT_TWIN, scopeOf, type Window } from './queries.js';

// Counts of the window by quarter hour: the report sums them into local days or hours (a zone's
// offset is a whole number of quarter hours, so a quarter hour never straddles two local periods).

export const SLOT_MS = 900_000;

export interface SlotCounts {
  /** the quarter hour's start, ms since the epoch */
  start: number;
  received: number;
  delivered: number;
  deferrals: number;
  bounced: number;
  rejected: number;
}

/** The quarter hours of the window with anything in them, counted as the report's totals count (lines without a time left out). */
export function trafficSlots(db: Db, win: Window): SlotCounts[] {
  const slots = new Map<number, SlotCounts>();
  const at = (slot: number): SlotCounts => {
    let s = slots.get(slot);
    if (s === undefined) slots.set(slot, (s = { start: slot * SLOT_MS, received: 0, delivered: 0, deferrals: 0, bounced: 0, rejected: 0 }));
    return s;
  };
  const m = scopeOf(win, 'first_ts');
  for (const r of db.prepare(`SELECT first_ts / ${SLOT_MS} AS slot, count(*) AS n FROM messages WHERE origin IN ('smtp', 'pickup', 'local') AND first_ts IS NOT NULL AND ${m.sql} GROUP BY slot`).all(...m.params) as Array<{ slot: number; n: number }>) {
    at(r.slot).received += r.n;
  }
  const d = scopeOf(win, 'ts');
  const column = { sent: 'delivered', deferred: 'deferrals', bounced: 'bounced' } as const;
  for (const r of db.prepare(`SELECT ts / ${SLOT_MS} AS slot, status, count(*) AS n FROM deliveries WHERE status IN ('sent', 'deferred', 'bounced') AND ts IS NOT NULL AND ${d.sql} GROUP BY slot, status`).all(...d.params) as Array<{ slot: number; status: keyof typeof column; n: number }>) {
    at(r.slot)[column[r.status]] += r.n;
  }
  for (const r of db.prepare(`SELECT r.ts / ${SLOT_MS} AS slot, count(*) AS n FROM replies r WHERE kind = 'reject' AND ts IS NOT NULL AND ${d.sql} AND ${NOT_TWIN} GROUP BY slot`).all(...d.params) as Array<{ slot: number; n: number }>) {
    at(r.slot).rejected += r.n;
  }
  return [...slots.values()].sort((a, b) => a.start - b.start);
}
