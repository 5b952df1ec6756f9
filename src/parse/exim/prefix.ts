import type { LogRecord } from '../../model/types.js';
import { EXIM_PART } from '../assemble.js';
import { stampIsLocal } from '../repeated-hour.js';

// Exim's own files: "2026-11-28 18:12:52[.mmm][ +zzzz][ [pid]] message". Every line of a
// mainlog passes here, so the stamp is read by hand; it accepts exactly what this would:
//   /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?(?: ([+-]\d{4}))?(?: \[(\d+)\])? (.*)$/s
// including its backtracking: a zone or [pid] not followed by a space is message text.

/** What a native stamp says; `rest` is where the message starts (-1: not a native stamp). */
interface Stamp {
  rest: number;
  ts: number | null;
  pid: number | null;
  /** the stamp carries its zone (+zzzz): an instant, not a local time */
  zoned: boolean;
  /** its milliseconds (.mmm) */
  frac: number;
}
const stamp: Stamp = { rest: -1, ts: null, pid: null, zoned: false, frac: 0 };

const digit = (s: string, i: number): number => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
};
/** two ASCII digits at i (inside the string) as a number, or -1 */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function num(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = digit(s, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

// Consecutive lines mostly share their second: the last conversion is kept.
let lastKey = -1;
let lastZone = 0;
let lastMs: number | null = null;

/** " [digits]" at i: the index after "]", or -1 */
function pidEnd(s: string, i: number): number {
  if (s.charCodeAt(i) !== 32 || s.charCodeAt(i + 1) !== 91) return -1;
  let j = i + 2;
  while (digit(s, j) >= 0) j++;
  return j > i + 2 && s.charCodeAt(j) === 93 ? j + 1 : -1;
}

/** Reads a native stamp at the start of `s` into `stamp`; false when there is none. */
// The date ("yyyy-mm-dd") and the time (" hh:mm:ss") last read digit by digit, and their
// fields. Most lines repeat the date of the line before, and many its second too: comparing
// the text with the last one's (a copy under 13 characters, compared at once) costs a third
// of reading its characters one by one (a charCodeAt costs dozens of instructions on a line).
let lastDate = '';
let lastTime = '';
let y = 0;
let mo = 0;
let d = 0;
let h = 0;
let mi = 0;
let sec = 0;

function readStamp(s: string): boolean {
  // the fixed part is then known to be inside the string
  if (s.length < 20) return false;
  const date = s.slice(0, 10);
  if (date !== lastDate) {
    // the separators first: most lines that are not native fail there
    if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
    const y1 = two(s, 0);
    const y2 = two(s, 2);
    const mo2 = two(s, 5);
    const d2 = two(s, 8);
    if ((y1 | y2 | mo2 | d2) < 0) return false;
    lastDate = date;
    y = y1 * 100 + y2;
    mo = mo2;
    d = d2;
  }
  const time = s.slice(10, 19);
  if (time !== lastTime) {
    if (s.charCodeAt(10) !== 32 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
    const h2 = two(s, 11);
    const mi2 = two(s, 14);
    const sec2 = two(s, 17);
    if ((h2 | mi2 | sec2) < 0) return false;
    lastTime = time;
    h = h2;
    mi = mi2;
    sec = sec2;
  }
  let i = 19;
  let frac = 0;
  if (s.charCodeAt(i) === 46) {
    frac = num(s, 20, 3);
    if (frac < 0) return false;
    i = 23;
  }
  // the zone, then the pid, each taken only when what follows still lets the line match
  const zc = s.charCodeAt(i + 1);
  const zone = s.charCodeAt(i) === 32 && (zc === 43 || zc === 45) ? num(s, i + 2, 4) : -1;
  for (let k = zone >= 0 ? 0 : 1; k < 2; k++) {
    const withZone = k === 0;
    const at = withZone ? i + 6 : i;
    const p = pidEnd(s, at);
    let end = -1;
    let pid: number | null = null;
    if (p >= 0 && s.charCodeAt(p) === 32) {
      end = p;
      pid = safeInt(Number(s.slice(at + 2, p - 1)));
    } else if (s.charCodeAt(at) === 32) {
      end = at;
    }
    if (end < 0) continue;
    stamp.rest = end + 1;
    stamp.pid = pid;
    stamp.zoned = withZone;
    stamp.frac = frac;
    const z = withZone ? (zc === 45 ? -1 : 1) * (zone + 1) : 0;
    stamp.ts = wholeSecondMs(s, y, mo, d, h, mi, sec, z, i);
    // no sum when there are no milliseconds: the cached number is reused, not a new one made
    if (stamp.ts !== null && frac !== 0) stamp.ts += frac;
    return true;
  }
  return false;
}

// Local time is converted once per hour: within an hour whose last second is 3599 s after its
// first (no clock change inside it), a minute and second are plain additions.
let hourKey = -1;
let hourMs = NaN;

function localMs(y: number, mo: number, d: number, h: number, mi: number, sec: number): number {
  const key = ((y * 100 + mo) * 100 + d) * 100 + h;
  if (key !== hourKey) {
    hourKey = key;
    const start = new Date(y, mo - 1, d, h, 0, 0, 0).getTime();
    const end = new Date(y, mo - 1, d, h, 59, 59, 0).getTime();
    hourMs = end - start === 3_599_000 && mo >= 1 && mo <= 12 && d >= 1 && h <= 23 ? start : NaN;
  }
  // an hour with a clock change in it, or fields out of range (the Date rolls them over)
  if (Number.isNaN(hourMs) || mi > 59 || sec > 59) return new Date(y, mo - 1, d, h, mi, sec, 0).getTime();
  return hourMs + mi * 60_000 + sec * 1000;
}

/** `z`: 0 for no zone, else the signed zone digits + 1 (so "+0000" is not 0); `zoneAt`: where " +zzzz" starts */
function wholeSecondMs(s: string, y: number, mo: number, d: number, h: number, mi: number, sec: number, z: number, zoneAt: number): number | null {
  const key = ((((y * 100 + mo) * 100 + d) * 100 + h) * 100 + mi) * 100 + sec;
  if (key === lastKey && z === lastZone) return lastMs;
  lastKey = key;
  lastZone = z;
  let ts: number;
  if (z === 0) {
    ts = localMs(y, mo, d, h, mi, sec);
  } else {
    const zone = `${s.slice(zoneAt + 1, zoneAt + 4)}:${s.slice(zoneAt + 4, zoneAt + 6)}`;
    ts = Date.parse(`${s.slice(0, 10)}T${s.slice(11, 19)}.000${zone}`);
  }
  lastMs = Number.isNaN(ts) ? null : ts;
  return lastMs;
}

// "host prog[pid]: msg" after a native-looking stamp: syslog templates that write ISO time
// with a space; any program may follow (Postfix too), so the MTA is decided as for syslog.
const TAGGED = /^([^\s[\]]+) ([^\s[\]]+)\[(\d+)\]: ?(.*)$/s;
// the same with no time at all is only taken for Exim (exporters that drop the syslog time)
const EXIM_TAGGED = /^([^\s[\]]+) (exim[\w.-]*)\[(\d+)\]: ?(.*)$/s;

// TAGGED needs "word word[": the first two runs of characters other than space and brackets,
// the first ended by a space and the second by "[". Checked by hand before the regex runs.
function mayBeTagged(s: string, from: number): boolean {
  let i = from;
  for (let c = s.charCodeAt(i); c !== 32 && c !== 91 && c !== 93 && i < s.length; c = s.charCodeAt(++i));
  if (i === from || s.charCodeAt(i) !== 32) return false;
  const second = ++i;
  for (let c = s.charCodeAt(i); c !== 32 && c !== 91 && c !== 93 && i < s.length; c = s.charCodeAt(++i));
  return i > second && s.charCodeAt(i) === 91;
}

function tagged(ts: number | null, rest: string, raw: string, re: RegExp): LogRecord | null {
  if (!rest.includes(']: ')) return null;
  const t = re.exec(rest);
  if (!t) return null;
  const program = t[2]!;
  const service = program.slice(program.lastIndexOf('/') + 1);
  return { ts, host: t[1]!, program, service, pid: safeInt(Number(t[3])), message: t[4]!, raw };
}

/** a number an INTEGER column can hold exactly, else none (a forged "[99999999999999999999]") */
function safeInt(n: number): number | null {
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * The log text of an entry the assembler built: its first line(s), without the NUL-separated
 * tag and rejectlog parts that follow (only the table reads those, from the message).
 */
export function logTextOf(line: string): string {
  const cut = line.indexOf(EXIM_PART);
  return cut < 0 ? line : line.slice(0, cut);
}

export function parseEximNative(line: string): LogRecord | null {
  if (!readStamp(line)) return tagged(null, line, logTextOf(line), EXIM_TAGGED);
  const ts = stamp.ts;
  const at = stamp.rest;
  const raw = logTextOf(line);
  if (line.includes(']: ', at) && mayBeTagged(line, at)) {
    const t = tagged(ts, line.slice(at), raw, TAGGED);
    if (t !== null) return t;
  }
  return { ts, host: '', program: 'exim', service: 'exim', pid: stamp.pid, message: line.slice(at), raw };
}

/** A line with no prefix at all, read as an Exim message when the user says the log is Exim's. */
export function bareEximRecord(line: string): LogRecord {
  return { ts: null, host: '', program: 'exim', service: 'exim', pid: null, message: line, raw: logTextOf(line) };
}

// A single-part "[1/1]" marker left by a syslog split (longer runs are joined by the assembler).
const LONE_PART = /^\[1[/\\]1\] /;
// Exim's own "[pid] " (log_selector +pid) repeated inside a syslog message
const INNER_PID = /^\[(\d+)\] /;

/** a line of Exim's own file starts with its stamp, and its message is what follows it */
function ownStamp(raw: string): boolean {
  const c = raw.charCodeAt(0);
  return c >= 48 && c <= 57 && raw.charCodeAt(10) === 32;
}

/**
 * Exim's own stamp says when the event was, to the second, with its year; without a zone it is the
 * server's local time. Read in this machine's zone it could be hours out (another zone, or an hour
 * twice a year). A syslog or journal time around it that is an instant (RFC 3339 with its offset,
 * journald's UTC) tells the server's offset then: the difference of the two, to the nearest quarter
 * hour (syslog takes the line well within that). Exim's stamp read in that offset keeps it the same
 * for a line and its reject log copy, which syslog stamps a moment apart.
 */
function inZoneOf(outer: number): number {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, sec) + stamp.frac;
  const offset = Math.round((asUtc - outer) / QUARTER_HOUR) * QUARTER_HOUR;
  return asUtc - offset;
}
const QUARTER_HOUR = 15 * 60_000;

/**
 * Exim through syslog ("host exim[pid]: ...", or no host: BusyBox -S): the message may still start with Exim's
 * own stamp (syslog_timestamp = true, the default). That stamp is Exim's clock, kept
 * to the second or better and with its zone when log_timezone is set, so it wins over
 * the syslog one (without a zone, read in the offset of a syslog time that has one: inZoneOf);
 * it is taken off the message so rows see the same text as in mainlog.
 */
export function unwrapEximRecord(rec: LogRecord): LogRecord {
  let message = rec.message;
  // each character read once, and only when it can matter (see LineParser.parse)
  let c = message.charCodeAt(0);
  if (c === 91) {
    if (LONE_PART.test(message)) message = message.slice(6);
    const p = message.charCodeAt(0) === 91 ? INNER_PID.exec(message) : null;
    if (p) message = message.slice(p[0].length);
    c = message.charCodeAt(0);
  }
  // a stamp has '-' at 4, where a message id ("1rXyZa-...") has a letter or digit: most
  // messages that start with a digit are ruled out there, before the line is looked at
  if (c >= 48 && c <= 57 && message.charCodeAt(4) === 45 && !ownStamp(rec.raw)) {
    if (readStamp(message)) {
      const ts = stamp.ts === null || stamp.zoned || rec.ts === null || stampIsLocal(rec.raw) ? (stamp.ts ?? rec.ts) : inZoneOf(rec.ts);
      return { ...rec, ts, pid: rec.pid ?? stamp.pid, message: message.slice(stamp.rest) };
    }
  }
  return message === rec.message ? rec : { ...rec, message };
}
