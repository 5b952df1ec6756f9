import { isDigit } from './chars.js';

// When the clocks go back (last Sunday of October in Europe, first Sunday of November in the
// US), an hour of local time happens twice: 02:00-02:59 CEST, then 02:00-02:59 CET. A stamp with
// no zone (traditional syslog, RFC 3339 without an offset, Exim's own without +zzzz) in that hour
// names two instants, and Date takes the first. Read straight through, the log then ran an hour
// backwards: a connection open across the change ended an hour before it began, and its lines
// sorted before their own connect.
//
// A host's log does not run backwards. So a stamp in the repeated hour takes the second instant
// when the host's lines have already gone past the first one by more than SLACK (the lines of one
// host reach the log out of order by seconds at most), and not past the second. "Already gone
// past" is the correlator's clock of the host (the latest time of its lines so far, kept across
// runs in host_clocks), so a run cut anywhere in the hour and resumed reads each stamp as one run
// would.

const DAY = 86_400_000;
const SLACK = 60_000;
// zone changes are at most 2 hours (Antarctica/Troll); a day's first readings can belong to a change early the next day
const REACH = 3 * 3_600_000;

const offsetAt = (t: number): number => new Date(t).getTimezoneOffset();

export class RepeatedHour {
  // the UTC day last looked at, and the first readings of a repeated span in reach of it: [from, to)
  private dayLo = 0;
  private dayHi = 0;
  private from = NaN;
  private to = NaN;
  private shift = 0;

  constructor(private readonly latestOf: (host: string) => number | undefined) {}

  /** the instant a local stamp `ts` (read as its first instant) names, given its host's clock */
  settle(ts: number, host: string, line: string): number {
    if (!(ts >= this.dayLo && ts < this.dayHi)) this.scan(ts);
    if (!(ts >= this.from && ts < this.to)) return ts;
    const seen = this.latestOf(host);
    // a clock past the second instant too comes from a later log of the host (an old file read
    // after a newer one): it says nothing of this hour, which reads as before
    return seen !== undefined && seen > ts + SLACK && seen <= ts + this.shift + SLACK && stampIsLocal(line) ? ts + this.shift : ts;
  }

  /** Finds a change that sets the clocks back in ts's UTC day or just after it (at most one a day). */
  private scan(ts: number): void {
    const lo = Math.floor(ts / DAY) * DAY;
    this.dayLo = lo;
    this.dayHi = lo + DAY;
    this.from = this.to = NaN;
    const hi = lo + DAY + REACH;
    const before = offsetAt(lo);
    const after = offsetAt(hi);
    // getTimezoneOffset is UTC minus local: it grows when local time goes back
    if (!(after > before)) return;
    // the first minute with the new offset
    let a = lo / 60_000;
    let b = hi / 60_000;
    while (b - a > 1) {
      const mid = Math.floor((a + b) / 2);
      if (offsetAt(mid * 60_000) === after) b = mid;
      else a = mid;
    }
    this.shift = (after - before) * 60_000;
    this.to = b * 60_000;
    this.from = this.to - this.shift;
  }
}

// after journalctl -o short-full's time: a zone's abbreviation other than UTC's
const SHORT_FULL_LOCAL = /^(?:\.\d+)? (?!(?:UTC|GMT|Z) )[A-Za-z]{2,6} /;

/**
 * Whether a line's stamp is local time: traditional syslog ("Oct 25 02:30:00") always is; ISO
 * time (RFC 3339 "…T02:30:00", Exim's "2026-10-25 02:30:00") is unless an offset follows it.
 */
export function stampIsLocal(line: string): boolean {
  let at = 0;
  // after "<PRI>", and RFC 5424's version ("<22>1 "), whose stamps always carry their offset
  if (line.charCodeAt(0) === 60) {
    at = line.indexOf('>') + 1;
    if (line.charCodeAt(at) === 49 && line.charCodeAt(at + 1) === 32) return false;
  }
  // journalctl -o short-full ("Sat 2026-10-25 02:30:00 CET"): local unless the zone is UTC or a number
  if (line.charCodeAt(at + 3) === 32 && line.charCodeAt(at + 8) === 45) return SHORT_FULL_LOCAL.test(line.slice(at + 23, at + 40));
  if (!isDigit(line.charCodeAt(at))) return true;
  // journalctl -o short-unix: seconds since 1970
  if (line.charCodeAt(at + 4) !== 45) return false;
  let i = at + 19;
  const c = line.charCodeAt(i);
  if (c === 46 || c === 44) while (isDigit(line.charCodeAt(++i)));
  const z = line.charCodeAt(i);
  // RFC 3339: Z or ±hh:mm right after the time
  if (line.charCodeAt(at + 10) === 84) return !(z === 90 || z === 43 || z === 45);
  // Exim: " +zzzz"
  const sign = line.charCodeAt(i + 1);
  return !(z === 32 && (sign === 43 || sign === 45) && isDigit(line.charCodeAt(i + 2)) && isDigit(line.charCodeAt(i + 5)));
}
