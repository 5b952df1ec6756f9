import type { LogRecord } from '../../model/types.js';

// Exim's own files: "2026-11-28 18:12:52[.mmm][ +zzzz][ [pid]] message".
const NATIVE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?(?: ([+-]\d{4}))?(?: \[(\d+)\])? (.*)$/s;

function stampMs(m: RegExpExecArray): number | null {
  const ms = Number(m[7] ?? 0);
  let ts: number;
  if (m[8] === undefined) {
    ts = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms).getTime();
  } else {
    const z = `${m[8].slice(0, 3)}:${m[8].slice(3)}`;
    ts = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${String(ms).padStart(3, '0')}${z}`);
  }
  return Number.isNaN(ts) ? null : ts;
}

export function parseEximNative(line: string): LogRecord | null {
  const m = NATIVE.exec(line);
  if (!m) return null;
  return {
    ts: stampMs(m), host: '', program: 'exim', service: 'exim',
    pid: m[9] === undefined ? null : Number(m[9]), message: m[10]!, raw: line,
  };
}

// A single-part "[1/1]" marker left by a syslog split (longer runs are joined by the assembler).
const LONE_PART = /^\[1[/\\]1\] /;

/**
 * Exim through syslog ("host exim[pid]: ..."): the message may still start with Exim's
 * own stamp (syslog_timestamp = true, the default). That stamp is Exim's clock, kept
 * to the second or better and with its zone when log_timezone is set, so it wins over
 * the syslog one; it is taken off the message so rows see the same text as in mainlog.
 */
export function unwrapEximRecord(rec: LogRecord): LogRecord {
  let message = rec.message;
  if (message.charCodeAt(0) === 91 && LONE_PART.test(message)) message = message.slice(6);
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
