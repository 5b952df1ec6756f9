import type { MessageState, SessionState } from '../model/facts.js';
import type { Mta } from '../model/types.js';
import { sessionKeyOf } from '../model/correlate.js';
import { readCauses } from '../model/last-error.js';
import { messageKey } from '../model/correlate-messages.js';

// Stored rows of open sessions and messages, as the correlator's states: what a run carries over to the next.

export interface SessionRowDb {
  id: number; host: string; mta: string; program: string; pid: number | null; client_host: string | null; client_ip: string | null;
  start_ts: number | null; end_ts?: number | null; counters: string | null; end_reason: string | null; end_stage: string | null; stalled: number; rejects: number; messages: number; seen_ts: number | null; client_port: number | null;
  /** migration 0030; NULL in rows an older mxlens wrote and no run reads back */
  seen_clock?: number | null;
  helo: string | null;
  /** migration 0027 */
  proc?: string | null;
  /** migration 0034 */
  data_refused?: number | null;
}

export interface MessageRowDb {
  id: number; host: string; mta: string; queue_id: string; session_id: number | null; first_ts: number | null; last_ts: number | null;
  /** migration 0030 */
  last_clock?: number | null;
  origin: string | null; client_host: string | null; client_ip: string | null; sender: string | null; size: number | null;
  nrcpt: number | null; message_id: string | null; state: string; causes: string | null;
  parent_id?: string | null;
  /** the last of its 'frozen' and 'thawed' notes (an Exim message stays frozen across runs) */
  freeze: string | null;
}

export function sessionState(r: SessionRowDb): SessionState {
  return {
    rowId: r.id, stored: true, key: sessionKeyOf(r.host, r.mta as Mta, r.program, r.pid, r.client_ip, r.client_port), host: r.host, mta: r.mta as Mta, program: r.program,
    pid: r.pid, clientHost: r.client_host, clientIp: r.client_ip, clientPort: r.client_port, helo: r.helo, proc: r.proc ?? null, startTs: r.start_ts, endTs: r.end_ts ?? null, counters: r.counters,
    endReason: r.end_reason, endStage: r.end_stage, stalled: r.stalled, rejects: r.rejects, messages: r.messages, seenTs: r.seen_ts ?? r.start_ts,
    seenClock: r.seen_clock ?? r.seen_ts ?? r.start_ts,
    ...(r.data_refused === 1 ? { dataRefused: true } : {}),
  };
}

/** `session`: the state of the connection the message came on, when it has one (only its row id is used) */
export function messageState(r: MessageRowDb, session: SessionState | null): MessageState {
  return {
    rowId: r.id, stored: true, key: messageKey(r.host, r.queue_id), host: r.host, mta: r.mta as Mta, queueId: r.queue_id,
    session, firstTs: r.first_ts, lastTs: r.last_ts, lastClock: r.last_clock ?? r.last_ts, origin: r.origin,
    clientHost: r.client_host, clientIp: r.client_ip, sender: r.sender, size: r.size, nrcpt: r.nrcpt, messageId: r.message_id, parentId: r.parent_id ?? null,
    state: r.state === 'held' ? 'held' : 'open',
    ...readCauses(r.causes),
    ...(r.freeze === 'frozen' ? { frozen: true } : {}),
  };
}
