import type { LogRecord, MailEvent, Mta } from './types.js';
import { emptyBatch, type Batch, type SessionState } from './facts.js';
import type { CorrelateDeps, CorrelateState, MessageStore } from './correlate-state.js';
import { addStall, closeSession, displace, endSession, expire, evictSessions, openSession, postscreenEnd, postscreenPass, sessionOf } from './correlate-sessions.js';
import { addDelivery, addExpired, addRemoteStall, discardMessage, evictMessages, noteNotice, finishMessage, messageFor, touchMessage, touchMessageIfKnown } from './correlate-messages.js';
import { addReply } from './correlate-replies.js';
import { addTlsFailure, amendTlsFailure, firstOfAttempt } from './correlate-tls.js';
import { addNote } from './correlate-notes.js';
import { noteHostTried } from './hosts-tried.js';

// Ties lines into sessions (host + program + pid) and messages (host + queue id) and
// turns events into rows. Pure: the store writes the batches it hands out.
// The session side, the message side and reply rows live in correlate-*.ts as plain functions
// over one shared state; this class routes each event to them and hands out the batches.

export type { CorrelateDeps } from './correlate-state.js';
export { domainOf } from './correlate-state.js';
export { SESSION_TTL_MS, sessionKeyOf, sharedKey } from './correlate-sessions.js';

const PASSED = /^(?:PASS|ALLOWLISTED|WHITELISTED)/;

export class Correlator {
  private readonly st: CorrelateState;
  /** the latest log time of each host: its open states age by its own clock, not another host's */
  private readonly latest = new Map<string, number>();
  /** hosts whose latest time moved since the last batch was handed out */
  private readonly moved = new Set<string>();
  private batches = 0;

  constructor(deps: CorrelateDeps, ids: { session: number; message: number } = { session: 1, message: 1 }) {
    this.st = { batch: emptyBatch(), sessions: new Map(), displaced: new Map(), messages: new Map(), ids: { ...ids }, deps, clocks: this.latest };
  }

  /**
   * Open states carried over from an earlier run: the sessions, the open messages (read back when a
   * line names one), and the latest log time each host had reached: a run that reads no line of a
   * host ages its open states by that clock, as one run would.
   */
  restore(sessions: SessionState[], clocks: ReadonlyMap<string, number>, stored?: MessageStore, displaced: SessionState[] = []): void {
    for (const s of sessions) {
      // rows an older mxlens left open under a key a later connection took: that connection ended them
      const old = this.st.sessions.get(s.key);
      if (old !== undefined && old.endTs === null) expire(this.st, old);
      this.st.sessions.set(s.key, s);
    }
    for (const s of displaced) displace(this.st, s);
    for (const [host, ts] of clocks) this.latest.set(host, ts);
    this.st.stored = stored;
  }

  /**
   * Hands the open messages in memory back to the store, all but those of the batch in progress:
   * memory then holds only the messages lines name from here on. Call it only once every batch
   * handed out is written, since the store reads a message back from its row.
   */
  shedMessages(): void {
    const store = this.st.stored;
    if (store === undefined) return;
    for (const [k, m] of this.st.messages) {
      if (this.st.batch.messages.has(m)) continue;
      store.keep(m);
      this.st.messages.delete(k);
    }
  }

  /**
   * Hands out the rows gathered since the last call. `final` (the end of an input) sweeps
   * silent sessions first, so every run that ends at the same line leaves the same rows.
   */
  takeBatch(final = false): Batch {
    if (final) this.evict();
    const b = this.st.batch;
    for (const host of this.moved) b.clocks.push([host, this.latest.get(host)!]);
    this.moved.clear();
    this.st.batch = emptyBatch();
    if (!final && ++this.batches % 8 === 0) this.evict();
    return b;
  }

  /** the latest log time a host's lines have reached, in this run or an earlier one */
  latestOf(host: string): number | undefined {
    return this.latest.get(host);
  }

  get openSessions(): number {
    return this.st.sessions.size;
  }

  get openMessages(): number {
    return this.st.messages.size;
  }

  handle(rec: LogRecord, mta: Mta, ev: MailEvent): void {
    const st = this.st;
    const ts = rec.ts;
    if (ts !== null) {
      const seen = this.latest.get(rec.host);
      if (seen === undefined || ts > seen) {
        this.latest.set(rec.host, ts);
        this.moved.add(rec.host);
      }
    }
    switch (ev.kind) {
      case 'connect':
        openSession(st, rec, mta, ev);
        return;
      case 'disconnect':
        closeSession(st, rec, mta, ev, 'disconnect');
        return;
      case 'session-end':
        if (ev.tlsFailure) addTlsFailure(st, rec, mta, ev);
        if (rec.service === 'postscreen') postscreenEnd(st, rec, mta, ev);
        else endSession(st, rec, ev);
        if (ev.reply) addReply(st, rec, mta, ev, ev.reply);
        return;
      case 'session-note':
        // the connection is seen, and takes the line's HELO name
        sessionOf(st, rec, ev);
        return;
      case 'stall': {
        const s = sessionOf(st, rec, ev);
        // Postfix answers DATA with 354 only once a recipient was accepted, and it opens the queue
        // file (its "client=" line) at the first one: a connection with no message was refused at
        // DATA, whatever an older Postfix wrote ("after DATA (approximately 0 bytes)"). Nor did one
        // whose DATA command was refused ("reject: DATA from …", "milter-reject: DATA from …") get a 354.
        if (mta === 'postfix' && !ev.dataAccepted && s !== null && (s.messages === 0 || s.dataRefused === true)) endSession(st, rec, ev);
        else addStall(st, rec, mta, ev, s);
        return;
      }
      case 'client':
      case 'pickup':
      case 'received':
      case 'message-id':
        touchMessage(st, rec, mta, ev);
        return;
      case 'removed':
        // before the message leaves the open ones: the note names it
        addNote(st, rec, mta, ev);
        finishMessage(st, rec, ev, 'removed');
        return;
      case 'completed':
        finishMessage(st, rec, ev, 'completed');
        return;
      case 'expired':
        addExpired(st, rec, mta, ev);
        return;
      case 'delivery':
        addDelivery(st, rec, mta, ev);
        if (ev.tlsFailure && firstOfAttempt(st, rec, ev)) addTlsFailure(st, rec, mta, ev);
        return;
      case 'reject':
      case 'reject-warning':
      case 'remote-error':
        if (ev.reply) addReply(st, rec, mta, ev, ev.reply);
        if (ev.kind !== 'remote-error') return;
        // an Exim delivery attempt's "H=host [ip] error" line: the deferral after it names no host
        if (mta === 'exim' && ev.queueId && (ev.relayIp !== undefined || ev.relayHost !== undefined)) noteHostTried(messageFor(st, rec, mta, ev.queueId), ts, ev);
        else if (ev.stallKind) addRemoteStall(st, rec, mta, ev);
        else if (!ev.reply) touchMessageIfKnown(st, rec, ev);
        return;
      case 'problem':
        st.batch.problems.push({
          ts, host: rec.host, mta, program: rec.program, severity: ev.severity ?? 'warning',
          text: ev.detail ?? rec.message, line: rec.raw,
        });
        amendTlsFailure(st, rec, mta, ev);
        return;
      case 'info':
        addNote(st, rec, mta, ev);
        // postscreen hands a client that passed to smtpd: its own part of the session ends there
        if (ev.pattern === 'postfix.postscreen.verdict' && PASSED.test(ev.detail ?? '')) postscreenPass(st, rec, mta, ev);
        return;
      case 'hold':
        // a held message waits, maybe for days, until someone releases it: it is not abandoned
        if (ev.queueId && mta === 'postfix') {
          const m = messageFor(st, rec, mta, ev.queueId);
          if (m.state === 'open') m.state = 'held';
          // the queue manager, which logs the sender, sees it only once it is released
          m.sender ??= ev.sender ?? null;
        }
        addNote(st, rec, mta, ev);
        if (ev.reply) addReply(st, rec, mta, ev, ev.reply);
        return;
      case 'notice':
        if (mta === 'postfix') noteNotice(st, rec, ev);
        return;
      case 'discard':
        // cleanup's verdict ends the message; smtpd's DISCARD at RCPT is followed by the rest of it
        if (mta === 'postfix' && (ev.pattern === 'postfix.cleanup.content-check' || ev.pattern === 'postfix.cleanup.milter')) discardMessage(st, rec, ev);
        return;
      default:
        // content-warning, notice, tls, sasl, info: parsed and counted; TLS failures kept
        if (ev.tlsFailure) addTlsFailure(st, rec, mta, ev);
        if (ev.reply) addReply(st, rec, mta, ev, ev.reply);
    }
  }

  /**
   * Forget open states that have been silent too long (in their host's log time), so memory stays
   * flat. By each host's own clock: logs of several hosts read one after another (or hosts whose
   * clocks differ) would otherwise end one host's sessions by another's time, and a run cut at a
   * different line would end different sessions. A host with no line in this run ages by the
   * clock its lines had reached in earlier runs (restore).
   */
  private evict(): void {
    if (this.latest.size === 0) return;
    evictSessions(this.st, (host) => this.latest.get(host));
    evictMessages(this.st, this.latest);
  }
}
