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

// Every line passes through here, so the prefixes are read by hand rather than by regular
// expressions (which cost a substring per group and a Number() per field). They accept exactly:
//   traditional  /^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d{1,6})? HOST TAG/  "Nov  8 ..." (rsyslog), "Nov 08 ..." (maillog_file)
//   RFC 3339     /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? HOST TAG/  (rsyslog's default file format)
//   HOST         /(\S+) (?:FACILITY\.LEVEL )?/  BusyBox syslogd writes "mail.info" between host and tag
//                or nothing at all: BusyBox with -S, and the raw form syslog(3) sends, name no host
//   TAG          /([^\s[\]]+?)(?:\[(\d+)\])?: ?(.*)$/s   the program is the shortest name followed by "[pid]:" or ":"
// Either may follow a "<PRI>" (a raw capture of the syslog protocol), and
//   RFC 5424     /^<\d{1,3}>1 (STAMP|-) (HOST|-) (APP|-) (PROCID|-) (MSGID|-) (SD|-)(?: (MSG))?$/
//                rsyslog's RSYSLOG_SyslogProtocol23Format and syslog-ng's syslog-protocol files
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
// one keeps a single copy of each alive, and a string seen before has its hash computed already
// (they key every map of open sessions and messages). The name is looked up by a substring: a
// Map finds it by a hash computed in native code, where comparing it character by character
// with the names kept (charCodeAt on both) cost about as much as the rest of the prefix.
const INTERNED = 64;
const hosts = new Map<string, string>();
const programs = new Map<string, string>();
function intern(cache: Map<string, string>, line: string, from: number, to: number): string {
  const s = line.slice(from, to);
  const kept = cache.get(s);
  if (kept !== undefined) return kept;
  if (cache.size >= INTERNED) cache.clear();
  cache.set(s, s);
  return s;
}

/**
 * BusyBox syslogd's own notices, which it writes with no tag: "syslogd started: BusyBox v1.35.0"
 * and "syslogd exiting", after the host and level or, with -S, right after the stamp. They are
 * the syslog daemon's lines (another program's), not unreadable ones.
 */
function busyboxNotice(line: string, hostStart: number, hostEnd: number, i: number, ts: number): LogRecord | null {
  if (line.charCodeAt(i) !== 115 || !line.startsWith('syslogd ', i)) return null;
  const rest = i + 8;
  if (!(line.startsWith('started: BusyBox', rest) || (line.length === rest + 7 && line.endsWith('exiting')))) return null;
  const host = hostEnd === hostStart ? '' : intern(hosts, line, hostStart, hostEnd);
  return { ts: Number.isNaN(ts) ? null : ts, host, program: 'syslogd', service: 'syslogd', pid: null, message: line.slice(rest), raw: line };
}

/** "host TAG" from `i` on: the record, or null when the rest is not that shape */
function hostAndTag(line: string, i: number, ts: number): LogRecord | null {
  const n = line.length;
  const hostStart = i;
  const own = busyboxNotice(line, i, i, i, ts);
  if (own !== null) return own;
  while (i < n && !isSpace(line.charCodeAt(i))) i++;
  if (i === hostStart || line.charCodeAt(i) !== 32) return null;
  // a tag ends in its only ':' ("postfix/smtpd[7162]:"), a host name does not (an IPv6 address may
  // end in "::"): no host was written
  if (line.charCodeAt(i - 1) === 58 && line.indexOf(':', hostStart) === i - 1) return tagAt(line, hostStart, hostStart, hostStart, ts);
  return tagAt(line, hostStart, i, i + 1, ts) ?? facilityAndTag(line, hostStart, i, i + 1, ts) ?? busyboxNotice(line, hostStart, i, i + 1, ts);
}

/** "TAG message" from `i` on, the host name being line[hostStart, hostEnd) (none when empty) */
function tagAt(line: string, hostStart: number, hostEnd: number, i: number, ts: number): LogRecord | null {
  const n = line.length;
  const progStart = i;
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
      // a pid too long to be exact as a number is no process's (anyone can write such a tag with
      // logger): the line keeps its place, with no pid, rather than reach an INTEGER column as 1e20
      pid = j - i - 1 > 15 ? null : p;
      rest = j + 2;
      break;
    }
    if (isSpace(c) || c === 93) return null;
  }
  if (line.charCodeAt(rest) === 32) rest++;
  // the usual "host program": both names, and the program's service, from one lookup
  const who = hostEnd > hostStart && progStart === hostEnd + 1 ? senderAt(line, hostStart, hostEnd, i) : null;
  if (who !== null) return { ts: Number.isNaN(ts) ? null : ts, host: who.host, program: who.program, service: who.service, pid, message: line.slice(rest), raw: line };
  const host = hostEnd === hostStart ? '' : intern(hosts, line, hostStart, hostEnd);
  const program = intern(programs, line, progStart, i);
  return { ts: Number.isNaN(ts) ? null : ts, host, program, service: serviceOf(program), pid, message: line.slice(rest), raw: line };
}

interface Sender {
  host: string;
  program: string;
  service: string;
}

// "host program" as one text, for the names in it: one substring made and hashed per line instead of
// one per name and a lookup of the service (a file has few such pairs; bounded as the names are)
const senders = new Map<string, Sender>();
function senderAt(line: string, hostStart: number, hostEnd: number, progEnd: number): Sender {
  const key = line.slice(hostStart, progEnd);
  let who = senders.get(key);
  if (who === undefined) {
    const program = intern(programs, line, hostEnd + 1, progEnd);
    who = { host: intern(hosts, line, hostStart, hostEnd), program, service: serviceOf(program) };
    if (senders.size >= INTERNED) senders.clear();
    senders.set(key, who);
  }
  return who;
}

// syslog's facility and level names, as BusyBox syslogd writes them ("mail.info", "local3.warn")
const FACILITY_LEVEL = /(?:kern|user|mail|daemon|auth|syslog|lpr|news|uucp|cron|authpriv|ftp|local[0-7])\.(?:emerg|alert|crit|err|warn|warning|notice|info|debug) /y;

/** "FACILITY.LEVEL TAG" from `i` on: BusyBox syslogd's default file format */
function facilityAndTag(line: string, hostStart: number, hostEnd: number, i: number, ts: number): LogRecord | null {
  FACILITY_LEVEL.lastIndex = i;
  if (!FACILITY_LEVEL.test(line)) return null;
  const at = FACILITY_LEVEL.lastIndex;
  return tagAt(line, hostStart, hostEnd, at, ts) ?? busyboxNotice(line, hostStart, hostEnd, at, ts);
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

// The date ("Nov  8 ", "Nov 08 ": with its space) and the time (" hh:mm:ss") of the last
// traditional stamp read character by character, and their fields. Most lines repeat the date
// of the line before, and many its second too: comparing the text with the last one's (a copy
// under 13 characters, compared at once) costs far less than reading it again (a charCodeAt
// costs dozens of instructions on a line split from a chunk). Only a 6-character date is kept.
let tradDate = '';
let tradMonth = 0;
let tradDay = 0;
let tradTime = '';
let tradH = 0;
let tradMin = 0;
let tradSec = 0;

export function parseTraditional(line: string, ctx: PrefixContext, at = 0): LogRecord | null {
  const date = line.slice(at, at + 7);
  let i: number;
  let month: number | undefined;
  let day: number;
  if (date === tradDate) {
    i = at + 6;
    month = tradMonth;
    day = tradDay;
  } else {
    const c0 = line.charCodeAt(at);
    const c1 = line.charCodeAt(at + 1);
    const c2 = line.charCodeAt(at + 2);
    if (!(c0 >= 65 && c0 <= 90 && c1 >= 97 && c1 <= 122 && c2 >= 97 && c2 <= 122) || line.charCodeAt(at + 3) !== 32) return null;
    i = at + 4;
    while (line.charCodeAt(i) === 32) i++;
    day = -1;
    if (isDigit(line.charCodeAt(i))) {
      day = line.charCodeAt(i++) - 48;
      if (isDigit(line.charCodeAt(i))) day = day * 10 + line.charCodeAt(i++) - 48;
    }
    if (day < 0 || line.charCodeAt(i) !== 32) return null;
    // (only looked up here; the year resolver, whose roll-over state must not move for a line
    // that is not a prefix after all, is asked once the whole prefix has been read)
    month = MONTHS.get((c0 << 16) | (c1 << 8) | c2);
    if (month === undefined) return null;
    if (i === at + 6) {
      tradDate = date;
      tradMonth = month;
      tradDay = day;
    }
  }
  const time = line.slice(i, i + 9);
  if (time !== tradTime) {
    if (!clock(line, i + 1)) return null;
    tradTime = time;
    tradH = hh;
    tradMin = mm;
    tradSec = ss;
  }
  const h = tradH, min = tradMin, sec = tradSec;
  i += 9;
  let ms = 0;
  if (line.charCodeAt(i) === 46) {
    ms = fractionAt(line, i + 1, 6);
    if ((i = fractionEnd) < 0) return null;
  }
  if (line.charCodeAt(i) !== 32) return null;
  const rec = hostAndTag(line, i + 1, 0) ?? bracketTag(line, i + 1);
  if (rec === null) return null;
  const year = ctx.years.resolve(month, day);
  const ts = localMs(year, month, day, h, min, sec, ms);
  rec.ts = Number.isNaN(ts) ? null : ts;
  if (rec.ts !== null) ctx.years.lastMs = rec.ts;
  return rec;
}

// where the last fraction read by fractionAt ended, or -1 when it had no digits or too many
let fractionEnd = -1;

/** Milliseconds of the fraction whose digits start at i ("5" -> 500, "806217" -> 806), at most `max` digits; fractionEnd says where it ended. */
function fractionAt(line: string, i: number, max: number): number {
  const from = i;
  while (isDigit(line.charCodeAt(i))) i++;
  if (i === from || i - from > max) {
    fractionEnd = -1;
    return 0;
  }
  fractionEnd = i;
  let ms = 0;
  for (let k = 0; k < 3; k++) ms = ms * 10 + (from + k < i ? line.charCodeAt(from + k) - 48 : 0);
  return ms;
}

// where the last stamp read by rfc3339At ended, or -1 when the text there was not a stamp
let stampEnd = -1;

/** The instant of an RFC 3339 stamp at `at` (NaN for an impossible date); stampEnd says where it ended. */
function rfc3339At(line: string, at: number): number {
  stampEnd = -1;
  const y = two(line, at) * 100 + two(line, at + 2);
  const mo = two(line, at + 5);
  const d = two(line, at + 8);
  if (y < 0 || two(line, at) < 0 || two(line, at + 2) < 0 || mo < 0 || d < 0 || line.charCodeAt(at + 4) !== 45 || line.charCodeAt(at + 7) !== 45 || line.charCodeAt(at + 10) !== 84) return NaN;
  if (!clock(line, at + 11)) return NaN;
  const h = hh, min = mm, sec = ss;
  let i = at + 19;
  let ms = 0;
  let c = line.charCodeAt(i);
  if (c === 46 || c === 44) {
    ms = fractionAt(line, i + 1, 9);
    if ((i = fractionEnd) < 0) return NaN;
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
    if (hh < 0 || mm < 0) return NaN;
    offsetMin = (c === 45 ? -1 : 1) * (hh * 60 + mm);
    i += 5 + colon;
  }
  stampEnd = i;
  if (offsetMin === null) return localMs(y, mo - 1, d, h, min, sec, ms);
  // an impossible date is no time at all (Date.UTC would roll it over)
  const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 24 && min <= 59 && sec <= 59;
  return valid ? Date.UTC(y, mo - 1, d, h, min, sec, ms) - offsetMin * 60_000 : NaN;
}

export function parseRfc3339(line: string, at = 0): LogRecord | null {
  const ts = rfc3339At(line, at);
  const i = stampEnd;
  if (i < 0 || line.charCodeAt(i) !== 32) return null;
  // a second stamp is no host name: Exim's own line after a collector's time (docker logs -t)
  if (line.charCodeAt(i + 5) === 45 && line.charCodeAt(i + 11) === 32 && line.charCodeAt(i + 14) === 58 && isDigit(line.charCodeAt(i + 1))) return null;
  const rec = hostAndTag(line, i + 1, 0) ?? bracketTag(line, i + 1);
  if (rec === null) return null;
  rec.ts = Number.isNaN(ts) ? null : ts;
  return rec;
}

/** the end of the space-free field at i (RFC 5424's HOSTNAME, APP-NAME, PROCID, MSGID), or -1 without the space after it */
function fieldEnd(line: string, i: number): number {
  const from = i;
  while (i < line.length && line.charCodeAt(i) !== 32) i++;
  return i === from || i >= line.length ? -1 : i;
}

/**
 * The end of RFC 5424's STRUCTURED-DATA at i, or -1: "-", or one or more [id name="value" ...],
 * where a value escapes '"', '\\' and ']' with a backslash and a quote opens only after '='.
 */
function structuredDataEnd(line: string, i: number): number {
  if (line.charCodeAt(i) === 45) return i + 1;
  if (line.charCodeAt(i) !== 91) return -1;
  while (line.charCodeAt(i) === 91) {
    let quoted = false;
    for (i++; ; i++) {
      if (i >= line.length) return -1;
      const c = line.charCodeAt(i);
      if (quoted) {
        if (c === 92) i++;
        else if (c === 34) quoted = false;
      } else if (c === 93) {
        break;
      } else if (c === 61) {
        if (line.charCodeAt(i + 1) !== 34) return -1;
        quoted = true;
        i++;
      } else if (c === 34 || c === 91) {
        return -1;
      }
    }
    i++;
  }
  return i;
}

/** RFC 5424's NILVALUE: the field from..to is "-" */
function isNil(line: string, from: number, to: number): boolean {
  return to === from + 1 && line.charCodeAt(from) === 45;
}

/** the digits from..to as a number, or null when there are none or anything else ("-", "abc") */
function numberIn(line: string, from: number, to: number): number | null {
  if (to <= from) return null;
  for (let k = from; k < to; k++) if (!isDigit(line.charCodeAt(k))) return null;
  return Number(line.slice(from, to));
}

/** RFC 5424 from `at` (after "<PRI>1 "): the header's fields become the record's, a nil field ("-") none */
function parseRfc5424(line: string, at: number): LogRecord | null {
  let ts = NaN;
  let i: number;
  if (line.charCodeAt(at) === 45) {
    i = at + 1;
  } else {
    ts = rfc3339At(line, at);
    i = stampEnd;
    if (i < 0) return null;
  }
  if (line.charCodeAt(i) !== 32) return null;
  const hostEnd = fieldEnd(line, i + 1);
  const appEnd = hostEnd < 0 ? -1 : fieldEnd(line, hostEnd + 1);
  const procEnd = appEnd < 0 ? -1 : fieldEnd(line, appEnd + 1);
  const msgIdEnd = procEnd < 0 ? -1 : fieldEnd(line, procEnd + 1);
  const sdEnd = msgIdEnd < 0 ? -1 : structuredDataEnd(line, msgIdEnd + 1);
  if (sdEnd < 0 || (sdEnd < line.length && line.charCodeAt(sdEnd) !== 32)) return null;
  const host = isNil(line, i + 1, hostEnd) ? '' : intern(hosts, line, i + 1, hostEnd);
  const program = isNil(line, hostEnd + 1, appEnd) ? '' : intern(programs, line, hostEnd + 1, appEnd);
  const pid = numberIn(line, appEnd + 1, procEnd);
  // the message may open with a byte-order mark (RFC 5424 section 6.4); rsyslog's template puts a space before it
  let m = sdEnd + 1;
  while (m < line.length && (line.charCodeAt(m) === 32 || line.charCodeAt(m) === 0xfeff)) m++;
  return { ts: Number.isNaN(ts) ? null : ts, host, program, service: serviceOf(program), pid, message: line.slice(m), raw: line };
}

/** "<PRI>" then RFC 5424, or one of the other prefixes */
function afterPri(line: string, ctx: PrefixContext): LogRecord | null {
  let i = 1;
  while (i <= 3 && isDigit(line.charCodeAt(i))) i++;
  if (i === 1 || line.charCodeAt(i) !== 62) return null;
  const c = line.charCodeAt(++i);
  if (c === 49 && line.charCodeAt(i + 1) === 32) return parseRfc5424(line, i + 2);
  if (c >= 65 && c <= 90) return parseTraditional(line, ctx, i);
  if (c >= 48 && c <= 57) return parseRfc3339(line, i);
  return null;
}

// journalctl's other text outputs: -o short-full "Sat 2026-11-28 17:59:30 UTC host TAG" (local time
// and its zone's abbreviation) and -o short-unix "1795888770.000000 host TAG" (seconds since 1970).
const ABBREV_UTC = new Set(['UTC', 'GMT', 'Z']);

/** journalctl -o short-full: the zone is UTC when it says so, a numeric one ("+03", "-0330") as given, else local time */
function parseShortFull(line: string): LogRecord | null {
  if (line.charCodeAt(3) !== 32 || line.charCodeAt(8) !== 45 || line.charCodeAt(11) !== 45 || line.charCodeAt(14) !== 32) return null;
  const y = two(line, 4) * 100 + two(line, 6);
  const mo = two(line, 9);
  const d = two(line, 12);
  if (two(line, 4) < 0 || two(line, 6) < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || !clock(line, 15)) return null;
  const h = hh, min = mm, sec = ss;
  let i = 23;
  let ms = 0;
  if (line.charCodeAt(i) === 46) {
    ms = fractionAt(line, i + 1, 9);
    if ((i = fractionEnd) < 0) return null;
  }
  if (line.charCodeAt(i) !== 32) return null;
  const zoneEnd = line.indexOf(' ', i + 1);
  if (zoneEnd <= i + 1) return null;
  const zone = line.slice(i + 1, zoneEnd);
  let ts: number;
  if (ABBREV_UTC.has(zone)) {
    ts = Date.UTC(y, mo - 1, d, h, min, sec, ms);
  } else if (/^[+-]\d\d(?::?\d\d)?$/.test(zone)) {
    const off = (Number(zone.slice(1, 3)) * 60 + (zone.length > 3 ? Number(zone.slice(-2)) : 0)) * (zone[0] === '-' ? -1 : 1);
    ts = Date.UTC(y, mo - 1, d, h, min, sec, ms) - off * 60_000;
  } else if (/^[A-Za-z]{2,6}$/.test(zone)) {
    ts = localMs(y, mo - 1, d, h, min, sec, ms);
  } else {
    return null;
  }
  const rec = hostAndTag(line, zoneEnd + 1, 0);
  if (rec !== null) rec.ts = Number.isNaN(ts) ? null : ts;
  return rec;
}

/** journalctl -o short-unix */
function parseShortUnix(line: string): LogRecord | null {
  let i = 0;
  let s = 0;
  while (isDigit(line.charCodeAt(i)) && i < 12) s = s * 10 + line.charCodeAt(i++) - 48;
  if (i < 9 || line.charCodeAt(i) !== 46) return null;
  const ms = fractionAt(line, i + 1, 9);
  if ((i = fractionEnd) < 0 || line.charCodeAt(i) !== 32) return null;
  const rec = hostAndTag(line, i + 1, 0);
  if (rec !== null) rec.ts = s * 1000 + ms;
  return rec;
}

/** Syslog-wrapped lines: traditional first (the common case), then RFC 3339, then those after a "<PRI>" and journalctl's. */
export function parseSyslog(line: string, ctx: PrefixContext): LogRecord | null {
  const c = line.charCodeAt(0);
  if (c >= 65 && c <= 90) return parseTraditional(line, ctx) ?? parseShortFull(line);
  if (c >= 48 && c <= 57) return parseRfc3339(line) ?? parseShortUnix(line);
  if (c === 60) return afterPri(line, ctx);
  return null;
}
