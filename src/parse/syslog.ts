import type { LogRecord } from '../model/types.js';
import type { YearResolver } from './year.js';
import { isDigit, isSpace } from './chars.js';

// The prefixes a mail log line can carry. Each returns null when the line is not its shape.
// Timestamps without a zone are read as local time, which is what syslog daemons write.

// Month names keyed by their three character codes, so the prefix needs no substring to look up.
const MONTHS = new Map<number, number>(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [
    (m.charCodeAt(0) << 16) | (m.charCodeAt(1) << 8) | m.charCodeAt(2), i,
  ]),
);

// Every line passes through here, so the two prefixes are read by hand rather than by regular
// expressions (which cost a substring per group and a Number() per field). They accept exactly:
//   traditional  /^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d{1,6})? (\S+) TAG/  "Nov  8 ..." (rsyslog), "Nov 08 ..." (maillog_file)
//   RFC 3339     /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? (\S+) TAG/  (rsyslog's default file format)
//   TAG          /([^\s[\]]+?)(?:\[(\d+)\])?: ?(.*)$/s   the program is the shortest name followed by "[pid]:" or ":"
export interface PrefixContext {
  years: YearResolver;
}



/** two ASCII digits at i as a number, or -1 */
function two(line: string, i: number): number {
  const a = line.charCodeAt(i) - 48;
  const b = line.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

// "hh:mm:ss" at i, read into these (one clock per line, no array per line)
let hh = 0;
let mm = 0;
let ss = 0;
function clock(line: string, i: number): boolean {
  hh = two(line, i);
  mm = two(line, i + 3);
  ss = two(line, i + 6);
  return hh >= 0 && mm >= 0 && ss >= 0 && line.charCodeAt(i + 2) === 58 && line.charCodeAt(i + 5) === 58;
}

// a file has few program names (and they are shared strings, see intern): each one's service
// is kept rather than sliced again
const services = new Map<string, string>();
function serviceOf(program: string): string {
  let service = services.get(program);
  if (service === undefined) {
    const slash = program.lastIndexOf('/');
    service = slash < 0 ? program : program.slice(slash + 1);
    if (services.size > 1000) services.clear();
    services.set(program, service);
  }
  return service;
}

// Building a local-time Date is the costliest step of a prefix (the zone rules are consulted),
// and consecutive lines nearly always share the minute: keep the last minute's start. Zone
// offsets and DST changes fall on whole minutes, so adding seconds to a minute's start is exact.
let cachedMinuteKey = -1;
let cachedMinuteMs = NaN;

function localMs(year: number, month: number, day: number, h: number, min: number, s: number, ms: number): number {
  // out-of-range fields ("Nov 45", ":61") are left to Date's own roll-over, as before
  if (day > 31 || h > 23 || min > 59 || s > 59) return new Date(year, month, day, h, min, s, ms).getTime();
  const key = ((((year * 12 + month) * 32 + day) * 24 + h) * 60 + min);
  if (key !== cachedMinuteKey) {
    cachedMinuteMs = new Date(year, month, day, h, min).getTime();
    cachedMinuteKey = key;
  }
  return cachedMinuteMs + s * 1000 + ms;
}

// A file names few hosts and programs. Handing out the same string for each line that names
// one saves an allocation per line, and a string seen before has its hash computed already
// (they key every map of open sessions and messages).
const INTERNED = 16;
const hosts: string[] = [];
const programs: string[] = [];
function intern(cache: string[], line: string, from: number, to: number): string {
  const len = to - from;
  next: for (let k = 0; k < cache.length; k++) {
    const h = cache[k]!;
    if (h.length !== len) continue;
    // from the end: names of one file share their beginnings ("mx1", "mx2"; "postfix/...")
    for (let j = len - 1; j >= 0; j--) if (h.charCodeAt(j) !== line.charCodeAt(from + j)) continue next;
    return h;
  }
  const s = line.slice(from, to);
  if (cache.length >= INTERNED) cache.pop();
  cache.unshift(s);
  return s;
}

/** "host TAG" from `i` on: the record, or null when the rest is not that shape */
function hostAndTag(line: string, i: number, ts: number): LogRecord | null {
  const n = line.length;
  const hostStart = i;
  while (i < n && !isSpace(line.charCodeAt(i))) i++;
  if (i === hostStart || line.charCodeAt(i) !== 32) return null;
  const hostEnd = i;
  const progStart = ++i;
  let c = line.charCodeAt(i);
  if (i >= n || isSpace(c) || c === 91 || c === 93) return null;
  let pid: number | null = null;
  let rest: number;
  for (i++; ; i++) {
    if (i >= n) return null;
    c = line.charCodeAt(i);
    if (c === 58) {
      rest = i + 1;
      break;
    }
    if (c === 91) {
      let j = i + 1;
      let p = 0;
      for (let d = line.charCodeAt(j); isDigit(d); d = line.charCodeAt(++j)) p = p * 10 + d - 48;
      if (j === i + 1 || line.charCodeAt(j) !== 93 || line.charCodeAt(j + 1) !== 58) return null;
      // (a pid too long to be exact as a number reads as Number() would read it)
      pid = j - i - 1 > 15 ? Number(line.slice(i + 1, j)) : p;
      rest = j + 2;
      break;
    }
    if (isSpace(c) || c === 93) return null;
  }
  const host = intern(hosts, line, hostStart, hostEnd);
  const program = intern(programs, line, progStart, i);
  if (line.charCodeAt(rest) === 32) rest++;
  return { ts: Number.isNaN(ts) ? null : ts, host, program, service: serviceOf(program), pid, message: line.slice(rest), raw: line };
}

/**
 * "[TAG] message" from `i` on, with no host name: a form some minimal loggers write (one of
 * sshguard's test inputs, from a user's Exim log). The record belongs to no host, as Exim's own
 * files do. Tried only after the usual "host TAG:" shape failed.
 */
function bracketTag(line: string, i: number): LogRecord | null {
  if (line.charCodeAt(i) !== 91) return null;
  const progStart = i + 1;
  let j = progStart;
  for (let c = line.charCodeAt(j); j < line.length && c !== 93 && !isSpace(c) && c !== 91; c = line.charCodeAt(++j));
  if (j === progStart || line.charCodeAt(j) !== 93 || line.charCodeAt(j + 1) !== 32) return null;
  const program = intern(programs, line, progStart, j);
  return { ts: null, host: '', program, service: serviceOf(program), pid: null, message: line.slice(j + 2), raw: line };
}

export function parseTraditional(line: string, ctx: PrefixContext): LogRecord | null {
  const c0 = line.charCodeAt(0);
  const c1 = line.charCodeAt(1);
  const c2 = line.charCodeAt(2);
  if (!(c0 >= 65 && c0 <= 90 && c1 >= 97 && c1 <= 122 && c2 >= 97 && c2 <= 122) || line.charCodeAt(3) !== 32) return null;
  let i = 4;
  while (line.charCodeAt(i) === 32) i++;
  let day = -1;
  if (isDigit(line.charCodeAt(i))) {
    day = line.charCodeAt(i++) - 48;
    if (isDigit(line.charCodeAt(i))) day = day * 10 + line.charCodeAt(i++) - 48;
  }
  if (day < 0 || line.charCodeAt(i) !== 32) return null;
  if (!clock(line, i + 1)) return null;
  const h = hh, min = mm, sec = ss;
  i += 9;
  let ms = 0;
  if (line.charCodeAt(i) === 46) {
    const from = ++i;
    while (isDigit(line.charCodeAt(i))) i++;
    if (i === from || i - from > 6) return null;
    ms = fraction(line, from, i);
  }
  if (line.charCodeAt(i) !== 32) return null;
  // the month is checked last, as the regular expression did: its roll-over state must not
  // move for a line that is not a prefix after all
  const month = MONTHS.get((c0 << 16) | (c1 << 8) | c2);
  if (month === undefined) return null;
  const rec = hostAndTag(line, i + 1, 0) ?? bracketTag(line, i + 1);
  if (rec === null) return null;
  const year = ctx.years.resolve(month);
  const ts = localMs(year, month, day, h, min, sec, ms);
  rec.ts = Number.isNaN(ts) ? null : ts;
  return rec;
}

/** milliseconds of a fraction written with digits from..to ("5" -> 500, "806217" -> 806) */
function fraction(line: string, from: number, to: number): number {
  let ms = 0;
  for (let k = 0; k < 3; k++) ms = ms * 10 + (from + k < to ? line.charCodeAt(from + k) - 48 : 0);
  return ms;
}

export function parseRfc3339(line: string): LogRecord | null {
  const y = two(line, 0) * 100 + two(line, 2);
  const mo = two(line, 5);
  const d = two(line, 8);
  if (y < 0 || two(line, 0) < 0 || two(line, 2) < 0 || mo < 0 || d < 0 || line.charCodeAt(4) !== 45 || line.charCodeAt(7) !== 45 || line.charCodeAt(10) !== 84) return null;
  if (!clock(line, 11)) return null;
  const h = hh, min = mm, sec = ss;
  let i = 19;
  let ms = 0;
  let c = line.charCodeAt(i);
  if (c === 46 || c === 44) {
    const from = ++i;
    while (isDigit(line.charCodeAt(i))) i++;
    if (i === from || i - from > 9) return null;
    ms = fraction(line, from, i);
    c = line.charCodeAt(i);
  }
  let offsetMin: number | null = null;
  if (c === 90) {
    offsetMin = 0;
    i++;
  } else if (c === 43 || c === 45) {
    const hh = two(line, i + 1);
    const colon = line.charCodeAt(i + 3) === 58 ? 1 : 0;
    const mm = two(line, i + 3 + colon);
    if (hh < 0 || mm < 0) return null;
    offsetMin = (c === 45 ? -1 : 1) * (hh * 60 + mm);
    i += 5 + colon;
  }
  if (line.charCodeAt(i) !== 32) return null;
  const rec = hostAndTag(line, i + 1, 0) ?? bracketTag(line, i + 1);
  if (rec === null) return null;
  let ts: number;
  if (offsetMin === null) {
    ts = localMs(y, mo - 1, d, h, min, sec, ms);
  } else {
    // an impossible date is no time at all (Date.UTC would roll it over)
    const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 24 && min <= 59 && sec <= 59;
    ts = valid ? Date.UTC(y, mo - 1, d, h, min, sec, ms) - offsetMin * 60_000 : NaN;
  }
  rec.ts = Number.isNaN(ts) ? null : ts;
  return rec;
}

/** Syslog-wrapped lines: traditional first (the common case), then RFC 3339. */
export function parseSyslog(line: string, ctx: PrefixContext): LogRecord | null {
  const c = line.charCodeAt(0);
  if (c >= 65 && c <= 90) return parseTraditional(line, ctx);
  if (c >= 48 && c <= 57) return parseRfc3339(line);
  return null;
}
