import type { Db } from './db.js';
import { storeError } from './errors.js';
import type { Batch, MessageState, SessionState } from '../model/facts.js';

// The only writer. One call to commit() is one transaction: the batch's rows, the line
// counters and the source's checkpoint land together or not at all.

export interface LineStatsDelta {
  hour: number;
  host: string;
  mta: string;
  lines: number;
  parsed: number;
  unparsed: number;
  foreign: number;
}

export interface MissDelta {
  program: string;
  shape: string;
  count: number;
  firstTs: number | null;
  lastTs: number | null;
  example: string;
}

export interface Checkpoint {
  sourceId: number;
  offset: number;
  lines: number;
  lastTs: number | null;
  size: number | null;
  fingerprint: string | null;
  cursor: string | null;
  updatedAt: number;
  /** the source can never change again (a compressed file read to its end) */
  final?: boolean;
}

export interface SourceRow {
  id: number;
  path: string;
  kind: string;
  dev: number | null;
  ino: number | null;
  fingerprint: string | null;
  byte_offset: number;
  size: number | null;
  lines: number;
  last_ts: number | null;
  cursor: string | null;
  /** 1 when the source is never read again */
  final?: number;
}

const b = (v: boolean): number => (v ? 1 : 0);

export class Writer {
  private readonly st;

  constructor(private readonly db: Db) {
    const p = (sql: string) => db.prepare(sql);
    this.st = {
      insSession: p(`INSERT INTO sessions (host, mta, program, pid, client_host, client_ip, start_ts, end_ts, counters, end_reason, end_stage, stalled, rejects, messages)
                     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      updSession: p(`UPDATE sessions SET client_host=?, client_ip=?, end_ts=?, counters=?, end_reason=?, end_stage=?, stalled=?, rejects=?, messages=? WHERE id=?`),
      insMessage: p(`INSERT INTO messages (host, mta, queue_id, session_id, first_ts, last_ts, origin, client_host, client_ip, sender, size, nrcpt, message_id, state)
                     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      updMessage: p(`UPDATE messages SET session_id=coalesce(?, session_id), last_ts=?, origin=?, client_host=?, client_ip=?, sender=?, size=?, nrcpt=?, message_id=?, state=? WHERE id=?`),
      insReply: p(`INSERT INTO replies (ts, host, mta, program, pid, kind, direction, code, code_derived, enhanced, text, reason, stage, queue_id, session_id, message_row,
                     client_host, client_ip, relay_host, relay_ip, sender, recipient, recipient_domain, status, remedy_id, pattern, origin, line)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      insDelivery: p(`INSERT INTO deliveries (ts, host, mta, program, queue_id, message_row, recipient, recipient_domain, orig_recipient, relay_host, relay_ip, delay, dsn, status,
                        code, code_derived, enhanced, stage, reply_text, detail, reason, remedy_id, pattern, line)
                      VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      insStall: p(`INSERT INTO stalls (ts, host, mta, program, direction, kind, session_id, queue_id, peer_host, peer_ip, bytes, remedy_id, pattern, line)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
      insProblem: p(`INSERT INTO problems (ts, host, mta, program, severity, shape, line) VALUES (?,?,?,?,?,?,?)`),
      upStats: p(`INSERT INTO line_stats (hour, host, mta, lines, parsed, unparsed, foreign_lines) VALUES (?,?,?,?,?,?,?)
                  ON CONFLICT (hour, host, mta) DO UPDATE SET lines = lines + excluded.lines, parsed = parsed + excluded.parsed,
                  unparsed = unparsed + excluded.unparsed, foreign_lines = foreign_lines + excluded.foreign_lines`),
      upMiss: p(`INSERT INTO misses (program, shape, count, first_ts, last_ts, example) VALUES (?,?,?,?,?,?)
                 ON CONFLICT (program, shape) DO UPDATE SET count = count + excluded.count,
                 first_ts = min(coalesce(first_ts, excluded.first_ts), coalesce(excluded.first_ts, first_ts)),
                 last_ts = max(coalesce(last_ts, excluded.last_ts), coalesce(excluded.last_ts, last_ts))`),
      updSource: p(`UPDATE sources SET byte_offset=?, lines=?, last_ts=coalesce(?, last_ts), size=?, fingerprint=coalesce(?, fingerprint), cursor=coalesce(?, cursor), updated_at=?, final=max(final, ?) WHERE id=?`),
    };
  }

  /** Writes everything in one transaction. */
  commit(batch: Batch, stats: Iterable<LineStatsDelta>, misses: Iterable<MissDelta>, cp: Checkpoint | null): void {
    try {
      this.db.transaction(() => this.write(batch, stats, misses, cp)).immediate();
    } catch (err) {
      // rolled back; row ids handed out inside are void, and the caller ends the run
      throw storeError(err, 'writing the database');
    }
  }

  private write(batch: Batch, stats: Iterable<LineStatsDelta>, misses: Iterable<MissDelta>, cp: Checkpoint | null): void {
    const st = this.st;
    for (const s of batch.sessions) this.writeSession(s);
    for (const m of batch.messages) this.writeMessage(m);
    for (const r of batch.replies) {
      st.insReply.run(
        r.ts, r.host, r.mta, r.program, r.pid, r.kind, r.direction, r.code, b(r.codeDerived), r.enhanced, r.text, r.reason, r.stage,
        r.queueId, r.session?.rowId ?? null, r.message?.rowId ?? null, r.clientHost, r.clientIp, r.relayHost, r.relayIp,
        r.sender, r.recipient, r.recipientDomain, r.status, r.remedyId, r.pattern, r.origin, r.line,
      );
    }
    for (const d of batch.deliveries) {
      st.insDelivery.run(
        d.ts, d.host, d.mta, d.program, d.queueId, d.message?.rowId ?? null, d.recipient, d.recipientDomain, d.origRecipient,
        d.relayHost, d.relayIp, d.delay, d.dsn, d.status, d.code, b(d.codeDerived), d.enhanced, d.stage, d.replyText, d.detail, d.reason,
        d.remedyId, d.pattern, d.line,
      );
    }
    for (const x of batch.stalls) {
      st.insStall.run(x.ts, x.host, x.mta, x.program, x.direction, x.kind, x.session?.rowId ?? null, x.queueId, x.peerHost, x.peerIp, x.bytes, x.remedyId, x.pattern, x.line);
    }
    for (const p of batch.problems) st.insProblem.run(p.ts, p.host, p.mta, p.program, p.severity, p.shape, p.line);
    for (const s of stats) st.upStats.run(s.hour, s.host, s.mta, s.lines, s.parsed, s.unparsed, s.foreign);
    for (const m of misses) st.upMiss.run(m.program, m.shape, m.count, m.firstTs, m.lastTs, m.example);
    if (cp) st.updSource.run(cp.offset, cp.lines, cp.lastTs, cp.size, cp.fingerprint, cp.cursor, cp.updatedAt, b(cp.final ?? false), cp.sourceId);
  }

  private writeSession(s: SessionState): void {
    if (s.rowId === undefined) {
      const info = this.st.insSession.run(s.host, s.mta, s.program, s.pid, s.clientHost, s.clientIp, s.startTs, s.endTs, s.counters, s.endReason, s.endStage, s.stalled, s.rejects, s.messages);
      s.rowId = Number(info.lastInsertRowid);
    } else {
      this.st.updSession.run(s.clientHost, s.clientIp, s.endTs, s.counters, s.endReason, s.endStage, s.stalled, s.rejects, s.messages, s.rowId);
    }
  }

  private writeMessage(m: MessageState): void {
    const sessionId = m.session?.rowId ?? null;
    if (m.rowId === undefined) {
      const info = this.st.insMessage.run(m.host, m.mta, m.queueId, sessionId, m.firstTs, m.lastTs, m.origin, m.clientHost, m.clientIp, m.sender, m.size, m.nrcpt, m.messageId, m.state);
      m.rowId = Number(info.lastInsertRowid);
    } else {
      this.st.updMessage.run(sessionId, m.lastTs, m.origin, m.clientHost, m.clientIp, m.sender, m.size, m.nrcpt, m.messageId, m.state, m.rowId);
    }
  }
}
