import type { LogRecord } from '../model/types.js';
import type { YearResolver } from './year.js';

// The prefixes a mail log line can carry. Each returns null when the line is not its shape.
// Timestamps without a zone are read as local time, which is what syslog daemons write.

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

// "Nov  8 10:00:00 host prog[pid]: msg" (rsyslog traditional), "Nov 08 ..." (Postfix maillog_file)
const TRADITIONAL =
  /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? (\S+) ([^\s[\]]+?)(?:\[(\d+)\])?: ?(.*)$/s;
// "2026-11-28T17:59:30.806217+00:00 host prog[pid]: msg" (rsyslog's default file format)
const RFC3339 =
  /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,9}))?(Z|[+-]\d\d:?\d\d)? (\S+) ([^\s[\]]+?)(?:\[(\d+)\])?: ?(.*)$/s;

export interface PrefixContext {
  years: YearResolver;
}

function fractionMs(frac: string | undefined): number {
  if (!frac) return 0;
  return Math.floor(Number((frac + '00').slice(0, 3)));
}

function serviceOf(program: string): string {
  const slash = program.lastIndexOf('/');
  return slash < 0 ? program : program.slice(slash + 1);
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

function record(ts: number | null, host: string, program: string, pid: string | undefined, message: string, raw: string): LogRecord {
  return { ts, host, program, service: serviceOf(program), pid: pid === undefined ? null : Number(pid), message, raw };
}

export function parseTraditional(line: string, ctx: PrefixContext): LogRecord | null {
  const m = TRADITIONAL.exec(line);
  if (!m) return null;
  const month = MONTHS[m[1]!];
  if (month === undefined) return null;
  const year = ctx.years.resolve(month);
  const ts = localMs(year, month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), fractionMs(m[6]));
  return record(Number.isNaN(ts) ? null : ts, m[7]!, m[8]!, m[9], m[10]!, line);
}

export function parseRfc3339(line: string): LogRecord | null {
  const m = RFC3339.exec(line);
  if (!m) return null;
  const ms = fractionMs(m[7]);
  let ts: number;
  if (m[8] === undefined) {
    ts = localMs(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms);
  } else {
    // the offset is applied by arithmetic: Date.UTC is cheap, parsing a built string is not
    const z = m[8];
    const mo = Number(m[2]), d = Number(m[3]), h = Number(m[4]), mi = Number(m[5]), sec = Number(m[6]);
    // an impossible date is no time at all (Date.UTC would roll it over)
    const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && sec <= 59;
    const offsetMin = z === 'Z' ? 0 : (z[0] === '-' ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(-2)));
    ts = valid ? Date.UTC(Number(m[1]), mo - 1, d, h, mi, sec, ms) - offsetMin * 60_000 : NaN;
  }
  return record(Number.isNaN(ts) ? null : ts, m[9]!, m[10]!, m[11], m[12]!, line);
}

/** Syslog-wrapped lines: traditional first (the common case), then RFC 3339. */
export function parseSyslog(line: string, ctx: PrefixContext): LogRecord | null {
  const c = line.charCodeAt(0);
  if (c >= 65 && c <= 90) return parseTraditional(line, ctx);
  if (c >= 48 && c <= 57) return parseRfc3339(line);
  return null;
}
