import { readDatabase } from '../store/read-db.js';
import { TraceQueries, type TraceDeliveryRow, type TraceMessageRow, type TraceNoteRow, type TracePeerRow, type TraceReplyRow, type TraceSessionRow } from '../store/trace-queries.js';
import { ReportQueries, type Window } from '../store/queries.js';
import { storedHosts } from './report.js';
import { byId, viewOf, type Lang } from '../remedy/index.js';
import type { TraceTerms } from '../model/trace-terms.js';
import type { Direction } from '../model/types.js';
import type { Related, Trace, TraceEvent, TraceMessage, TraceRemedy, TraceSession, TraceSessionBlock } from '../report/trace-types.js';

// `mxlens trace`: the story of each message and client connection some terms name, from the rows
// analyse stored. A message shows its connection and the rows of that connection that carry no
// message (the recipients refused before a queue id existed); a connection that carried none of
// the messages found is shown on its own.

export interface TraceOptions {
  db: string;
  raw: string[];
  terms: TraceTerms;
  window: Window;
  limit: number;
  lang?: Lang;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function peer(host: string | null, ip: string | null, port?: number | null): string | null {
  if (ip === null) return host;
  const at = port == null ? `[${ip}]` : `[${ip}]:${port}`;
  return host === null || host === '' ? at : `${host}${at}`;
}

export function buildTrace(opts: TraceOptions): Trace {
  return readDatabase(opts.db, (db) => {
    // --host as report takes it: any case, and a name the database does not have is an error
    const asked = opts.window.hosts ?? [];
    const window = asked.length === 0 ? opts.window : { ...opts.window, hosts: storedHosts(asked, new ReportQueries(db).hosts()) };
    return new TraceBuilder(new TraceQueries(db, opts.terms), { ...opts, window }).build();
  });
}

class TraceBuilder {
  constructor(
    private readonly q: TraceQueries,
    private readonly o: TraceOptions,
  ) {}

  private remedy(id: string | null, direction: string | null): TraceRemedy | null {
    const e = id === null ? undefined : byId.get(id);
    if (e === undefined) return id === null ? null : { id, title: id };
    const v = viewOf(e, this.o.lang, (direction ?? undefined) as Direction | undefined);
    const r: TraceRemedy = { id: v.id, title: v.title };
    if (v.lang !== undefined) r.lang = v.lang;
    if (v.fallback) r.fallback = true;
    return r;
  }

  private reply(r: TraceReplyRow): TraceEvent {
    const inbound = r.direction === 'inbound';
    return {
      at: iso(r.ts), type: 'reply', what: r.kind, direction: r.direction, sender: r.sender, recipient: r.recipient,
      peer: inbound ? peer(r.client_host, r.client_ip) : peer(r.relay_host, r.relay_ip),
      code: r.code, code_derived: r.code_derived === 1, enhanced: r.enhanced, stage: r.stage, text: r.text,
      remedy: this.remedy(r.remedy_id, r.direction), line: r.line,
    };
  }

  private delivery(d: TraceDeliveryRow, sender: string | null): TraceEvent {
    const direction = d.local_agent === 1 ? 'local' : 'outbound';
    const e: TraceEvent = {
      at: iso(d.ts), type: 'delivery', what: d.status, direction, sender,
      recipient: d.recipient,
      peer: peer(d.relay_host, d.relay_ip), code: d.code, code_derived: d.code_derived === 1, enhanced: d.enhanced ?? d.dsn, stage: d.stage,
      text: d.reply_text ?? d.detail ?? '', remedy: d.status === 'sent' ? null : this.remedy(d.remedy_id, direction), line: d.line,
    };
    if (d.orig_recipient !== null && d.orig_recipient !== d.recipient) e.orig_recipient = d.orig_recipient;
    if (d.last_error !== null) e.last_error = d.last_error;
    if (d.stall_kind !== null) e.stall_kind = d.stall_kind;
    return e;
  }

  private peerEvent(p: TracePeerRow, type: 'stall' | 'tls'): TraceEvent {
    const e: TraceEvent = {
      at: iso(p.ts), type, what: type === 'stall' ? (p.kind ?? 'stall') : 'handshake', direction: p.direction, sender: null, recipient: null,
      peer: peer(p.peer_host, p.peer_ip), code: null, code_derived: false, enhanced: null, stage: null,
      text: type === 'tls' ? (p.detail ?? '') : messageOf(p.line), remedy: this.remedy(p.remedy_id, p.direction), line: p.line,
    };
    if (type === 'tls') e.library_error = p.library_error ?? null;
    return e;
  }

  private note(n: TraceNoteRow): TraceEvent {
    return {
      at: iso(n.ts), type: 'note', what: n.what, direction: null, sender: null, recipient: null, peer: null,
      code: null, code_derived: false, enhanced: null, stage: null, text: n.detail ?? `by ${n.program}`, remedy: null, line: n.line,
    };
  }

  private session(s: TraceSessionRow): TraceSession {
    return {
      host: s.host, mta: s.mta, program: s.program, pid: s.pid, client: peer(s.client_host, s.client_ip, s.client_port), helo: s.helo,
      // a connection whose end line gives no time of its own (Exim's "no MAIL", "lost") ended when last heard of
      start: iso(s.start_ts), end: iso(s.end_ts ?? (s.end_reason === null ? null : s.seen_ts)), end_reason: s.end_reason, end_stage: s.end_stage, counters: s.counters,
      stalled: s.stalled === 1, rejects: s.rejects, messages: s.messages,
    };
  }

  build(): Trace {
    const { q, o } = this;
    const limit = o.limit;
    const allMsg = q.messageIds(o.window);
    // the newest found, shown oldest first (ids break ties of the one-second stamps: log order)
    const shownMsg = allMsg.slice(0, limit).reverse();
    const msgRows = new Map(q.messages(shownMsg.map((m) => m.id)).map((m) => [m.id, m]));
    const msgs = shownMsg.flatMap((m) => msgRows.get(m.id) ?? []);
    // a connection that carried a message found is shown with that message, not again on its own
    const carried = new Set(allMsg.flatMap((m) => (m.session_id === null ? [] : [m.session_id])));
    const allSess = q.sessionIds(o.window).filter((id) => !carried.has(id));
    const shownSess = allSess.slice(0, limit).reverse();
    const msgSessionIds = [...new Set(msgs.flatMap((m) => (m.session_id === null ? [] : [m.session_id])))];
    const sessById = new Map(q.sessions([...msgSessionIds, ...shownSess]).map((s) => [s.id, s]));

    const sessionIds = [...msgSessionIds, ...shownSess];
    const queueIds = [...new Set(msgs.map((m) => m.queue_id))];
    const replies = q.replies(msgs.map((m) => m.id), queueIds, sessionIds);
    const deliveries = q.deliveries(msgs.map((m) => m.id));
    const { stalls, tls } = q.peerEvents(queueIds, sessionIds);
    // a notice is sent from the null sender (Postfix's to the postmaster from double-bounce@); the
    // original's delivery names a forwarded copy; a copy requeued by postsuper -r is neither
    const kids = q.children(queueIds);
    const forwards = q.forwards([...new Set([...queueIds, ...msgs.flatMap((m) => (m.parent_id === null ? [] : [m.parent_id]))])]);
    const relation = (host: string, parent: string, child: string, sender: string | null): Related['is'] =>
      sender === '' || (sender !== null && DOUBLE_BOUNCE.test(sender)) ? 'notice' : forwards.has(`${host}\u0001${parent}\u0001${child}`) ? 'forward' : 'copy';
    const childrenOf = new Map<string, Related[]>();
    for (const c of kids) {
      const k = `${c.host}\u0001${c.parent_id}`;
      childrenOf.set(k, [...(childrenOf.get(k) ?? []), { queue_id: c.queue_id, is: relation(c.host, c.parent_id, c.queue_id, c.sender) }]);
    }

    const msgKey = (host: string, qid: string | null): string => `${host}\u0001${qid ?? ''}`;
    const msgByRow = new Map(msgs.map((m) => [m.id, m]));
    const msgByQid = new Map(msgs.map((m) => [msgKey(m.host, m.queue_id), m]));
    const msgsOfSession = new Map<number, TraceMessageRow[]>();
    for (const m of msgs) if (m.session_id !== null) msgsOfSession.set(m.session_id, [...(msgsOfSession.get(m.session_id) ?? []), m]);

    const events = new Map<TraceMessageRow | number, TraceEvent[]>();
    const put = (owner: TraceMessageRow | number | undefined, e: TraceEvent): void => {
      if (owner === undefined) return;
      const list = events.get(owner);
      if (list) list.push(e);
      else events.set(owner, [e]);
    };
    /**
     * A row of a connection that names no message. A recipient refused before a queue id existed
     * (NOQUEUE) belongs to the transaction of its sender that went on to be queued: the next message of
     * that sender in the connection. Anything else (no such message, a stall, a TLS failure, a refusal
     * at CONNECT or HELO) is the connection's own, shown under it.
     */
    const ofConnection = (sid: number, sender: string | null, ts: number | null): TraceMessageRow | number => {
      const from = sender?.toLowerCase();
      const next = (msgsOfSession.get(sid) ?? []).find((m) => from !== undefined && m.sender?.toLowerCase() === from && (m.first_ts ?? 0) >= (ts ?? 0));
      return next ?? sid;
    };
    const ownerOf = (host: string, rowId: number | null, qid: string | null, sid: number | null, sender: string | null, ts: number | null): TraceMessageRow | number | undefined => {
      const m = (rowId === null ? undefined : msgByRow.get(rowId)) ?? (qid === null ? undefined : msgByQid.get(msgKey(host, qid)));
      if (m !== undefined) return m;
      return sid === null ? undefined : ofConnection(sid, sender, ts);
    };
    for (const r of replies) put(ownerOf(r.host, r.message_row, r.queue_id, r.session_id, r.sender, r.ts), this.reply(r));
    // an outbound stall is also the deferral it was logged as: that delivery row says it (stall_kind)
    const asDelivery = new Set(deliveries.filter((d) => d.stall_kind !== null).map((d) => `${d.host}\u0001${d.queue_id}\u0001${d.ts}\u0001${d.stall_kind}`));
    for (const p of stalls) {
      if (asDelivery.has(`${p.host}\u0001${p.queue_id}\u0001${p.ts}\u0001${p.kind}`)) continue;
      put(ownerOf(p.host, null, p.queue_id, p.session_id, null, p.ts), this.peerEvent(p, 'stall'));
    }
    for (const p of tls) put(ownerOf(p.host, null, p.queue_id, p.session_id, null, p.ts), this.peerEvent(p, 'tls'));
    for (const n of q.notes(msgs.map((m) => m.id), queueIds)) put(ownerOf(n.host, n.message_row, n.queue_id, null, null, n.ts), this.note(n));
    for (const d of deliveries) {
      const m = d.message_row === null ? undefined : msgByRow.get(d.message_row);
      put(m, this.delivery(d, m?.sender ?? null));
    }

    const messages: TraceMessage[] = msgs.map((m) => {
      const s = m.session_id === null ? undefined : sessById.get(m.session_id);
      const evs = chronological(events.get(m) ?? []);
      return {
        host: m.host, mta: m.mta, queue_id: m.queue_id, state: m.state, first: iso(m.first_ts), last: iso(m.last_ts), origin: m.origin,
        // a message refused at DATA never reached the queue manager, which logs the sender: its refusal names it
        sender: m.sender ?? evs.find((e) => e.type === 'reply' && e.sender !== null)?.sender ?? null, size: m.size, nrcpt: m.nrcpt,
        message_id: m.message_id, parent: m.parent_id === null ? null : { queue_id: m.parent_id, is: relation(m.host, m.parent_id, m.queue_id, m.sender) }, children: childrenOf.get(msgKey(m.host, m.queue_id)) ?? [], client: peer(m.client_host, m.client_ip),
        session: s === undefined ? null : this.session(s), events: evs,
      };
    });
    // the connections found on their own, then those of the messages found whose own rows are left over
    const leftover = msgSessionIds.filter((id) => events.has(id));
    const sessions: TraceSessionBlock[] = [...shownSess, ...leftover].flatMap((id) => {
      const s = sessById.get(id);
      if (s === undefined) return [];
      const block: TraceSessionBlock = { ...this.session(s), events: chronological(events.get(id) ?? []) };
      const of = msgsOfSession.get(id);
      if (of) block.carried = of.map((m) => m.queue_id);
      return [block];
    });

    const shownQids = new Set(msgs.map((m) => msgKey(m.host, m.queue_id)));
    const looseR = q.looseReplies(o.window, limit);
    const loose = q.loosePeerEvents(o.window, limit);
    const other = chronological([
      ...looseR.rows.map((r) => this.reply(r)),
      ...loose.stalls.filter((p) => !shownQids.has(msgKey(p.host, p.queue_id))).map((p) => this.peerEvent(p, 'stall')),
      ...loose.tls.filter((p) => !shownQids.has(msgKey(p.host, p.queue_id))).map((p) => this.peerEvent(p, 'tls')),
    ]);

    return {
      terms: o.raw,
      window: { from: iso(o.window.from), to: iso(o.window.to) },
      messages,
      sessions,
      other,
      left_out: {
        messages: allMsg.length - shownMsg.length,
        sessions: allSess.length - shownSess.length,
        other: looseR.total - looseR.rows.length + loose.total - loose.stalls.length - loose.tls.length,
      },
    };
  }
}

const DOUBLE_BOUNCE = /^double-bounce@/i;

// Exim's own stamp (and pid), then a message id; Postfix's "QUEUEID: "
const EXIM_HEAD = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})?(?: \[\d+\])? (?:[\w]{6}-[\w]{6,11}-[\w]{2,4} )?/;
const QUEUE_HEAD = /^(?:[0-9A-F]{6,}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,}): /;

/** A stored line's message, without the syslog prefix, Exim's stamp or the queue id: a stall's text. */
function messageOf(line: string): string {
  const i = line.indexOf(']: ');
  const rest = i < 0 ? line.replace(EXIM_HEAD, '') : line.slice(i + 3);
  return rest.replace(QUEUE_HEAD, '');
}

/**
 * Within one second (the logs' resolution), a release or thaw comes before the attempts it lets
 * happen, and a freeze, hold, requeue or deletion after the attempts that led to it (Exim freezes a
 * bounce it could not deliver on the same second).
 */
function rank(e: TraceEvent): number {
  if (e.type !== 'note') return 1;
  return e.what === 'released' || e.what === 'thawed' ? 0 : 2;
}

function chronological(es: TraceEvent[]): TraceEvent[] {
  return es.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || rank(a) - rank(b));
}
