import type { Db } from './db.js';
import type { AttemptMark, MessageState } from '../model/facts.js';
import type { MessageStore } from '../model/correlate-state.js';
import { messageKey, stallMark } from '../model/correlate-messages.js';
import { attemptMark } from '../model/correlate-tls.js';
import { messageState, sessionState, type MessageRowDb, type SessionRowDb } from './open-rows.js';

// The messages earlier runs left open: queued, held, or not yet seen to leave. A queue can hold
// many thousands (a flood of bounces, a relay that is down for days), and reading them all at the
// start of every run made each cron run as slow and as large as the queue (6.9 s and 580 MB for a
// run of 2 lines with 300,000 queued). A run keeps only their keys, and reads a message back when
// a line names it (migration 0023 indexes the lookup).

/** The stored open message of a host and queue id, by the index messages_open_key. */
export const OPEN_MESSAGE = `SELECT m.*,
    -- a frozen Exim message stays frozen across runs: a queue run that skips it then adds no note (model/correlate-notes.ts)
    (SELECT n.what FROM message_notes n WHERE n.message_row = m.id AND n.what IN ('frozen', 'thawed') ORDER BY n.ts DESC, n.id DESC LIMIT 1) AS freeze
  FROM messages m WHERE m.host = ? AND m.queue_id = ? AND m.state IN ('open', 'held') ORDER BY m.id DESC LIMIT 1`;

interface Marks {
  lastStall?: AttemptMark;
  lastTls?: AttemptMark;
}

export class StoredMessages implements MessageStore {
  /** key -> first_ts of each open or held message (of a key stored twice, the latest row's) */
  private readonly open = new Map<string, number | null>();
  private readonly marks = new Map<string, Marks>();
  private readonly one;
  private readonly session;

  constructor(db: Db) {
    const rows = db.prepare("SELECT host, queue_id, first_ts FROM messages WHERE state IN ('open', 'held') ORDER BY id").raw().iterate() as Iterable<[string, string, number | null]>;
    for (const [host, queueId, firstTs] of rows) this.open.set(messageKey(host, queueId), firstTs);
    this.readMarks(db);
    this.one = db.prepare(OPEN_MESSAGE);
    this.session = db.prepare('SELECT * FROM sessions WHERE id = ?');
  }

  /** open messages not read back yet */
  get size(): number {
    return this.open.size;
  }

  /**
   * The stored open message of this host and queue id, read back once: from then on it lives in
   * the correlator's memory, and a message that ends there is not read back again.
   */
  take(host: string, queueId: string): MessageState | undefined {
    const key = messageKey(host, queueId);
    if (!this.open.delete(key)) return undefined;
    const r = this.one.get(host, queueId) as MessageRowDb | undefined;
    if (r === undefined) return undefined;
    // an open message may belong to a session that has already ended: it stays linked to it, as it
    // would have in one uninterrupted run (the link decides whether a later client= line of a
    // reused queue id counts for another session)
    const s = r.session_id === null ? undefined : (this.session.get(r.session_id) as SessionRowDb | undefined);
    const m = messageState(r, s === undefined ? null : sessionState(s));
    const marks = this.marks.get(key);
    if (marks !== undefined) {
      this.marks.delete(key);
      Object.assign(m, marks);
    }
    return m;
  }

  /** A message handed back from memory (model/correlate.ts, shedMessages): its row is written. */
  keep(m: MessageState): void {
    this.open.set(m.key, m.firstTs);
    if (m.lastStall === undefined && m.lastTls === undefined) return;
    const marks: Marks = {};
    if (m.lastStall !== undefined) marks.lastStall = m.lastStall;
    if (m.lastTls !== undefined) marks.lastTls = m.lastTls;
    this.marks.set(m.key, marks);
  }

  /**
   * A failure logged once per recipient is stored once per attempt (model/correlate-messages.ts,
   * model/correlate-tls.ts): the open message keeps the mark of the last one. A run that ends
   * between two recipients' lines leaves the mark in the stored row; it is read back from there.
   * Only the rows of delivery lines set these marks: outbound stalls with a queue id, and Exim's
   * outbound TLS failures (a deferral with errno -37, the only TLS failure Exim ties to a message).
   */
  private readMarks(db: Db): void {
    if (this.open.size === 0) return;
    let since = Infinity;
    for (const t of this.open.values()) since = Math.min(since, t ?? -Infinity);
    // rows older than every open message cannot be one of theirs (the ts index bounds the scan)
    const from = Number.isFinite(since) ? since : -8.64e15;
    const latest = (table: string, where: string): string =>
      `SELECT * FROM ${table} WHERE id IN (SELECT max(id) FROM ${table} WHERE ts >= ? AND direction = 'outbound' AND queue_id IS NOT NULL${where} GROUP BY host, queue_id)`;
    // a reused Postfix queue id: the row of an earlier message of that id is older than this one
    const marksOf = (host: string, queueId: string, ts: number | null): Marks | undefined => {
      const key = messageKey(host, queueId);
      if (!this.open.has(key)) return undefined;
      const first = this.open.get(key)!;
      if (first !== null && (ts === null || ts < first)) return undefined;
      let m = this.marks.get(key);
      if (m === undefined) this.marks.set(key, (m = {}));
      return m;
    };
    for (const r of db.prepare(latest('stalls', '')).iterate(from) as Iterable<{ host: string; queue_id: string; ts: number | null; kind: string; peer_ip: string | null }>) {
      const m = marksOf(r.host, r.queue_id, r.ts);
      if (m) m.lastStall = stallMark(r.ts, r.kind, r.peer_ip);
    }
    for (const r of db.prepare(latest('tls_failures', " AND mta = 'exim'")).iterate(from) as Iterable<{ host: string; queue_id: string; ts: number | null; peer_ip: string | null; detail: string }>) {
      const m = marksOf(r.host, r.queue_id, r.ts);
      if (m) m.lastTls = attemptMark(r.ts, r.peer_ip, r.detail);
    }
  }
}
