import type { LogRecord } from '../../model/types.js';

// Exim's own files: "2026-11-28 18:12:52[.mmm][ +zzzz][ [pid]] message".
const NATIVE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?(?: ([+-]\d{4}))?(?: \[(\d+)\])? (.*)$/s;

// Consecutive lines mostly share their second: the last conversion is kept.
let lastKey = '';
let lastMs: number | null = null;

function stampMs(m: RegExpExecArray): number | null {
  const key = `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}${m[8] ?? ''}`;
  const frac = Number(m[7] ?? 0);
  if (key === lastKey) return lastMs === null ? null : lastMs + frac;
  lastKey = key;
  lastMs = wholeSecondMs(m);
  return lastMs === null ? null : lastMs + frac;
}

function wholeSecondMs(m: RegExpExecArray): number | null {
  const ms = 0;
  let ts: number;
  if (m[8] === undefined) {
    ts = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms).getTime();
  } else {
    const z = `${m[8].slice(0, 3)}:${m[8].slice(3)}`;
    ts = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${String(ms).padStart(3, '0')}${z}`);
  }
  return Number.isNaN(ts) ? null : ts;
}

// "host prog[pid]: msg" after a native-looking stamp: syslog templates that write ISO time
// with a space; any program may follow (Postfix too), so the MTA is decided as for syslog.
const TAGGED = /^([^\s[\]]+) ([^\s[\]]+)\[(\d+)\]: ?(.*)$/s;
// the same with no time at all is only taken for Exim (exporters that drop the syslog time)
const EXIM_TAGGED = /^([^\s[\]]+) (exim[\w.-]*)\[(\d+)\]: ?(.*)$/s;

function tagged(ts: number | null, rest: string, raw: string, re: RegExp): LogRecord | null {
  if (!rest.includes(']: ')) return null;
  const t = re.exec(rest);
  if (!t) return null;
  const program = t[2]!;
  const service = program.slice(program.lastIndexOf('/') + 1);
  return { ts, host: t[1]!, program, service, pid: Number(t[3]), message: t[4]!, raw };
}

export function parseEximNative(line: string): LogRecord | null {
  const m = NATIVE.exec(line);
  if (!m) return tagged(null, line, line, EXIM_TAGGED);
  const ts = stampMs(m);
  return tagged(ts, m[10]!, line, TAGGED) ?? {
    ts, host: '', program: 'exim', service: 'exim',
    pid: m[9] === undefined ? null : Number(m[9]), message: m[10]!, raw: line,
  };
}

/** A line with no prefix at all, read as an Exim message when the user says the log is Exim's. */
export function bareEximRecord(line: string): LogRecord {
  return { ts: null, host: '', program: 'exim', service: 'exim', pid: null, message: line, raw: line };
}

// A single-part "[1/1]" marker left by a syslog split (longer runs are joined by the assembler).
const LONE_PART = /^\[1[/\\]1\] /;
// Exim's own "[pid] " (log_selector +pid) repeated inside a syslog message
const INNER_PID = /^\[(\d+)\] /;

/**
 * Exim through syslog ("host exim[pid]: ..."): the message may still start with Exim's
 * own stamp (syslog_timestamp = true, the default). That stamp is Exim's clock, kept
 * to the second or better and with its zone when log_timezone is set, so it wins over
 * the syslog one; it is taken off the message so rows see the same text as in mainlog.
 */
export function unwrapEximRecord(rec: LogRecord): LogRecord {
  let message = rec.message;
  if (message.charCodeAt(0) === 91 && LONE_PART.test(message)) message = message.slice(6);
  if (message.charCodeAt(0) === 91) {
    const p = INNER_PID.exec(message);
    if (p) message = message.slice(p[0].length);
  }
  const c = message.charCodeAt(0);
  if (c >= 48 && c <= 57 && rec.host !== '') {
    const m = NATIVE.exec(message);
    if (m) {
      const ts = stampMs(m);
      return { ...rec, ts: ts ?? rec.ts, pid: rec.pid ?? (m[9] === undefined ? null : Number(m[9])), message: m[10]! };
    }
  }
  return message === rec.message ? rec : { ...rec, message };
}
