import type { LogRecord, MailEvent, Mta } from './types.js';
import type { CorrelateState } from './correlate-state.js';
import { sessionKeyOf } from './correlate-sessions.js';

// TLS handshakes that failed and certificates that did not verify, one row a line, tied to the
// session when one is open (looked up only: a failure line does not count as the session's activity).

const LIBRARY_PROBLEM = 'TLS library problem:';

export function addTlsFailure(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const direction = ev.tlsFailure!;
  const s = st.sessions.get(sessionKeyOf(rec.host, rec.program, rec.pid, ev.clientIp ?? null, ev.clientPort ?? null)) ?? null;
  const inbound = direction === 'inbound';
  st.batch.tlsFailures.push({
    ts: rec.ts, host: rec.host, mta, program: rec.program, pid: rec.pid, direction, session: s, queueId: ev.queueId ?? null,
    peerHost: (inbound ? ev.clientHost ?? s?.clientHost : ev.relayHost) ?? null,
    peerIp: (inbound ? ev.clientIp ?? s?.clientIp : ev.relayIp) ?? null,
    detail: rec.message, reason: null, remedyId: null, pattern: ev.pattern, line: rec.raw,
  });
}

/** Postfix's "TLS library problem" warning: the cause of the same process's failure just logged. */
export function amendTlsFailure(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const text = ev.detail;
  if (mta !== 'postfix' || rec.pid === null || text === undefined || !text.startsWith(LIBRARY_PROBLEM)) return;
  st.batch.tlsAmends.push({ ts: rec.ts, host: rec.host, program: rec.program, pid: rec.pid, text });
}
