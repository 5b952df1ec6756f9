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

function record(ts: number | null, host: string, program: string, pid: string | undefined, message: string, raw: string): LogRecord {
  return { ts, host, program, service: serviceOf(program), pid: pid === undefined ? null : Number(pid), message, raw };
}

export function parseTraditional(line: string, ctx: PrefixContext): LogRecord | null {
  const m = TRADITIONAL.exec(line);
  if (!m) return null;
  const month = MONTHS[m[1]!];
  if (month === undefined) return null;
  const year = ctx.years.resolve(month);
  const ts = minuteStart(year, month, m[2]!, m[3]!, m[4]!) + Number(m[5]) * 1000 + fractionMs(m[6]);
  return record(Number.isNaN(ts) ? null : ts, m[7]!, m[8]!, m[9], m[10]!, line);
}

// Local-time conversion is the dearest step of a line; consecutive lines mostly share
// their minute, so the start of the last minute seen is kept (seconds never cross a DST change).
let lastYear = -1;
let lastMonth = -1;
let lastDay = '';
let lastHour = '';
let lastMin = '';
let lastMinute = NaN;
function minuteStart(year: number, month: number, day: string, hour: string, minute: string): number {
  if (minute !== lastMin || hour !== lastHour || day !== lastDay || month !== lastMonth || year !== lastYear) {
    lastYear = year;
    lastMonth = month;
    lastDay = day;
    lastHour = hour;
    lastMin = minute;
    lastMinute = new Date(year, month, Number(day), Number(hour), Number(minute), 0, 0).getTime();
  }
  return lastMinute;
}

export function parseRfc3339(line: string): LogRecord | null {
  const m = RFC3339.exec(line);
  if (!m) return null;
  const ms = fractionMs(m[7]);
  let ts: number;
  if (m[8] === undefined) {
    ts = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms).getTime();
  } else {
    const zone = m[8] === 'Z' ? 'Z' : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8];
    ts = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${String(ms).padStart(3, '0')}${zone}`);
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
