import type { LogRecord, MailEvent, Mta } from './types.js';
import type { CorrelateState } from './correlate-state.js';
import { sameAttempt, type AttemptMark } from './facts.js';
import { sessionKeyOf } from './correlate-sessions.js';
import { openMessage } from './correlate-messages.js';

// TLS handshakes that failed and certificates that did not verify, one row a line, tied to the
// session when one is open (looked up only: a failure line does not count as the session's activity).

const LIBRARY_PROBLEM = 'TLS library problem:';
// A library line more than this long after the failure (log time) is not about it: the process
// has moved on to other clients.
const AMEND_WITHIN_MS = 60_000;
// Postfix prints the library's error queue when the handshake call failed in the library (a
// numeric result, "SSL_accept error from x: -1"); a failure that names a system error ("lost
// connection", "Connection timed out") has no library line of its own.
const LIBRARY_RESULT = /: -?\d+$/;

/**
 * Whether a process's latest failure takes the library warning it logs next: the same test for a
 * failure of this batch (here) and one already stored (store/writer.ts), so a run cut between
 * the two lines stores what one run stores.
 */
export function takesLibraryError(failure: { ts: number | null; detail: string; libraryError: string | null }, warningTs: number | null): boolean {
  if (failure.libraryError !== null || !LIBRARY_RESULT.test(failure.detail)) return false;
  return warningTs === null || failure.ts === null || (warningTs >= failure.ts && warningTs - failure.ts <= AMEND_WITHIN_MS);
}

export function addTlsFailure(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const direction = ev.tlsFailure!;
  const s = st.sessions.get(sessionKeyOf(rec.host, ev.mta, rec.program, rec.pid, ev.clientIp ?? null, ev.clientPort ?? null)) ?? null;
  const inbound = direction === 'inbound';
  st.batch.tlsFailures.push({
    ts: rec.ts, host: rec.host, mta, program: rec.program, pid: rec.pid, direction, session: s, queueId: ev.queueId ?? null,
    peerHost: (inbound ? ev.clientHost ?? s?.clientHost : ev.relayHost) ?? null,
    peerIp: (inbound ? ev.clientIp ?? s?.clientIp : ev.relayIp) ?? null,
    detail: ev.tlsDetail ?? rec.message, libraryError: null, reason: null, remedyId: null, pattern: ev.pattern, line: rec.raw,
  });
}

/**
 * The mark of one attempt's TLS failure, from its line or its stored row (ts, peer_ip, detail),
 * so that a run that starts between two recipients' lines knows the failure is counted.
 */
export function attemptMark(ts: number | null, relayIp: string | null, detail: string): AttemptMark {
  return { ts, what: `${relayIp ?? ''}|${detail}` };
}

/**
 * Whether a delivery line's TLS failure is the first of its attempt: Exim logs a deferral per
 * recipient, and one connection's failed handshake is one failure, not one a recipient.
 */
export function firstOfAttempt(st: CorrelateState, rec: LogRecord, ev: MailEvent): boolean {
  const m = ev.queueId === undefined ? undefined : openMessage(st, rec.host, ev.queueId);
  if (m === undefined) return true;
  const mark = attemptMark(rec.ts, ev.relayIp ?? null, ev.tlsDetail ?? rec.message);
  if (sameAttempt(m.lastTls, mark)) return false;
  m.lastTls = mark;
  return true;
}

/**
 * Postfix's "TLS library problem" warning: the cause of the same process's failure just logged.
 * A failure of this batch is completed here, in log order (a process can fail two handshakes
 * within one batch); one of an earlier batch or run, by the writer, before this batch's failures
 * are stored.
 */
export function amendTlsFailure(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const text = ev.detail;
  if (mta !== 'postfix' || rec.pid === null || text === undefined || !text.startsWith(LIBRARY_PROBLEM)) return;
  const list = st.batch.tlsFailures;
  for (let i = list.length - 1; i >= 0; i--) {
    const f = list[i]!;
    if (f.pid !== rec.pid || f.program !== rec.program || f.host !== rec.host) continue;
    if (takesLibraryError(f, rec.ts)) f.libraryError = text;
    return;
  }
  st.batch.tlsAmends.push({ ts: rec.ts, host: rec.host, program: rec.program, pid: rec.pid, text });
}
