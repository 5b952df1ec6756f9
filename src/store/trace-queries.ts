import type { Db } from './db.js';
import type { TraceTerms } from '../model/trace-terms.js';
import { NOT_TWIN, type Window } from './queries.js';

// The rows `trace` shows: the messages and client sessions a set of terms names, and every stored
// row of their story. No index serves these columns (analyse would pay for one on every row it
// writes), so each table is read through once per question, with every term in one condition.

export interface TraceMessageRow {
  id: number; host: string; mta: string; queue_id: string; session_id: number | null;
  first_ts: number | null; last_ts: number | null; origin: string | null; client_host: string | null; client_ip: string | null;
  sender: string | null; size: number | null; nrcpt: number | null; message_id: string | null; state: string; parent_id: string | null;
}

export interface TraceSessionRow {
  id: number; host: string; mta: string; program: string; pid: number | null; client_host: string | null; client_ip: string | null;
  client_port: number | null; start_ts: number | null; end_ts: number | null; seen_ts: number | null; counters: string | null;
  end_reason: string | null; end_stage: string | null; stalled: number; rejects: number; messages: number; helo: string | null;
}

export interface TraceReplyRow {
  id: number; ts: number | null; host: string; program: string; kind: string; direction: string; code: number | null; code_derived: number;
  enhanced: string | null; text: string; stage: string | null; queue_id: string | null; session_id: number | null; message_row: number | null;
  client_host: string | null; client_ip: string | null; relay_host: string | null; relay_ip: string | null; sender: string | null;
  recipient: string | null; remedy_id: string; line: string;
}

export interface TraceDeliveryRow {
  id: number; ts: number | null; host: string; program: string; queue_id: string | null; message_row: number | null; recipient: string | null;
  orig_recipient: string | null; relay_host: string | null; relay_ip: string | null; delay: number | null; dsn: string | null; status: string;
  code: number | null; code_derived: number; enhanced: string | null; stage: string | null; reply_text: string | null; detail: string | null;
  remedy_id: string | null; line: string | null; stall_kind: string | null; local_agent: number; last_error: string | null;
}

/** A queue action on a message: hold, release, freeze, thaw, requeue, deletion (message_notes). */
export interface TraceNoteRow {
  id: number; ts: number | null; host: string; program: string; queue_id: string; message_row: number | null; what: string; detail: string | null; line: string;
}

/** A stall or a TLS failure: a peer, a session or queue id, a line. */
export interface TracePeerRow {
  id: number; ts: number | null; host: string; program: string; direction: string; session_id: number | null; queue_id: string | null;
  peer_host: string | null; peer_ip: string | null; remedy_id: string | null; line: string;
  /** stalls */
  kind?: string; bytes?: number | null;
  /** TLS failures */
  detail?: string; library_error?: string | null;
}

interface Cond {
  sql: string;
  params: unknown[];
}

const marks = (n: number): string => Array.from({ length: n }, () => '?').join(',');

/** `(a IN (…) OR b IN (…))` over the lists that have values; '0' (false) when none has. */
function anyOf(parts: Array<[column: string, values: readonly unknown[]]>): Cond {
  const used = parts.filter(([, v]) => v.length > 0);
  if (used.length === 0) return { sql: '0', params: [] };
  return { sql: `(${used.map(([c, v]) => `${c} IN (${marks(v.length)})`).join(' OR ')})`, params: used.flatMap(([, v]) => v) };
}

const or = (...cs: Cond[]): Cond => ({ sql: `(${cs.map((c) => c.sql).join(' OR ')})`, params: cs.flatMap((c) => c.params) });

/** Rows whose span [a, b] meets the window. */
function overlaps(win: Window, a: string, b: string): Cond {
  const hosts = win.hosts ?? [];
  const byHost = hosts.length === 0 ? '' : ` AND host IN (${marks(hosts.length)})`;
  return { sql: `(? IS NULL OR coalesce(${b}, ${a}) >= ?) AND (? IS NULL OR ${a} < ?)${byHost}`, params: [win.from, win.from, win.to, win.to, ...hosts] };
}

const REPLY_COLS = `id, ts, host, program, kind, direction, code, code_derived, enhanced, text, stage, queue_id, session_id, message_row,
  client_host, client_ip, relay_host, relay_ip, sender, recipient, remedy_id, line`;
const DELIVERY_COLS = `id, ts, host, program, queue_id, message_row, recipient, orig_recipient, relay_host, relay_ip, delay, dsn, status,
  code, code_derived, enhanced, stage, reply_text, detail, remedy_id, line, stall_kind, local_agent, last_error`;
const PEER_COLS = 'id, ts, host, program, direction, session_id, queue_id, peer_host, peer_ip, remedy_id, line';

export class TraceQueries {
  constructor(
    private readonly db: Db,
    private readonly t: TraceTerms,
  ) {}

  private ids(sql: string, params: unknown[]): number[] {
    return this.db.prepare(sql).pluck().all(...params) as number[];
  }

  private replyCond(): Cond {
    const t = this.t;
    return anyOf([
      ['lower(sender)', t.addresses], ['lower(recipient)', t.addresses], ['queue_id', t.queueIds],
      ['client_ip', t.ips], ['relay_ip', t.ips], ['lower(client_host)', t.hostNames], ['lower(relay_host)', t.hostNames],
    ]);
  }

  private peerCond(): Cond {
    const t = this.t;
    return anyOf([['queue_id', t.queueIds], ['peer_ip', t.ips], ['lower(peer_host)', t.hostNames]]);
  }

  /** The messages the terms name (by their own fields, a recipient, a reply or a relay), newest first: id and connection. */
  messageIds(win: Window): Array<{ id: number; session_id: number | null }> {
    const t = this.t;
    const own = anyOf([
      ['queue_id', t.queueIds], ['lower(sender)', t.addresses], ['message_id', t.messageIds],
      ['client_ip', t.ips], ['lower(client_host)', t.hostNames],
    ]);
    const dcond = anyOf([
      ['lower(recipient)', t.addresses], ['lower(orig_recipient)', t.addresses], ['relay_ip', t.ips], ['lower(relay_host)', t.hostNames],
    ]);
    const rcond = this.replyCond();
    const via = (table: string, c: Cond, extra = ''): Cond =>
      c.sql === '0' ? c : { sql: `id IN (SELECT message_row FROM ${table} r WHERE message_row IS NOT NULL AND ${c.sql}${extra})`, params: c.params };
    // a message that came on a connection whose HELO name is a term
    const helo = anyOf([['lower(helo)', t.heloNames]]);
    const bySession: Cond = helo.sql === '0' ? helo : { sql: `session_id IN (SELECT id FROM sessions WHERE ${helo.sql})`, params: helo.params };
    const cond = or(own, via('deliveries', dcond), via('replies', rcond, ` AND ${NOT_TWIN}`), bySession);
    const w = overlaps(win, 'first_ts', 'last_ts');
    return this.db
      .prepare(`SELECT id, session_id FROM messages WHERE ${w.sql} AND ${cond.sql} ORDER BY first_ts DESC, id DESC`)
      .all(...w.params, ...cond.params) as Array<{ id: number; session_id: number | null }>;
  }

  /** Ids of the client sessions the terms name (the client, or a reply, stall or TLS failure in it), newest first. */
  sessionIds(win: Window): number[] {
    const t = this.t;
    const own = anyOf([['client_ip', t.ips], ['lower(client_host)', t.hostNames], ['lower(helo)', t.heloNames]]);
    // a rejectlog entry whose mainlog line is stored may carry another connection of the same client: its twin decides
    const via = (table: string, c: Cond, extra = ''): Cond =>
      c.sql === '0' ? c : { sql: `id IN (SELECT session_id FROM ${table} r WHERE session_id IS NOT NULL AND ${c.sql}${extra})`, params: c.params };
    const cond = or(own, via('replies', this.replyCond(), ` AND ${NOT_TWIN}`), via('stalls', this.peerCond()), via('tls_failures', this.peerCond()));
    const w = overlaps(win, 'start_ts', 'coalesce(end_ts, seen_ts)');
    return this.ids(`SELECT id FROM sessions WHERE ${w.sql} AND ${cond.sql} ORDER BY start_ts DESC, id DESC`, [...w.params, ...cond.params]);
  }

  messages(ids: readonly number[]): TraceMessageRow[] {
    if (ids.length === 0) return [];
    return this.db
      .prepare(`SELECT id, host, mta, queue_id, session_id, first_ts, last_ts, origin, client_host, client_ip, sender, size, nrcpt, message_id, state, parent_id
                FROM messages WHERE id IN (${marks(ids.length)})`)
      .all(...ids) as TraceMessageRow[];
  }

  /** Messages made from these (notices, requeued copies, Exim bounces): host, queue id and the parent's queue id. */
  children(queueIds: readonly string[]): Array<{ host: string; queue_id: string; parent_id: string; sender: string | null }> {
    if (queueIds.length === 0) return [];
    return this.db
      .prepare(`SELECT host, queue_id, parent_id, sender FROM messages WHERE parent_id IN (${marks(queueIds.length)}) ORDER BY first_ts, id`)
      .all(...queueIds) as Array<{ host: string; queue_id: string; parent_id: string; sender: string | null }>;
  }

  /** "host\u0001parent\u0001child" for each message of these queue ids that Postfix's local agent forwarded ("forwarded as CHILD"). */
  forwards(queueIds: readonly string[]): Set<string> {
    if (queueIds.length === 0) return new Set();
    const rows = this.db
      .prepare(`SELECT host, queue_id, substr(detail, 14) AS child FROM deliveries
                WHERE queue_id IN (${marks(queueIds.length)}) AND status = 'sent' AND detail LIKE 'forwarded as %'`)
      .all(...queueIds) as Array<{ host: string; queue_id: string; child: string }>;
    return new Set(rows.map((r) => `${r.host}\u0001${r.queue_id}\u0001${r.child}`));
  }

  sessions(ids: readonly number[]): TraceSessionRow[] {
    if (ids.length === 0) return [];
    return this.db
      .prepare(`SELECT id, host, mta, program, pid, client_host, client_ip, client_port, start_ts, end_ts, seen_ts, counters, end_reason, end_stage,
                  stalled, rejects, messages, helo FROM sessions WHERE id IN (${marks(ids.length)})`)
      .all(...ids) as TraceSessionRow[];
  }

  /**
   * Replies of these messages (by row, or by queue id: an Exim refusal after DATA names the id of a
   * message never kept), and of these sessions; a rejectlog entry whose mainlog line is stored is left out.
   */
  replies(messageRows: readonly number[], queueIds: readonly string[], sessionIds: readonly number[]): TraceReplyRow[] {
    const c = anyOf([['message_row', messageRows], ['queue_id', queueIds], ['session_id', sessionIds]]);
    if (c.sql === '0') return [];
    return this.db.prepare(`SELECT ${REPLY_COLS} FROM replies r WHERE ${c.sql} AND ${NOT_TWIN} ORDER BY ts, id`).all(...c.params) as TraceReplyRow[];
  }

  /** Replies the terms name that belong to no message and no session (kept so that nothing found is hidden): the newest, and how many. */
  looseReplies(win: Window, limit: number): { rows: TraceReplyRow[]; total: number } {
    const c = this.replyCond();
    if (c.sql === '0') return { rows: [], total: 0 };
    const w = overlaps(win, 'ts', 'ts');
    const where = `message_row IS NULL AND session_id IS NULL AND ${w.sql} AND ${c.sql} AND ${NOT_TWIN}`;
    const params = [...w.params, ...c.params];
    return {
      rows: this.db.prepare(`SELECT ${REPLY_COLS} FROM replies r WHERE ${where} ORDER BY ts DESC, id DESC LIMIT ?`).all(...params, limit) as TraceReplyRow[],
      total: this.db.prepare(`SELECT count(*) FROM replies r WHERE ${where}`).pluck().get(...params) as number,
    };
  }

  /** Stalls and TLS failures the terms name that belong to no session (the caller drops those of messages it shows). */
  loosePeerEvents(win: Window, limit: number): { stalls: TracePeerRow[]; tls: TracePeerRow[]; total: number } {
    const c = this.peerCond();
    if (c.sql === '0') return { stalls: [], tls: [], total: 0 };
    const w = overlaps(win, 'ts', 'ts');
    const where = `session_id IS NULL AND ${w.sql} AND ${c.sql}`;
    const params = [...w.params, ...c.params];
    const q = (table: string, extra: string): TracePeerRow[] =>
      this.db.prepare(`SELECT ${PEER_COLS}, ${extra} FROM ${table} WHERE ${where} ORDER BY ts DESC, id DESC LIMIT ?`).all(...params, limit) as TracePeerRow[];
    const n = (table: string): number => this.db.prepare(`SELECT count(*) FROM ${table} WHERE ${where}`).pluck().get(...params) as number;
    return { stalls: q('stalls', 'kind, bytes'), tls: q('tls_failures', 'detail, library_error'), total: n('stalls') + n('tls_failures') };
  }

  deliveries(messageRows: readonly number[]): TraceDeliveryRow[] {
    if (messageRows.length === 0) return [];
    return this.db
      .prepare(`SELECT ${DELIVERY_COLS} FROM deliveries WHERE message_row IN (${marks(messageRows.length)}) ORDER BY ts, id`)
      .all(...messageRows) as TraceDeliveryRow[];
  }

  /** Queue actions on these messages (by row, or by queue id: a note about a message whose own lines were not read). */
  notes(messageRows: readonly number[], queueIds: readonly string[]): TraceNoteRow[] {
    const c = anyOf([['message_row', messageRows], ['queue_id', queueIds]]);
    if (c.sql === '0') return [];
    return this.db
      .prepare(`SELECT id, ts, host, program, queue_id, message_row, what, detail, line FROM message_notes WHERE ${c.sql} ORDER BY ts, id`)
      .all(...c.params) as TraceNoteRow[];
  }

  /** Stalls and TLS failures of these queue ids or sessions. */
  peerEvents(queueIds: readonly string[], sessionIds: readonly number[]): { stalls: TracePeerRow[]; tls: TracePeerRow[] } {
    const c = anyOf([['queue_id', queueIds], ['session_id', sessionIds]]);
    if (c.sql === '0') return { stalls: [], tls: [] };
    return {
      stalls: this.db.prepare(`SELECT ${PEER_COLS}, kind, bytes FROM stalls WHERE ${c.sql} ORDER BY ts, id`).all(...c.params) as TracePeerRow[],
      tls: this.db.prepare(`SELECT ${PEER_COLS}, detail, library_error FROM tls_failures WHERE ${c.sql} ORDER BY ts, id`).all(...c.params) as TracePeerRow[],
    };
  }
}
