import type { LogRecord, MailEvent, Mta, Reply } from './types.js';
import type { RemedyQuery } from './remedy-query.js';
import {
  emptyBatch,
  type Batch,
  type DeliveryRow,
  type MessageState,
  type ReplyRow,
  type SessionState,
} from './facts.js';

// Ties lines into sessions (host + program + pid) and messages (host + queue id) and
// turns events into rows. Pure: the store writes the batches it hands out.

export interface CorrelateDeps {
  remedyId(q: RemedyQuery): string;
  maskShape(text: string): string;
}

/** Open states older than this (by log time) are dropped from memory; their rows stay. */
// No SMTP session lasts an hour of log time (Postfix's smtpd_timeout is at most minutes per command).
const SESSION_TTL_MS = 3600_000;
const MESSAGE_TTL_MS = 8 * 24 * 3600_000;
// A Postfix message that never reached the queue manager (no qmgr "from=" line) is a transaction
// that ended without a queued message: qmgr picks a finished queue file up within seconds, and
// Postfix logs no "removed" for one that never got there. A day of silence closes it as 'abandoned'.
const UNQUEUED_TTL_MS = 24 * 3600_000;

function neverQueued(m: MessageState): boolean {
  return m.mta === 'postfix' && m.state === 'open' && m.nrcpt === null;
}

/** silent for longer than a message of its kind stays in the queue */
function stale(m: MessageState, ts: number): boolean {
  return m.lastTs !== null && ts - m.lastTs > (neverQueued(m) ? UNQUEUED_TTL_MS : MESSAGE_TTL_MS);
}

/** stages at which a refusal refuses the whole message, not one recipient */
const WHOLE_MESSAGE = new Set(['DATA', 'END-OF-DATA']);

const PASSED = /^(?:PASS|ALLOWLISTED|WHITELISTED)/;

/**
 * Sessions are keyed by host + program + pid; one postscreen process screens many clients at
 * once, so its sessions are keyed by client address and port instead. Also used to find open
 * sessions again when a run resumes.
 */
export function sessionKeyOf(host: string, program: string, pid: number | null, clientIp: string | null, clientPort: number | null): string {
  if (program === 'postscreen' || program.endsWith('/postscreen')) return `${host}\u0001${program}\u0001${clientIp ?? ''}:${clientPort ?? ''}`;
  if (pid !== null) return `${host}\u0001${program}\u0001${pid}`;
  // Exim's own log names no process unless log_selector has +pid: the client's address stands in,
  // with its port when +incoming_port logs one (then every line of the session carries it, and two
  // connections from one address at once stay apart)
  return `${host}\u0001${program}\u0001${clientIp ?? ''}${clientPort === null ? '' : `:${clientPort}`}`;
}

export function domainOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const at = address.lastIndexOf('@');
  return at < 0 ? null : address.slice(at + 1).toLowerCase();
}

export class Correlator {
  private batch: Batch = emptyBatch();
  private readonly sessions = new Map<string, SessionState>();
  private readonly messages = new Map<string, MessageState>();
  private latestTs = 0;

  /** next free row ids, read from the database when the run starts */
  private readonly ids: { session: number; message: number };

  constructor(
    private readonly deps: CorrelateDeps,
    ids: { session: number; message: number } = { session: 1, message: 1 },
  ) {
    this.ids = { ...ids };
  }

  /** Open states carried over from an earlier run. */
  restore(sessions: SessionState[], messages: MessageState[]): void {
    for (const s of sessions) this.sessions.set(s.key, s);
    for (const m of messages) this.messages.set(m.key, m);
  }

  private batches = 0;

  /**
   * Hands out the rows gathered since the last call. `final` (the end of an input) sweeps
   * silent sessions first, so every run that ends at the same line leaves the same rows.
   */
  takeBatch(final = false): Batch {
    if (final) this.evict();
    const b = this.batch;
    this.batch = emptyBatch();
    if (!final && ++this.batches % 8 === 0) this.evict();
    return b;
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  get openMessages(): number {
    return this.messages.size;
  }

  handle(rec: LogRecord, mta: Mta, ev: MailEvent): void {
    const ts = rec.ts;
    if (ts !== null && ts > this.latestTs) this.latestTs = ts;
    switch (ev.kind) {
      case 'connect':
        this.openSession(rec, mta, ev);
        return;
      case 'disconnect':
        this.closeSession(rec, mta, ev, 'disconnect');
        return;
      case 'session-end':
        this.endSession(rec, mta, ev);
        if (ev.reply) this.addReply(rec, mta, ev, ev.reply);
        // postscreen logs no disconnect after a hangup
        if (rec.service === 'postscreen') this.closeSession(rec, mta, ev, ev.endReason ?? 'hangup');
        return;
      case 'stall':
        this.addStall(rec, mta, ev, this.sessionOf(rec, mta, ev));
        return;
      case 'client':
      case 'pickup':
      case 'received':
      case 'message-id':
        this.touchMessage(rec, mta, ev);
        return;
      case 'removed':
      case 'completed':
        this.finishMessage(rec, mta, ev, ev.kind === 'removed' ? 'removed' : 'completed');
        return;
      case 'expired':
        this.addExpired(rec, mta, ev);
        return;
      case 'delivery':
        this.addDelivery(rec, mta, ev);
        return;
      case 'reject':
      case 'reject-warning':
      case 'remote-error':
        if (ev.reply) this.addReply(rec, mta, ev, ev.reply);
        else if (ev.kind === 'remote-error') this.touchMessageIfKnown(rec, mta, ev);
        return;
      case 'problem':
        this.batch.problems.push({
          ts, host: rec.host, mta, program: rec.program, severity: ev.severity ?? 'warning',
          shape: this.deps.maskShape(ev.detail ?? rec.message), line: rec.raw,
        });
        return;
      case 'info':
        // postscreen hands a client that passed to smtpd: its own part of the session ends there
        if (ev.pattern === 'postfix.postscreen.verdict' && PASSED.test(ev.detail ?? '')) this.closeSession(rec, mta, ev, 'pass');
        return;
      case 'hold':
        // a held message waits, maybe for days, until someone releases it: it is not abandoned
        if (ev.queueId && mta === 'postfix') {
          const m = this.messageFor(rec, mta, ev.queueId);
          if (m.state === 'open') m.state = 'held';
        }
        if (ev.reply) this.addReply(rec, mta, ev, ev.reply);
        return;
      default:
        // discard, content-warning, notice, tls, sasl, info: parsed and counted, nothing to link
        if (ev.reply) this.addReply(rec, mta, ev, ev.reply);
    }
  }

  private sessionKey(rec: LogRecord, ev: MailEvent): string {
    return sessionKeyOf(rec.host, rec.program, rec.pid, ev.clientIp ?? null, ev.clientPort ?? null);
  }

  /**
   * The open session under key, unless it has been silent longer than any session lasts: then
   * it ended unseen, whether or not a sweep got to it first (outcomes must not depend on when
   * sweeps run, only on the log).
   */
  private live(key: string, ts: number | null): SessionState | undefined {
    const s = this.sessions.get(key);
    if (s === undefined) return undefined;
    if (ts !== null && s.seenTs !== null && ts - s.seenTs > SESSION_TTL_MS) {
      this.expire(s);
      this.sessions.delete(key);
      return undefined;
    }
    return s;
  }

  private expire(s: SessionState): void {
    s.endReason ??= 'unterminated';
    this.batch.sessions.add(s);
  }

  private sessionOf(rec: LogRecord, _mta: Mta, ev: MailEvent): SessionState | null {
    const s = this.live(this.sessionKey(rec, ev), rec.ts);
    if (s === undefined) return null;
    if (rec.ts !== null && rec.ts !== s.seenTs) {
      s.seenTs = rec.ts;
      this.batch.sessions.add(s);
    }
    return s;
  }

  private openSession(rec: LogRecord, mta: Mta, ev: MailEvent): SessionState {
    const key = this.sessionKey(rec, ev);
    // the same process took a new client without a disconnect line: the old one ended unseen
    const old = this.live(key, rec.ts);
    if (old) this.expire(old);
    const s: SessionState = {
      rowId: this.ids.session++, stored: false, key, host: rec.host, mta, program: rec.program, pid: rec.pid,
      clientHost: ev.clientHost ?? null, clientIp: ev.clientIp ?? null, clientPort: ev.clientPort ?? null, startTs: rec.ts, endTs: null,
      counters: null, endReason: null, endStage: null, stalled: 0, rejects: 0, messages: 0, seenTs: rec.ts,
    };
    this.sessions.set(key, s);
    this.batch.sessions.add(s);
    return s;
  }

  private closeSession(rec: LogRecord, mta: Mta, ev: MailEvent, reason: string): void {
    const key = this.sessionKey(rec, ev);
    const s = this.live(key, rec.ts) ?? this.openSession(rec, mta, ev);
    s.endTs = rec.ts;
    s.counters = ev.counters ?? s.counters;
    s.endReason ??= reason;
    s.seenTs = rec.ts;
    this.sessions.delete(key);
    this.batch.sessions.add(s);
  }

  private endSession(rec: LogRecord, mta: Mta, ev: MailEvent): void {
    const s = this.sessionOf(rec, mta, ev);
    if (!s) return;
    s.endReason = ev.endReason ?? 'lost';
    s.endStage = ev.afterStage ?? null;
    s.seenTs = rec.ts;
    this.batch.sessions.add(s);
  }

  private messageKey(host: string, queueId: string): string {
    return `${host}\u0001${queueId}`;
  }

  private messageFor(rec: LogRecord, mta: Mta, queueId: string): MessageState {
    const key = this.messageKey(rec.host, queueId);
    let m = this.messages.get(key);
    // a queue id silent for longer than mail stays queued is a new message that reuses it
    if (m && rec.ts !== null && stale(m, rec.ts)) {
      this.retire(m);
      m = undefined;
    }
    if (!m) {
      m = {
        rowId: this.ids.message++, stored: false, key, host: rec.host, mta, queueId, session: null, firstTs: rec.ts, lastTs: rec.ts, origin: null,
        clientHost: null, clientIp: null, sender: null, size: null, nrcpt: null, messageId: null, state: 'open',
      };
      this.messages.set(key, m);
    }
    m.lastTs = rec.ts ?? m.lastTs;
    this.batch.messages.add(m);
    return m;
  }

  private touchMessage(rec: LogRecord, mta: Mta, ev: MailEvent): void {
    if (!ev.queueId) return;
    const m = this.messageFor(rec, mta, ev.queueId);
    switch (ev.kind) {
      case 'client': {
        m.origin ??= 'smtp';
        m.clientHost = ev.clientHost ?? m.clientHost;
        m.clientIp = ev.clientIp ?? m.clientIp;
        const s = this.sessionOf(rec, mta, ev);
        if (s && m.session === null) {
          m.session = s;
          s.messages += 1;
          this.batch.sessions.add(s);
        }
        break;
      }
      case 'pickup':
        m.origin ??= 'pickup';
        m.sender = ev.sender ?? m.sender;
        break;
      case 'received':
        // Exim <= lines are the arrival itself; Postfix qmgr from= repeats on every queue run
        // a null sender over SMTP is mail a client sent us; only Exim's own bounces (P=local) are not
        if (mta === 'exim') m.origin ??= ev.protocol === 'local' || ev.protocol === undefined ? (ev.sender === '' ? 'bounce' : 'local') : 'smtp';
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

  private touchMessageIfKnown(rec: LogRecord, _mta: Mta, ev: MailEvent): void {
    if (!ev.queueId) return;
    const m = this.messages.get(this.messageKey(rec.host, ev.queueId));
    if (m) m.lastTs = rec.ts ?? m.lastTs;
  }

  private finishMessage(rec: LogRecord, mta: Mta, ev: MailEvent, state: MessageState['state']): void {
    if (!ev.queueId) return;
    const m = this.messageFor(rec, mta, ev.queueId);
    m.state = state;
    this.messages.delete(m.key);
  }

  private addExpired(rec: LogRecord, mta: Mta, ev: MailEvent): void {
    const m = ev.queueId ? this.messageFor(rec, mta, ev.queueId) : null;
    if (m) {
      m.state = 'expired';
      m.sender = ev.sender ?? m.sender;
    }
    this.batch.deliveries.push(this.deliveryRow(rec, mta, ev, m, 'expired', null));
  }

  private addDelivery(rec: LogRecord, mta: Mta, ev: MailEvent): void {
    const m = ev.queueId ? this.messageFor(rec, mta, ev.queueId) : null;
    // the remote's reply stays on the delivery row: one row per attempt, not two
    this.batch.deliveries.push(this.deliveryRow(rec, mta, ev, m, ev.status ?? 'sent', ev.reply ?? null));
    if (ev.stallKind) {
      // one stalled transfer is logged once per recipient: count it once per message and time
      const mark = `${rec.ts}|${ev.stallKind}|${ev.relayIp ?? ''}`;
      if (m && m.lastStall === mark) return;
      if (m) m.lastStall = mark;
      this.addStall(rec, mta, ev, null);
    }
  }

  private deliveryRow(rec: LogRecord, mta: Mta, ev: MailEvent, m: MessageState | null, status: string, reply: Reply | null): DeliveryRow {
    const detail = ev.detail ?? null;
    const text = reply?.text ?? detail;
    const failed = status !== 'sent';
    return {
      ts: rec.ts, host: rec.host, mta, program: rec.program, queueId: ev.queueId ?? null, message: m,
      recipient: ev.recipient ?? null, recipientDomain: domainOf(ev.recipient), origRecipient: ev.origRecipient ?? null,
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
    };
  }

  private replyRow(rec: LogRecord, mta: Mta, ev: MailEvent, r: Reply, m: MessageState | null): ReplyRow {
    const s = r.direction === 'inbound' ? this.sessionOf(rec, mta, ev) : null;
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

  private addReply(rec: LogRecord, mta: Mta, ev: MailEvent, r: Reply): void {
    const m = ev.queueId ? this.messages.get(this.messageKey(rec.host, ev.queueId)) ?? null : null;
    const row = this.replyRow(rec, mta, ev, r, m);
    this.batch.replies.push(row);
    if (ev.kind === 'reject' && row.session) {
      row.session.rejects += 1;
      this.batch.sessions.add(row.session);
    }
    // refused at DATA or after it, before the queue manager saw it: the queue file is gone
    if (ev.kind === 'reject' && m && neverQueued(m) && r.stage !== null && WHOLE_MESSAGE.has(r.stage)) {
      m.state = 'rejected';
      m.lastTs = rec.ts ?? m.lastTs;
      this.messages.delete(m.key);
      this.batch.messages.add(m);
    }
  }

  private addStall(rec: LogRecord, mta: Mta, ev: MailEvent, s: SessionState | null): void {
    const kind = ev.stallKind ?? 'inbound.lost-after-data';
    const direction = kind.startsWith('outbound') ? 'outbound' : 'inbound';
    if (s) {
      s.stalled = 1;
      s.endReason = ev.endReason ?? (kind.includes('timeout') ? 'timeout' : 'lost');
      s.endStage = ev.afterStage ?? 'DATA';
      this.batch.sessions.add(s);
    }
    this.batch.stalls.push({
      ts: rec.ts, host: rec.host, mta, program: rec.program, direction, kind, session: s, queueId: ev.queueId ?? null,
      peerHost: direction === 'inbound' ? ev.clientHost ?? s?.clientHost ?? null : ev.relayHost ?? null,
      peerIp: direction === 'inbound' ? ev.clientIp ?? s?.clientIp ?? null : ev.relayIp ?? null,
      bytes: ev.bytes ?? null,
      remedyId: this.deps.remedyId({ code: null, enhanced: null, text: '', stallKind: ev.stallKind, direction }),
      pattern: ev.pattern, line: rec.raw,
    });
  }

  /** Forget open states that have been silent too long (log time), so memory stays flat. */
  private evict(): void {
    const now = this.latestTs;
    if (now === 0) return;
    for (const [k, s] of this.sessions) {
      if (s.seenTs !== null && now - s.seenTs > SESSION_TTL_MS) {
        this.expire(s);
        this.sessions.delete(k);
      }
    }
    for (const [k, m] of this.messages) {
      if (stale(m, now)) {
        this.retire(m);
        this.messages.delete(k);
      }
    }
  }

  /** A message dropped from memory: one that never reached the queue is closed for good. */
  private retire(m: MessageState): void {
    if (!neverQueued(m)) return;
    m.state = 'abandoned';
    this.batch.messages.add(m);
  }
}
