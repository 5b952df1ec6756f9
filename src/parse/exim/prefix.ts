import type { LogRecord } from '../../model/types.js';

// Exim's own files: "2026-11-28 18:12:52[.mmm][ +zzzz][ [pid]] message".
const NATIVE = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{3}))?(?: ([+-]\d{4}))?(?: \[(\d+)\])? (.*)$/s;

export function parseEximNative(line: string): LogRecord | null {
  const m = NATIVE.exec(line);
  if (!m) return null;
  const ms = Number(m[7] ?? 0);
  let ts: number;
  if (m[8] === undefined) {
    ts = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms).getTime();
  } else {
    const z = `${m[8].slice(0, 3)}:${m[8].slice(3)}`;
    ts = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${String(ms).padStart(3, '0')}${z}`);
  }
  return {
    ts: Number.isNaN(ts) ? null : ts, host: '', program: 'exim', service: 'exim',
    pid: m[9] === undefined ? null : Number(m[9]), message: m[10]!, raw: line,
  };
}
