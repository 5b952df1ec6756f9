import type { LogRecord, MailEvent, Mta, Reply } from './types.js';
import type { MessageState, ReplyRow } from './facts.js';
import { domainOf, type CorrelateState } from './correlate-state.js';
import { noteHelo, sessionOf } from './correlate-sessions.js';
import { heard, neverQueued, openMessage } from './correlate-messages.js';

// SMTP replies as rows, tied to the session and message they belong to; a refusal counts on its
// session and can end a message that never reached the queue.

/** stages at which a refusal refuses the whole message, not one recipient */
const WHOLE_MESSAGE = new Set(['DATA', 'END-OF-DATA']);

function replyRow(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent, r: Reply, m: MessageState | null): ReplyRow {
  // An Exim rejectlog entry is read after the mainlog (or without it): the connection open under its
  // client's address by then is a later one. Its mainlog twin carries the right connection. Exim's
  // daemon turning a connection away (connection limits) logs no connection: the one open under the
  // address is another, whose process the daemon's pid is not.
  const s = r.direction === 'inbound' && ev.extra?.origin !== 'rejectlog' && ev.pattern !== 'exim.reject.connection-limit' ? sessionOf(st, rec, ev) : null;
  return {
    ts: rec.ts, host: rec.host, mta, program: rec.program, pid: rec.pid, kind: ev.kind, direction: r.direction,
    code: r.code, codeDerived: r.codeDerived, enhanced: r.enhanced, text: r.text, reason: null,
    stage: r.stage, queueId: ev.queueId ?? null, session: s, message: m,
    clientHost: ev.clientHost ?? s?.clientHost ?? null, clientIp: ev.clientIp ?? s?.clientIp ?? null,
    relayHost: ev.relayHost ?? null, relayIp: ev.relayIp ?? null,
    sender: ev.sender ?? null, recipient: ev.recipient ?? null, recipientDomain: domainOf(ev.recipient),
    status: ev.status ?? null,
    remedyId: null,
    pattern: ev.pattern, origin: typeof ev.extra?.origin === 'string' ? ev.extra.origin : 'log', line: rec.raw,
  };
}

export function addReply(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent, r: Reply): void {
  const m = ev.queueId ? openMessage(st, rec.host, ev.queueId) ?? null : null;
  const row = replyRow(st, rec, mta, ev, r, m);
  st.batch.replies.push(row);
  if (ev.kind === 'reject' && row.session) {
    row.session.rejects += 1;
    // the DATA command itself refused: the client never got its 354
    if (r.stage === 'DATA') row.session.dataRefused = true;
    st.batch.sessions.add(row.session);
  }
  if (row.session) noteHelo(st, row.session, ev);
  // refused at DATA or after it, before the queue manager saw it: the queue file is gone
  if (ev.kind === 'reject' && m && neverQueued(m) && r.stage !== null && WHOLE_MESSAGE.has(r.stage)) {
    m.state = 'rejected';
    // the queue manager never names its sender now: the refusal does (as a discard's does)
    m.sender ??= ev.sender ?? null;
    heard(st, m, rec);
    st.messages.delete(m.key);
    st.batch.messages.add(m);
  }
}
