import type { Db } from '../store/db.js';
import type { Window } from '../store/queries.js';
import { trafficSlots, type SlotCounts } from '../store/traffic-queries.js';
import type { Traffic, TrafficRow } from '../report/types.js';

// Traffic by local day (pflogsumm's "Per-Day Traffic Summary"), or by local hour when the activity
// of the window spans less than two days: received, delivered, deferred and bounced attempts and
// rejections per period. Periods with nothing in them between the first and the last are listed
// with zeros: a day without mail is what the table is for.

const HOUR = 3_600_000;
const DAY = 86_400_000;
const HOURS_AT_MOST = 48;
const MAX_PERIODS = 3660;

/** minutes east of UTC at a moment; UTC when the caller gives none (the report reads no environment) */
export type OffsetFn = (ms: number) => number;

/** The instant a local period starts, its local start being `local` (ms of local wall time since the epoch). */
function instantOf(local: number, offset: OffsetFn): number {
  const guess = local - offset(local) * 60_000;
  return local - offset(guess) * 60_000;
}

/** The instant the local hour holding `ms` started: the two hours that read the same when the clocks go back stay apart. */
function hourStart(ms: number, offset: OffsetFn): number {
  const local = ms + offset(ms) * 60_000;
  return ms - (((local % HOUR) + HOUR) % HOUR);
}

export function trafficSection(db: Db, win: Window, offset: OffsetFn = () => 0): Traffic {
  const slots = trafficSlots(db, win);
  if (slots.length === 0) return { unit: 'day', rows: [] };
  const span = slots[slots.length - 1]!.start - slots[0]!.start;
  return span < HOURS_AT_MOST * HOUR ? byHour(slots, offset) : byDay(slots, offset);
}

/** Periods by the instant each local hour starts, every hour from the first to the last. */
function byHour(slots: SlotCounts[], offset: OffsetFn): Traffic {
  const byStart = new Map<number, TrafficRow>();
  const row = (start: number): TrafficRow => {
    let r = byStart.get(start);
    if (r === undefined) byStart.set(start, (r = emptyRow(start)));
    return r;
  };
  for (const s of slots) add(row(hourStart(s.start, offset)), s);
  const rows: TrafficRow[] = [];
  const last = hourStart(slots[slots.length - 1]!.start, offset);
  // an hour later, back to where its local hour starts (an offset that changes by half an hour)
  for (let at = hourStart(slots[0]!.start, offset); at <= last; at = hourStart(at + HOUR, offset)) rows.push(row(at));
  return { unit: 'hour', rows };
}

const emptyRow = (start: number): TrafficRow => ({ from: new Date(start).toISOString(), received: 0, delivered: 0, deferrals: 0, bounced: 0, rejected: 0 });

function add(r: TrafficRow, s: SlotCounts): void {
  r.received += s.received;
  r.delivered += s.delivered;
  r.deferrals += s.deferrals;
  r.bounced += s.bounced;
  r.rejected += s.rejected;
}

/** Periods by local day number, every day from the first to the last (only those with mail past MAX_PERIODS). */
function byDay(slots: SlotCounts[], offset: OffsetFn): Traffic {
  const unit = 'day';
  const periodOf = (s: SlotCounts): number => Math.floor((s.start + offset(s.start) * 60_000) / DAY);
  const byPeriod = new Map<number, TrafficRow>();
  const row = (p: number): TrafficRow => {
    let r = byPeriod.get(p);
    if (r === undefined) byPeriod.set(p, (r = emptyRow(instantOf(p * DAY, offset))));
    return r;
  };
  for (const s of slots) add(row(periodOf(s)), s);
  const first = periodOf(slots[0]!);
  const last = periodOf(slots[slots.length - 1]!);
  // a stamp far from the rest (a clock set to 2099, a bad year) would make that many empty days: past
  // ten years of them, only the days with mail are listed
  if (last - first >= MAX_PERIODS) return { unit, rows: [...byPeriod.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r) };
  const rows: TrafficRow[] = [];
  for (let p = first; p <= last; p++) rows.push(row(p));
  return { unit, rows };
}
