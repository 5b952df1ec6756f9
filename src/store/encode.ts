import type { Batch } from '../model/facts.js';
import { causesJson } from '../model/last-error.js';
import type { Checkpoint, LineStatsDelta, MissDelta } from './writer.js';

// A batch as plain arrays of numbers, strings and nulls, in the column order of the writer's
// statements; its tables of rows cross to the writer thread packed (wire.ts).

export interface EncodedBatch {
  /** [insert (1) or update (0), ...columns] */
  sessions: unknown[][];
  messages: unknown[][];
  replies: unknown[][];
  deliveries: unknown[][];
  stalls: unknown[][];
  problems: unknown[][];
  /** [ts, host, mta, program, pid, direction, session, queue id, peer host, peer ip, detail, library error, reason, remedy, pattern, line] */
  tlsFailures: unknown[][];
  /** [ts, host, program, pid, text]: a library line completing its process's latest failure */
  tlsAmends: unknown[][];
  /** [ts, host, mta, program, queue id, message row, what, detail, line] */
  notes: unknown[][];
  stats: unknown[][];
  /** [host, program, shape, count, first ts, last ts, example] */
  misses: unknown[][];
  /** [minute, host, program, shape, count] */
  missMinutes: unknown[][];
  /** [host, latest ts] */
  clocks: unknown[][];
  /** [host, ts]: stored messages the queue manager never saw, silent since before ts, are abandoned */
  unqueuedBefore: unknown[][];
  checkpoint: Checkpoint | null;
}

const b = (v: boolean): number => (v ? 1 : 0);

export function encodeBatch(batch: Batch, stats: Iterable<LineStatsDelta>, misses: Iterable<MissDelta>, cp: Checkpoint | null): EncodedBatch {
  const sessions: unknown[][] = [];
  for (const s of batch.sessions) {
    sessions.push(
      s.stored
        ? [0, s.clientHost, s.clientIp, s.endTs, s.counters, s.endReason, s.endStage, s.stalled, s.rejects, s.messages, s.seenTs, s.seenClock, s.helo ?? null, s.proc ?? null, s.dataRefused ? 1 : null, s.rowId]
        : [1, s.rowId, s.host, s.mta, s.program, s.pid, s.clientHost, s.clientIp, s.startTs, s.endTs, s.counters, s.endReason, s.endStage, s.stalled, s.rejects, s.messages, s.seenTs, s.seenClock, s.clientPort, s.helo ?? null, s.proc ?? null, s.dataRefused ? 1 : null],
    );
    s.stored = true;
  }
  const messages: unknown[][] = [];
  for (const m of batch.messages) {
    const sessionId = m.session?.rowId ?? null;
    messages.push(
      m.stored
        ? [0, sessionId, m.lastTs, m.lastClock, m.origin, m.clientHost, m.clientIp, m.sender, m.size, m.nrcpt, m.messageId, m.state, causesJson(m), m.parentId ?? null, m.rowId]
        : [1, m.rowId, m.host, m.mta, m.queueId, sessionId, m.firstTs, m.lastTs, m.lastClock, m.origin, m.clientHost, m.clientIp, m.sender, m.size, m.nrcpt, m.messageId, m.state, causesJson(m), m.parentId ?? null],
    );
    m.stored = true;
  }
  const missRows: unknown[][] = [];
  const missMinutes: unknown[][] = [];
  for (const m of misses) {
    missRows.push([m.host, m.program, m.shape, m.count, m.firstTs, m.lastTs, m.example]);
    for (const [minute, n] of m.minutes) missMinutes.push([minute, m.host, m.program, m.shape, n]);
  }
  return {
    sessions,
    messages,
    replies: batch.replies.map((r) => [
      r.ts, r.host, r.mta, r.program, r.pid, r.kind, r.direction, r.code, b(r.codeDerived), r.enhanced, r.text, r.reason, r.stage,
      r.queueId, r.session?.rowId ?? null, r.message?.rowId ?? null, r.clientHost, r.clientIp, r.relayHost, r.relayIp,
      r.sender, r.recipient, r.recipientDomain, r.status, r.remedyId, r.pattern, r.origin, r.line,
    ]),
    deliveries: batch.deliveries.map((d) => [
      d.ts, d.host, d.mta, d.program, d.queueId, d.message?.rowId ?? null, d.recipient, d.recipientDomain, d.origRecipient,
      d.relayHost, d.relayIp, d.delay, d.dsn, d.status, d.code, b(d.codeDerived), d.enhanced, d.stage, d.replyText, d.detail, d.reason,
      d.remedyId, d.pattern, d.line, d.stallKind, b(d.localAgent), d.lastError,
    ]),
    stalls: batch.stalls.map((x) => [x.ts, x.host, x.mta, x.program, x.direction, x.kind, x.session?.rowId ?? null, x.queueId, x.peerHost, x.peerIp, x.bytes, x.remedyId, x.pattern, x.line]),
    // the shape's text, masked on the writer thread (deriveColumns)
    problems: batch.problems.map((p) => [p.ts, p.host, p.mta, p.program, p.severity, p.text, p.line]),
    tlsFailures: batch.tlsFailures.map((t) => [
      t.ts, t.host, t.mta, t.program, t.pid, t.direction, t.session?.rowId ?? null, t.queueId, t.peerHost, t.peerIp, t.detail, t.libraryError, t.reason, t.remedyId, t.pattern, t.line,
    ]),
    tlsAmends: batch.tlsAmends.map((a) => [a.ts, a.host, a.program, a.pid, a.text]),
    notes: batch.notes.map((n) => [n.ts, n.host, n.mta, n.program, n.queueId, n.message?.rowId ?? null, n.what, n.detail, n.line]),
    stats: [...stats].map((s) => [s.hour, s.host, s.mta, s.lines, s.parsed, s.unparsed, s.foreign, s.minute]),
    misses: missRows,
    missMinutes,
    clocks: batch.clocks,
    unqueuedBefore: batch.unqueuedBefore,
    checkpoint: cp,
  };
}
