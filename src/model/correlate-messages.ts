import type { LogRecord, MailEvent, Mta, Reply } from './types.js';
import { sameAttempt, type AttemptMark, type Cause, type DeliveryRow, type MessageState } from './facts.js';
import { clockAt, domainOf, type CorrelateState } from './correlate-state.js';
import { addStall, noteHelo, sessionOf } from './correlate-sessions.js';
import { causeOf, gaveUp, noteCause, takeCause } from './last-error.js';
import { giveHostTried } from './hosts-tried.js';

// The message side of correlation: queued messages keyed by host + queue id, their message-ids,
// deliveries and expiry.

const MESSAGE_TTL_MS = 8 * 24 * 3600_000;
// A Postfix message that never reached the queue manager (no qmgr "from=" line) is a transaction
// that ended without a queued message: qmgr picks a finished queue file up within seconds, and
// Postfix logs no "removed" for one that never got there. A day of silence closes it as 'abandoned'.
const UNQUEUED_TTL_MS = 24 * 3600_000;

export function neverQueued(m: MessageState): boolean {
  return m.mta === 'postfix' && m.state === 'open' && m.nrcpt === null;
}

/** silent for longer than a message of its kind stays in the queue, by its host's clock at `now` (clockAt) */
function stale(m: MessageState, now: number): boolean {
  return m.lastClock !== null && now - m.lastClock > (neverQueued(m) ? UNQUEUED_TTL_MS : MESSAGE_TTL_MS);
}

/** A line of the message was read: its last time, and its host's clock then. */
export function heard(st: CorrelateState, m: MessageState, rec: LogRecord): void {
  if (rec.ts === null) return;
  m.lastTs = rec.ts;
  m.lastClock = clockAt(st, rec.host, rec.ts);
}

export function messageKey(host: string, queueId: string): string {
  return `${host}\u0001${queueId}`;
}

/**
 * The open message of a host's queue id: in memory, or stored open by an earlier run and read back
 * now. Not one silent for longer than mail stays queued, by its host's clock: a sweep forgets such a
 * message (evictMessages), and whether one ran before this line, where a run stopped, must change
 * nothing. A line of its queue id is then of a message not seen, which reuses the id.
 */
export function openMessage(st: CorrelateState, host: string, queueId: string, key = messageKey(host, queueId)): MessageState | undefined {
  let m = st.messages.get(key);
  if (m === undefined && st.stored !== undefined) {
    m = st.stored.take(host, queueId);
    if (m !== undefined) st.messages.set(key, m);
  }
  if (m === undefined) return undefined;
  const now = st.clocks.get(host);
  if (now !== undefined && stale(m, now)) {
    retire(st, m);
    st.messages.delete(key);
    return undefined;
  }
  return m;
}

/** The open message under the line's queue id, created when there is none. */
export function messageFor(st: CorrelateState, rec: LogRecord, mta: Mta, queueId: string): MessageState {
  const key = messageKey(rec.host, queueId);
  // a queue id silent for longer than mail stays queued is a new message that reuses it (openMessage)
  let m = openMessage(st, rec.host, queueId, key);
  if (!m) {
    m = {
      rowId: st.ids.message++, stored: false, key, host: rec.host, mta, queueId, session: null, firstTs: rec.ts, lastTs: rec.ts, lastClock: clockAt(st, rec.host, rec.ts), origin: null,
      clientHost: null, clientIp: null, sender: null, size: null, nrcpt: null, messageId: null, state: 'open',
    };
    st.messages.set(key, m);
  }
  heard(st, m, rec);
  st.batch.messages.add(m);
  return m;
}

export function touchMessage(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  if (!ev.queueId) return;
  const m = messageFor(st, rec, mta, ev.queueId);
  switch (ev.kind) {
    case 'client': {
      m.origin ??= 'smtp';
      m.clientHost = ev.clientHost ?? m.clientHost;
      m.clientIp = ev.clientIp ?? m.clientIp;
      const s = sessionOf(st, rec, ev);
      if (s && m.session === null) {
        m.session = s;
        s.messages += 1;
        s.dataRefused = false;
        st.batch.sessions.add(s);
      }
      break;
    }
    case 'pickup':
      m.origin ??= 'pickup';
      m.sender = ev.sender ?? m.sender;
      if (ev.parentQueueId) m.parentId ??= ev.parentQueueId;
      break;
    case 'received':
      // Exim <= lines are the arrival itself; Postfix qmgr from= repeats on every queue run
      // a null sender over SMTP is mail a client sent us; only Exim's own bounces (P=local) are not
      if (mta === 'exim') {
        m.origin ??= ev.protocol === 'local' || ev.protocol === undefined ? (ev.sender === '' ? 'bounce' : 'local') : 'smtp';
        // Exim names the Message-ID (id=) and the client on the arrival line: the connection it came on, when one is open
        m.messageId = ev.messageId ?? m.messageId;
        if (ev.parentQueueId) m.parentId ??= ev.parentQueueId;
        const s = ev.clientIp ? sessionOf(st, rec, ev) : null;
        if (s && m.session === null) {
          m.session = s;
          s.messages += 1;
          st.batch.sessions.add(s);
        }
        if (s) noteHelo(st, s, ev);
      }
      m.sender = ev.sender ?? m.sender;
      m.size = ev.size ?? m.size;
      m.nrcpt = ev.nrcpt ?? m.nrcpt;
      // the queue manager took a held message: it was released and is queued again
      if (m.state === 'held') m.state = 'open';
      if (ev.clientIp) {
        m.clientHost = ev.clientHost ?? m.clientHost;
        m.clientIp = ev.clientIp;
      }
      break;
    case 'message-id':
      m.messageId = ev.messageId ?? m.messageId;
      break;
  }
}

export function touchMessageIfKnown(st: CorrelateState, rec: LogRecord, ev: MailEvent): void {
  if (!ev.queueId) return;
  const m = openMessage(st, rec.host, ev.queueId);
  if (m) heard(st, m, rec);
}

/**
 * The end of a message (Postfix "removed", Exim "removed by", "Completed"). An end line for an
 * id with no message in memory records nothing: either the message has ended already (Exim logs
 * "Completed" after "removed by root", Postfix "removed" after "status=expired") or every earlier
 * line of it is in a log not read, and a row would say nothing but that. Creating one here made a
 * second row for the same message, and only when a run happened to end between the two lines.
 */
export function finishMessage(st: CorrelateState, rec: LogRecord, ev: MailEvent, state: MessageState['state']): void {
  if (!ev.queueId) return;
  // none, also when silent for longer than mail stays queued: the id was reused, and this end is of a message not seen
  const m = openMessage(st, rec.host, ev.queueId);
  if (!m) return;
  st.messages.delete(m.key);
  heard(st, m, rec);
  m.state = state;
  st.batch.messages.add(m);
}

/** An expired message leaves the queue: its state is final, and only its removal follows. */
export function addExpired(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const m = ev.queueId ? messageFor(st, rec, mta, ev.queueId) : null;
  if (m) {
    m.state = 'expired';
    m.sender = ev.sender ?? m.sender;
    st.messages.delete(m.key);
  }
  const row = deliveryRow(rec, mta, ev, m, 'expired', null);
  giveCause(row, m?.lastError ?? null);
  st.batch.deliveries.push(row);
}

export function addDelivery(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  const m = ev.queueId ? messageFor(st, rec, mta, ev.queueId) : null;
  // the remote's reply stays on the delivery row: one row per attempt, not two
  const row = deliveryRow(rec, mta, ev, m, ev.status ?? 'sent', ev.reply ?? null);
  if (m) {
    if (mta === 'exim') giveHostTried(m, row);
    const relay = { host: row.relayHost, ip: row.relayIp };
    if (row.status === 'deferred') noteCause(m, mta, row.recipient, causeOf(row.code, row.codeDerived, row.enhanced, row.replyText, row.detail), row.localAgent, relay);
    else if (mta === 'exim') giveCause(row, takeCause(m, row.recipient, row.status === 'bounced' && gaveUp(ev)));
  }
  st.batch.deliveries.push(row);
  // Postfix's local agent forwarding (an alias to a remote address, a .forward) queues a new message
  if (m && row.detail !== null && row.status === 'sent' && row.detail.startsWith(FORWARDED)) linkChild(st, rec.host, m.queueId, row.detail.slice(FORWARDED.length));
  if (ev.stallKind) stallOnce(st, rec, mta, ev, m);
}

/**
 * Postfix's "QID: conversation with X timed out while sending message body" (or "lost connection with X
 * while sending end of data") on a line of its own: X was not the last server to try, and the next one
 * gets the message, so no status line names this failure. It is a stalled transfer all the same.
 */
export function addRemoteStall(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent): void {
  stallOnce(st, rec, mta, ev, ev.queueId ? messageFor(st, rec, mta, ev.queueId) : null);
}

/** One stalled transfer is logged once per recipient: it is counted once per message and attempt. */
function stallOnce(st: CorrelateState, rec: LogRecord, mta: Mta, ev: MailEvent, m: MessageState | null): void {
  const mark = stallMark(rec.ts, ev.stallKind!, ev.relayIp ?? null);
  if (m && sameAttempt(m.lastStall, mark)) return;
  if (m) m.lastStall = mark;
  addStall(st, rec, mta, ev, null);
}

/** The mark of one stalled transfer, from its line or its stored row (ts, kind, peer_ip): see addDelivery. */
export function stallMark(ts: number | null, kind: string, relayIp: string | null): AttemptMark {
  return { ts, what: `${kind}|${relayIp ?? ''}` };
}

/**
 * A bounce or expiry that names no cause of its own takes its last deferral's: our own agent's cause
 * makes it ours too, and a remote host's (Exim) makes it that host's, when the bounce names none.
 */
function giveCause(row: DeliveryRow, cause: Cause | null): void {
  if (!cause) return;
  row.lastError = cause.text;
  if (cause.local) row.localAgent = true;
  if (row.relayHost === null && row.relayIp === null && (cause.relayHost != null || cause.relayIp != null)) {
    row.relayHost = cause.relayHost ?? null;
    row.relayIp = cause.relayIp ?? null;
  }
}

function deliveryRow(rec: LogRecord, mta: Mta, ev: MailEvent, m: MessageState | null, status: string, reply: Reply | null): DeliveryRow {
  const detail = ev.detail ?? null;
  const failed = status !== 'sent';
  return {
    ts: rec.ts, host: rec.host, mta, program: rec.program, queueId: ev.queueId ?? null, message: m,
    recipient: ev.recipient ?? null,
    // a local user an alias made ("dave" for team@lab.example) has no domain: the mail was for the original's
    recipientDomain: domainOf(ev.recipient) ?? domainOf(ev.origRecipient), origRecipient: ev.origRecipient ?? null,
    relayHost: ev.relayHost ?? null, relayIp: ev.relayIp ?? null, delay: ev.delay ?? null, dsn: ev.dsn ?? null,
    status, code: reply?.code ?? null, codeDerived: reply?.codeDerived ?? false, enhanced: reply?.enhanced ?? ev.dsn ?? null,
    // a successful attempt keeps its fields and status text (with the remote's queue id), not a
    // second copy of it: most rows are these, and they are never shown as examples
    stage: reply?.stage ?? null, replyText: failed ? reply?.text ?? null : null, detail,
    // a successful delivery's text ("250 2.0.0 Ok: queued as X") is not worth grouping
    // reason and remedy are derived on the writer's side (see app/derive.ts)
    reason: null,
    remedyId: null,
    stallKind: ev.stallKind ?? null,
    pattern: ev.pattern, line: failed ? rec.raw : null,
    localAgent: ev.localAgent === true,
    lastError: null,
  };
}

/**
 * Postfix cleanup's DISCARD (header_checks, body_checks or a milter): the client was told
 * the mail was accepted, and it is dropped before the queue manager sees it, which then logs nothing.
 */
export function discardMessage(st: CorrelateState, rec: LogRecord, ev: MailEvent): void {
  const m = ev.queueId ? openMessage(st, rec.host, ev.queueId) : undefined;
  if (m === undefined || !neverQueued(m)) return;
  m.state = 'discarded';
  m.sender ??= ev.sender ?? null;
  heard(st, m, rec);
  st.messages.delete(m.key);
  st.batch.messages.add(m);
}

/**
 * Postfix's bounce or delay notice: the notice is a message of its own, made from this one. Cleanup
 * has logged the notice's queue id by then; a notice not in memory (its lines in a log not read) is
 * left alone, as an end line for an unknown id is: a row made here would say nothing else.
 */
export function noteNotice(st: CorrelateState, rec: LogRecord, ev: MailEvent): void {
  if (!ev.queueId || !ev.noticeQueueId) return;
  linkChild(st, rec.host, ev.queueId, ev.noticeQueueId);
}

const FORWARDED = 'forwarded as ';

/** The message `child` was made from `parent` (both queue ids of one host), when it is known and has no parent yet. */
function linkChild(st: CorrelateState, host: string, parent: string, child: string): void {
  const n = openMessage(st, host, child);
  if (n === undefined || n.parentId) return;
  n.parentId = parent;
  st.batch.messages.add(n);
}

/**
 * Forgets messages silent for longer than one of their kind stays queued, as of each host's log
 * time. Stored messages that no line has read back are aged the same way by the store.
 */
export function evictMessages(st: CorrelateState, clocks: ReadonlyMap<string, number>): void {
  for (const [k, m] of st.messages) {
    const now = clocks.get(m.host);
    if (now !== undefined && stale(m, now)) {
      retire(st, m);
      st.messages.delete(k);
    }
  }
  if (st.stored !== undefined) for (const [host, now] of clocks) st.batch.unqueuedBefore.push([host, now - UNQUEUED_TTL_MS]);
}

/** A message dropped from memory: one that never reached the queue is closed for good. */
function retire(st: CorrelateState, m: MessageState): void {
  if (!neverQueued(m)) return;
  m.state = 'abandoned';
  st.batch.messages.add(m);
}
