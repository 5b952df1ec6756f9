import type { Db } from './db.js';
import { storeError } from './errors.js';
import type { EncodedBatch } from './encode.js';
import { takesLibraryError } from '../model/correlate-tls.js';

// The only writer. One apply() is one transaction: the batch's rows, the line counters and
// the source's checkpoint land together or not at all.

export interface LineStatsDelta {
  hour: number;
  /** the minute the lines fell in (line_minutes); `hour` is its hour (line_stats) */
  minute: number;
  host: string;
  mta: string;
  lines: number;
  parsed: number;
  unparsed: number;
  foreign: number;
}

export interface MissDelta {
  /** '' for a line with no recognisable prefix */
  host: string;
  program: string;
  shape: string;
  count: number;
  firstTs: number | null;
  lastTs: number | null;
  example: string;
  /** unparsed lines of this shape by minute (miss_minutes) */
  minutes: Map<number, number>;
}

export interface Checkpoint {
  sourceId: number;
  offset: number;
  lines: number;
  /** the last year-less stamp's time (YearResolver.lastMs): a resumed run's year starts there */
  lastTs: number | null;
  size: number | null;
  fingerprint: string | null;
  cursor: string | null;
  updatedAt: number;
  /** the source can never change again (a compressed file read to its end) */
  final?: boolean;
  /** JSON logs: the full spans read, now, of each stream this batch touched (they replace the stored ones) */
  spans?: StreamSpans[];
  /** the last line before the offset that had a syslog prefix (null: the stored one stays) */
  prevLine?: string | null;
  /** Exim syslog parts still waiting for the rest of their message (LineAssembler.splitState; '' none, null: the stored ones stay) */
  pendingParts?: string | null;
  /** the last Exim syslog lines read, for their reject log copies (LineParser.recentExim; '' none, null: the stored ones stay) */
  recentExim?: string | null;
  /** the whole line that ends at the offset (null: the stored one stays); a stream read again is checked against it */
  lastLine?: string | null;
}

/** Positions as 16 lowercase hex digits, so that text order is number order. */
export interface StreamSpans {
  scope: string;
  stream: string;
  spans: Array<[lo: string, hi: string]>;
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
  /** the last line with a prefix before byte_offset (see Checkpoint) */
  prev_line?: string | null;
  /** Exim syslog parts waiting for the rest of their message at byte_offset (see Checkpoint) */
  pending_parts?: string | null;
  /** the last Exim syslog lines before byte_offset (see Checkpoint; migration 0028) */
  recent_exim?: string | null;
  /** the line that ends at byte_offset (see Checkpoint; migration 0032) */
  last_line?: string | null;
}

/**
 * Stored Postfix messages the queue manager never saw, silent since before a time, are abandoned
 * (model/correlate-messages.ts). The terms are those of the partial index messages_unqueued. An
 * ended message keeps no causes (model/last-error.ts, causesJson), as one abandoned in memory does.
 */
export const ABANDON_UNQUEUED = `UPDATE messages SET state = 'abandoned', causes = NULL WHERE host = ? AND state = 'open' AND mta = 'postfix' AND nrcpt IS NULL AND last_clock < ?`;

function statements(db: Db) {
  const p = (sql: string) => db.prepare(sql);
  return {
    insSession: p(`INSERT INTO sessions (id, host, mta, program, pid, client_host, client_ip, start_ts, end_ts, counters, end_reason, end_stage, stalled, rejects, messages, seen_ts, seen_clock, client_port, helo, proc, data_refused)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
    updSession: p(`UPDATE sessions SET client_host=?, client_ip=?, end_ts=?, counters=?, end_reason=?, end_stage=?, stalled=?, rejects=?, messages=?, seen_ts=?, seen_clock=?, helo=?, proc=?, data_refused=? WHERE id=?`),
    insMessage: p(`INSERT INTO messages (id, host, mta, queue_id, session_id, first_ts, last_ts, last_clock, origin, client_host, client_ip, sender, size, nrcpt, message_id, state, causes, parent_id)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
    updMessage: p(`UPDATE messages SET session_id=coalesce(?, session_id), last_ts=?, last_clock=?, origin=?, client_host=?, client_ip=?, sender=?, size=?, nrcpt=?, message_id=?, state=?, causes=?, parent_id=coalesce(?, parent_id) WHERE id=?`),
    insReply: p(`INSERT INTO replies (ts, host, mta, program, pid, kind, direction, code, code_derived, enhanced, text, reason, stage, queue_id, session_id, message_row,
                   client_host, client_ip, relay_host, relay_ip, sender, recipient, recipient_domain, status, remedy_id, pattern, origin, line)
                 VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
    insDelivery: p(`INSERT INTO deliveries (ts, host, mta, program, queue_id, message_row, recipient, recipient_domain, orig_recipient, relay_host, relay_ip, delay, dsn, status,
                      code, code_derived, enhanced, stage, reply_text, detail, reason, remedy_id, pattern, line, stall_kind, local_agent, last_error)
                    VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
    insStall: p(`INSERT INTO stalls (ts, host, mta, program, direction, kind, session_id, queue_id, peer_host, peer_ip, bytes, remedy_id, pattern, line)
                 VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
    insNote: p(`INSERT INTO message_notes (ts, host, mta, program, queue_id, message_row, what, detail, line) VALUES (?,?,?,?,?,?,?,?,?)`),
    insProblem: p(`INSERT INTO problems (ts, host, mta, program, severity, shape, line) VALUES (?,?,?,?,?,?,?)`),
    insTls: p(`INSERT INTO tls_failures (ts, host, mta, program, pid, direction, session_id, queue_id, peer_host, peer_ip, detail, library_error, reason, remedy_id, pattern, line)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`),
    lastTls: p(`SELECT id, ts, direction, detail, library_error FROM tls_failures WHERE host = ? AND program = ? AND pid = ? ORDER BY id DESC LIMIT 1`),
    amendTls: p(`UPDATE tls_failures SET library_error = ?, reason = ?, remedy_id = ? WHERE id = ?`),
    warningBefore: p(`SELECT line FROM problems WHERE host = ? AND program = ? AND ts BETWEEN ? AND ? AND instr(line, ?) > 0 ORDER BY id DESC LIMIT 1`),
    upStats: p(`INSERT INTO line_stats (hour, host, mta, lines, parsed, unparsed, foreign_lines) VALUES (?,?,?,?,?,?,?)
                ON CONFLICT (hour, host, mta) DO UPDATE SET lines = lines + excluded.lines, parsed = parsed + excluded.parsed,
                unparsed = unparsed + excluded.unparsed, foreign_lines = foreign_lines + excluded.foreign_lines`),
    upMinute: p(`INSERT INTO line_minutes (minute, host, mta, lines, parsed, unparsed, foreign_lines) VALUES (?,?,?,?,?,?,?)
                ON CONFLICT (minute, host, mta) DO UPDATE SET lines = lines + excluded.lines, parsed = parsed + excluded.parsed,
                unparsed = unparsed + excluded.unparsed, foreign_lines = foreign_lines + excluded.foreign_lines`),
    upMissMinute: p(`INSERT INTO miss_minutes (minute, program, shape, count) VALUES (?,?,?,?)
                     ON CONFLICT (minute, program, shape) DO UPDATE SET count = count + excluded.count`),
    upMissHostMinute: p(`INSERT INTO miss_host_minutes (minute, host, program, shape, count) VALUES (?,?,?,?,?)
                         ON CONFLICT (minute, host, program, shape) DO UPDATE SET count = count + excluded.count`),
    upMissHost: p(`INSERT INTO miss_hosts (host, program, shape, count, first_ts, last_ts, example) VALUES (?,?,?,?,?,?,?)
                   ON CONFLICT (host, program, shape) DO UPDATE SET count = count + excluded.count,
                   first_ts = min(coalesce(first_ts, excluded.first_ts), coalesce(excluded.first_ts, first_ts)),
                   last_ts = max(coalesce(last_ts, excluded.last_ts), coalesce(excluded.last_ts, last_ts))`),
    upMiss: p(`INSERT INTO misses (program, shape, count, first_ts, last_ts, example) VALUES (?,?,?,?,?,?)
               ON CONFLICT (program, shape) DO UPDATE SET count = count + excluded.count,
               first_ts = min(coalesce(first_ts, excluded.first_ts), coalesce(excluded.first_ts, first_ts)),
               last_ts = max(coalesce(last_ts, excluded.last_ts), coalesce(excluded.last_ts, last_ts))`),
    abandonUnqueued: p(ABANDON_UNQUEUED),
    upClock: p(`INSERT INTO host_clocks (host, latest_ts) VALUES (?,?) ON CONFLICT (host) DO UPDATE SET latest_ts = max(latest_ts, excluded.latest_ts)`),
    delSpans: p('DELETE FROM read_spans WHERE scope = ? AND stream = ?'),
    insSpan: p('INSERT INTO read_spans (scope, stream, lo, hi) VALUES (?,?,?,?)'),
    updSource: p(`UPDATE sources SET byte_offset=?, lines=?, last_ts=coalesce(?, last_ts), size=?, fingerprint=coalesce(?, fingerprint), cursor=coalesce(?, cursor), updated_at=?, final=max(final, ?), prev_line=coalesce(?, prev_line), pending_parts=coalesce(?, pending_parts), recent_exim=coalesce(?, recent_exim), last_line=coalesce(?, last_line) WHERE id=?`),
  };
}

/** How a failure's derived columns follow from its stored text (app/derive-tls.ts): the store cannot import the rules. */
export type DeriveTls = (detail: string, libraryError: string | null, direction: string) => { reason: string; remedy_id: string };

// tlsproxy's warning comes at most this long (log time) before the failure it explains
const AMEND_WITHIN_MS = 60_000;
const TLSPROXY_PEER = /peer=(\[[^\]]*\]:\d+)$/;
const WARNING = /warning: (.*)$/;

export class Writer {
  private readonly st;

  constructor(private readonly db: Db, private readonly deriveTls?: DeriveTls) {
    this.st = statements(db);
  }

  /** Writes one encoded batch in one transaction. */
  apply(e: EncodedBatch): void {
    try {
      this.db.transaction(() => this.write(e)).immediate();
    } catch (err) {
      throw storeError(err, 'writing the database');
    }
  }

  /** The process's latest stored failure takes this explanation if it has none and is recent (correlate-tls.ts). */
  private amendTls(a: unknown[]): void {
    const [ts, host, program, pid, text] = a as [number | null, string, string, number, string];
    const row = this.st.lastTls.get(host, program, pid) as { id: number; ts: number | null; direction: string; detail: string; library_error: string | null } | undefined;
    if (row === undefined || !takesLibraryError({ ts: row.ts, detail: row.detail, libraryError: row.library_error }, ts)) return;
    const d = this.deriveTls?.(row.detail, text, row.direction);
    this.st.amendTls.run(text, d?.reason ?? null, d?.remedy_id ?? null, row.id);
  }

  /**
   * postscreen's tlsproxy logs why a handshake failed just before the failure, naming the same
   * client address and port ("warning: ciphertext read/write timeout for [ip]:port"). That warning
   * is a problem row by now (problems are written first, in this batch or an earlier one).
   */
  private explainTlsproxy(t: unknown[], id: number): void {
    // [ts, host, mta, program, pid, direction, session, queue id, peer host, peer ip, detail, ...]
    const [ts, host, , program, , direction, , , , , detail] = t as [number | null, string, string, string, number | null, string, unknown, unknown, unknown, unknown, string];
    if (ts === null || !program.endsWith('tlsproxy')) return;
    const peer = TLSPROXY_PEER.exec(detail)?.[1];
    if (peer === undefined) return;
    const line = this.st.warningBefore.pluck().get(host, program, ts - AMEND_WITHIN_MS, ts, ` for ${peer}`) as string | undefined;
    const text = line === undefined ? undefined : WARNING.exec(line)?.[1];
    if (text === undefined) return;
    const d = this.deriveTls?.(detail, text, direction);
    this.st.amendTls.run(text, d?.reason ?? null, d?.remedy_id ?? null, id);
  }

  // Rows are bound as arguments (run(...row)), not as one array (run(row)): better-sqlite3 reads an
  // array's elements through V8's generic property lookup, one call per value, and a million-line log
  // binds some ten million values. As arguments, a 27-column row binds in about two thirds the time.
  private write(e: EncodedBatch): void {
    const st = this.st;
    for (const s of e.sessions) {
      if (s[0] === 1) st.insSession.run(...s.slice(1));
      else st.updSession.run(...s.slice(1));
    }
    for (const m of e.messages) {
      if (m[0] === 1) st.insMessage.run(...m.slice(1));
      else st.updMessage.run(...m.slice(1));
    }
    // after the batch's own messages: a message the batch moved on is judged by its new state
    for (const [host, before] of e.unqueuedBefore) st.abandonUnqueued.run(host, before);
    for (const r of e.replies) st.insReply.run(...r);
    for (const d of e.deliveries) st.insDelivery.run(...d);
    for (const x of e.stalls) st.insStall.run(...x);
    for (const p of e.problems) st.insProblem.run(...p);
    for (const n of e.notes) st.insNote.run(...n);
    // amends complete failures of earlier batches: applied before this batch's are stored
    for (const a of e.tlsAmends) this.amendTls(a);
    for (const t of e.tlsFailures) {
      const id = Number(st.insTls.run(...t).lastInsertRowid);
      this.explainTlsproxy(t, id);
    }
    for (const s of e.stats) {
      // [hour, host, mta, lines, parsed, unparsed, foreign, minute]
      st.upStats.run(...s.slice(0, 7));
      st.upMinute.run(s[7], s[1], s[2], s[3], s[4], s[5], s[6]);
    }
    // [host, program, shape, ...]: the all-host tables take the row without its host
    for (const m of e.misses) {
      st.upMissHost.run(...m);
      st.upMiss.run(...m.slice(1));
    }
    for (const m of e.missMinutes) {
      st.upMissHostMinute.run(...m);
      st.upMissMinute.run(m[0], m[2], m[3], m[4]);
    }
    for (const c of e.clocks) st.upClock.run(...c);
    const cp = e.checkpoint;
    if (cp) st.updSource.run(cp.offset, cp.lines, cp.lastTs, cp.size, cp.fingerprint, cp.cursor, cp.updatedAt, cp.final ? 1 : 0, cp.prevLine ?? null, cp.pendingParts ?? null, cp.recentExim ?? null, cp.lastLine ?? null, cp.sourceId);
    for (const u of cp?.spans ?? []) {
      st.delSpans.run(u.scope, u.stream);
      for (const [lo, hi] of u.spans) st.insSpan.run(u.scope, u.stream, lo, hi);
    }
  }
}
