// --since / --until values: an ISO date or time, a span back from now ("24h", "7d", "90m", "2w"),
// or "today" / "yesterday" (local midnight, as journalctl reads them).

const SPAN = /^(\d+(?:\.\d+)?)\s*(s|m|h|d|w)$/i;
const UNIT: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
// also with a space before the zone: the report prints its times so ("2026-11-28 17:59:38 +0000"),
// and a time copied from it can be given back
const ISO = /^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?: ?(?:Z|[+-]\d\d:?\d\d))?)?$/;

/** Returns epoch ms, or null when the value is not a time mxlens understands. */
export function parseWhen(value: string, now: number): number | null {
  const v = value.trim();
  if (v === 'now') return now;
  if (v === 'today' || v === 'yesterday') {
    // through the calendar, not minus 24 h: a day with a clock change is 23 or 25 hours long
    const d = new Date(now);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() - (v === 'yesterday' ? 1 : 0)).getTime();
  }
  const span = SPAN.exec(v);
  if (span) {
    const at = now - Number(span[1]) * UNIT[span[2]!.toLowerCase()]!;
    // a span reaching past the first time a Date can hold ("100000000000000000000s") is no time
    return Number.isNaN(new Date(at).getTime()) ? null : at;
  }
  if (!ISO.test(v)) return null;
  // Date rolls an impossible day over ("2026-02-30" would be read as March 2nd): refuse it
  const [y, mo, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return null;
  // a date or time without a zone is local time, like the logs' own stamps
  const ms = v.length === 10 ? new Date(`${v}T00:00:00`).getTime() : new Date(v.replace(' ', 'T').replace(' ', '')).getTime();
  return Number.isNaN(ms) ? null : ms;
}
