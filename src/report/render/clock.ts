// Times for people: the report's data is UTC (ISO with Z); a person matches a time against log
// lines written in the server's local time. The offset comes from the caller (this module reads
// no clock and no environment); without one the time is printed in UTC, marked +0000.

/** minutes east of UTC at a moment (e.g. ms => -new Date(ms).getTimezoneOffset()) */
export type UtcOffset = (ms: number) => number;

const p2 = (n: number): string => String(n).padStart(2, '0');

/** "2026-11-28 17:59:38 -0500"; '?' for a missing time. */
export function localStamp(iso: string | null | undefined, offset?: UtcOffset): string {
  if (iso === null || iso === undefined) return '?';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const off = offset ? offset(ms) : 0;
  const d = new Date(ms + off * 60_000);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${sign}${p2(Math.floor(a / 60))}${p2(a % 60)}`;
}
