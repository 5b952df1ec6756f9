import type { Db } from './db.js';
import type { SourceRow } from './writer.js';
import type { MessageState, SessionState } from '../model/facts.js';
import type { Mta } from '../model/types.js';
import { PASS_LINGER_MS, sessionKeyOf } from '../model/correlate.js';
import { readCauses } from '../model/last-error.js';
import { messageKey, stallMark } from '../model/correlate-messages.js';
import { attemptMark } from '../model/correlate-tls.js';

// Read checkpoints and the open sessions/messages that span runs.

export interface SourceIdentity {
  path: string;
  kind: 'file' | 'stdin' | 'journal' | 'docker' | 'refused';
  dev: number | null;
  ino: number | null;
  fingerprint: string | null;
}

export class Sources {
  constructor(private readonly db: Db) {}

  all(): SourceRow[] {
    return this.db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[];
  }

  byId(id: number): SourceRow | undefined {
    return this.db.prepare('SELECT * FROM sources WHERE id = ?').get(id) as SourceRow | undefined;
  }

  create(s: SourceIdentity, now: number): SourceRow {
    const info = this.db
      .prepare('INSERT INTO sources (path, kind, dev, ino, fingerprint, byte_offset, lines, updated_at) VALUES (?,?,?,?,?,0,0,?)')
      .run(s.path, s.kind, s.dev, s.ino, s.fingerprint, now);
    return this.byId(Number(info.lastInsertRowid))!;
  }

  /** Records a file that is never to be read (it predates the first run on its live file). */
  createFinal(s: SourceIdentity, offset: number, size: number, now: number): SourceRow {
    const info = this.db
      .prepare('INSERT INTO sources (path, kind, dev, ino, fingerprint, byte_offset, size, lines, updated_at, final) VALUES (?,?,?,?,?,?,?,0,?,1)')
      .run(s.path, s.kind, s.dev, s.ino, s.fingerprint, offset, size, now);
    return this.byId(Number(info.lastInsertRowid))!;
  }

  /**
   * A file a glob or directory found in a format mxlens does not read (kind 'refused', final, no lines):
   * remembered so that it is reported once. `fingerprint` is its first bytes as stored, not uncompressed.
   */
  createRefused(s: Omit<SourceIdentity, 'kind'>, size: number, now: number): SourceRow {
    return this.createFinal({ ...s, kind: 'refused' }, 0, size, now);
  }

  /**
   * The refused file of this identity (see createRefused), wherever it was found before. First bytes
   * compare as a prefix either way: a file still being compressed was shorter when it was met.
   */
  refused(dev: number, ino: number, fingerprint: string): SourceRow | undefined {
    const rows = this.db.prepare("SELECT * FROM sources WHERE kind = 'refused' AND dev = ? AND ino = ? ORDER BY id DESC").all(dev, ino) as SourceRow[];
    return rows.find((r) => r.fingerprint !== null && r.fingerprint !== '' && (fingerprint.startsWith(r.fingerprint) || r.fingerprint.startsWith(fingerprint)));
  }

  /** A file recorded as never to be read (see createFinal), to be read from its start after all. */
  reopen(id: number): SourceRow {
    this.db.prepare('UPDATE sources SET byte_offset = 0, lines = 0, last_ts = NULL, final = 0 WHERE id = ?').run(id);
    return this.byId(id)!;
  }

  /** The source a JSON stream (journald, Docker) resumes from, by its name. */
  byName(kind: SourceIdentity['kind'], path: string): SourceRow | undefined {
    return this.db.prepare('SELECT * FROM sources WHERE kind = ? AND path = ? ORDER BY id DESC LIMIT 1').get(kind, path) as SourceRow | undefined;
  }

  /** Spans read of one stream of a JSON log, positions as 16 hex digits (see migration 0010). */
  spans(scope: string, stream: string): Array<[lo: string, hi: string]> {
    const rows = this.db.prepare('SELECT lo, hi FROM read_spans WHERE scope = ? AND stream = ? ORDER BY lo').all(scope, stream) as Array<{ lo: string; hi: string }>;
    return rows.map((r) => [r.lo, r.hi]);
  }

  /** Points a source at a new name or inode (a rotated file seen under its new name). */
  rename(id: number, path: string, dev: number | null, ino: number | null): void {
    this.db.prepare('UPDATE sources SET path = ?, dev = ?, ino = ? WHERE id = ?').run(path, dev, ino, id);
  }
}

interface SessionRowDb {
  id: number; host: string; mta: string; program: string; pid: number | null; client_host: string | null; client_ip: string | null;
  start_ts: number | null; counters: string | null; end_reason: string | null; end_stage: string | null; stalled: number; rejects: number; messages: number; seen_ts: number | null; client_port: number | null;
  helo: string | null;
}
interface MessageRowDb {
  id: number; host: string; mta: string; queue_id: string; session_id: number | null; first_ts: number | null; last_ts: number | null;
  origin: string | null; client_host: string | null; client_ip: string | null; sender: string | null; size: number | null;
  nrcpt: number | null; message_id: string | null; state: string; causes: string | null;
  parent_id?: string | null;
}

/** The next free row ids of sessions and messages. */
export function nextIds(db: Db): { session: number; message: number } {
  const one = (t: string) => (db.prepare(`SELECT coalesce(max(id), 0) + 1 AS n FROM ${t}`).get() as { n: number }).n;
  return { session: one('sessions'), message: one('messages') };
}

/**
 * Sessions and messages still open in the database, and each host's latest log time. All of them:
 * an open message left out here would be stored a second time by its next line, and the first row
 * would stay open for good. Memory grows with the mail queue (about 0.6 KB an open message).
 */
export function loadOpenState(db: Db): { sessions: SessionState[]; messages: MessageState[]; clocks: Map<string, number> } {
  const srows = db.prepare("SELECT * FROM sessions WHERE end_ts IS NULL AND (end_reason IS NULL OR end_reason <> 'unterminated') ORDER BY id DESC").all() as SessionRowDb[];
  const byId = new Map<number, SessionState>();
  const toState = (r: SessionRowDb & { end_ts?: number | null }): SessionState => {
    const s: SessionState = {
      rowId: r.id, stored: true, key: sessionKeyOf(r.host, r.program, r.pid, r.client_ip, r.client_port), host: r.host, mta: r.mta as Mta, program: r.program,
      pid: r.pid, clientHost: r.client_host, clientIp: r.client_ip, clientPort: r.client_port, helo: r.helo, startTs: r.start_ts, endTs: r.end_ts ?? null, counters: r.counters,
      endReason: r.end_reason, endStage: r.end_stage, stalled: r.stalled, rejects: r.rejects, messages: r.messages, seenTs: r.seen_ts ?? r.start_ts,
    };
    byId.set(r.id, s);
    return s;
  };
  const sessions = srows.map(toState);
  // postscreen sessions that passed in the last minutes of log time: more of the same
  // connection may follow (see PASS_LINGER_MS); older ones are past finding in any run
  const passed = db.prepare(`SELECT * FROM sessions WHERE end_reason = 'pass'
      AND seen_ts >= (SELECT max(seen_ts) FROM sessions WHERE end_reason = 'pass') - ? ORDER BY id DESC`)
    .all(PASS_LINGER_MS) as Array<SessionRowDb & { end_ts: number | null }>;
  for (const r of passed) if (!byId.has(r.id)) sessions.push(toState(r));
  // a frozen Exim message stays frozen across runs: a queue run that skips it then adds no note (model/correlate-notes.ts)
  const mrows = db.prepare(`SELECT m.*, (SELECT n.what FROM message_notes n WHERE n.message_row = m.id AND n.what IN ('frozen', 'thawed')
      ORDER BY n.ts DESC, n.id DESC LIMIT 1) AS freeze FROM messages m WHERE m.state IN ('open', 'held') ORDER BY m.id DESC`)
    .all() as Array<MessageRowDb & { freeze: string | null }>;
  // an open message may belong to a session that has already ended: it stays linked to it,
  // as it would have in one uninterrupted run (the link decides whether a later client=
  // line of a reused queue id counts for another session)
  const ended = db.prepare(`SELECT s.* FROM sessions s WHERE s.id IN (SELECT session_id FROM messages WHERE state IN ('open', 'held') AND session_id IS NOT NULL)`)
    .all() as Array<SessionRowDb & { end_ts: number | null }>;
  for (const r of ended) if (!byId.has(r.id)) toState(r);
  const messages = mrows.map((r): MessageState => ({
    rowId: r.id, stored: true, key: messageKey(r.host, r.queue_id), host: r.host, mta: r.mta as Mta, queueId: r.queue_id,
    session: r.session_id === null ? null : byId.get(r.session_id) ?? null, firstTs: r.first_ts, lastTs: r.last_ts, origin: r.origin,
    clientHost: r.client_host, clientIp: r.client_ip, sender: r.sender, size: r.size, nrcpt: r.nrcpt, messageId: r.message_id, parentId: r.parent_id ?? null, state: r.state === 'held' ? 'held' : 'open',
    ...readCauses(r.causes),
    ...(r.freeze === 'frozen' ? { frozen: true } : {}),
  }));
  restoreMarks(db, messages);
  const clocks = new Map((db.prepare('SELECT host, latest_ts FROM host_clocks').raw().all() as Array<[string, number]>));
  return { sessions: sessions.sort((a, b) => a.rowId - b.rowId), messages: messages.reverse(), clocks };
}

/**
 * A failure logged once per recipient is stored once per attempt (model/correlate-messages.ts,
 * model/correlate-tls.ts): the open message keeps the mark of the last one. A run that ends
 * between two recipients' lines leaves the mark in the stored row; it is read back from there.
 * Only the rows of delivery lines set these marks: outbound stalls with a queue id, and Exim's
 * outbound TLS failures (a deferral with errno -37, the only TLS failure Exim ties to a message).
 */
function restoreMarks(db: Db, messages: MessageState[]): void {
  if (messages.length === 0) return;
  const byKey = new Map(messages.map((m) => [m.key, m]));
  let since = Infinity;
  for (const m of messages) since = Math.min(since, m.firstTs ?? -Infinity);
  // rows older than every open message cannot be one of theirs (the ts index bounds the scan)
  const from = Number.isFinite(since) ? since : -8.64e15;
  const latest = (table: string, where: string): string =>
    `SELECT * FROM ${table} WHERE id IN (SELECT max(id) FROM ${table} WHERE ts >= ? AND direction = 'outbound' AND queue_id IS NOT NULL${where} GROUP BY host, queue_id)`;
  // a reused Postfix queue id: the row of an earlier message of that id is older than this one
  const mine = (host: string, queueId: string, ts: number | null): MessageState | undefined => {
    const m = byKey.get(messageKey(host, queueId));
    return m !== undefined && (m.firstTs === null || (ts !== null && ts >= m.firstTs)) ? m : undefined;
  };
  for (const r of db.prepare(latest('stalls', '')).all(from) as Array<{ host: string; queue_id: string; ts: number | null; kind: string; peer_ip: string | null }>) {
    const m = mine(r.host, r.queue_id, r.ts);
    if (m) m.lastStall = stallMark(r.ts, r.kind, r.peer_ip);
  }
  for (const r of db.prepare(latest('tls_failures', " AND mta = 'exim'")).all(from) as Array<{ host: string; queue_id: string; ts: number | null; peer_ip: string | null; detail: string }>) {
    const m = mine(r.host, r.queue_id, r.ts);
    if (m) m.lastTls = attemptMark(r.ts, r.peer_ip, r.detail);
  }
}
