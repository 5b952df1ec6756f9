import type { Direction, Mta } from './types.js';

// What correlation hands to the store. Session and message states are mutable and
// carry the row id once written, so later rows can point at them.

export interface SessionState {
  /** row id, handed out by correlation so rows can point at it before it is written */
  rowId: number;
  /** true once the row has been handed to the store (later changes are updates) */
  stored: boolean;
  key: string;
  host: string;
  mta: Mta;
  program: string;
  pid: number | null;
  clientHost: string | null;
  clientIp: string | null;
  clientPort: number | null;
  /** the latest HELO/EHLO name a line of the connection gave */
  helo?: string | null;
  /** the pid of the process serving an Exim connection, as its lines or message ids name it (correlate-sessions.ts, processOf) */
  proc?: string | null;
  startTs: number | null;
  endTs: number | null;
  counters: string | null;
  endReason: string | null;
  endStage: string | null;
  stalled: number;
  rejects: number;
  messages: number;
  /** its last transaction's DATA command was refused (no 354 was sent); a new transaction clears it (sessions.data_refused) */
  dataRefused?: boolean;
  /** the time of the last line of it */
  seenTs: number | null;
  /**
   * Its host's clock (the latest time that host's lines had reached) when a line of it was last read:
   * it has been silent for as long as that clock has moved since (correlate-state.ts, clockAt).
   */
  seenClock: number | null;
}

export interface MessageState {
  rowId: number;
  stored: boolean;
  key: string;
  host: string;
  mta: Mta;
  queueId: string;
  session: SessionState | null;
  firstTs: number | null;
  lastTs: number | null;
  /** its host's clock when a line of it was last read (as SessionState.seenClock) */
  lastClock: number | null;
  origin: string | null;
  clientHost: string | null;
  clientIp: string | null;
  sender: string | null;
  size: number | null;
  nrcpt: number | null;
  messageId: string | null;
  /** queue id of the message this one was made from (a notice's original, a requeued message's old id) */
  parentId?: string | null;
  /**
   * open: in the queue or not yet seen to leave it; held: on Postfix's hold queue; rejected: refused
   * whole at DATA or end of data; abandoned: a Postfix message the queue manager never saw, silent
   * for a day (the client went away or the transaction was refused: Postfix logs no "removed").
   */
  state: 'open' | 'held' | 'removed' | 'expired' | 'completed' | 'rejected' | 'abandoned' | 'discarded';
  /** the last outbound stall recorded for this message (stallMark) */
  lastStall?: AttemptMark;
  /** the cause its last deferral gave, of any recipient (model/last-error.ts) */
  lastError?: Cause;
  /** Exim: the same by recipient, until the recipient is done */
  lastErrors?: Map<string, Cause>;
  /** the last TLS failure an Exim deferral of it logged (time, remote, words): one a connection, not one a recipient */
  lastTls?: AttemptMark;
  /** an Exim message frozen since its freeze line was read (model/correlate-notes.ts) */
  frozen?: boolean;
  /** Exim: the hosts its latest delivery attempts failed at, oldest first (model/hosts-tried.ts) */
  hostsTried?: HostTried[];
}

/** One "H=name [ip] <error>" line of an Exim delivery attempt: the host that failed, and how. */
export interface HostTried {
  ts: number | null;
  host: string | null;
  ip: string | null;
  /** the error as the deferral that follows it states it (the parsed detail of both lines) */
  text: string;
  /** an authenticator's refusal ("plain authenticator failed H=..."): the deferral says it in other words */
  auth?: boolean;
}

/**
 * One delivery attempt's failure, which the MTA logs once per recipient: what failed and where
 * (`what`), and the time of the first recipient line that said so, the time its row is stored
 * with (so a run that resumes between two recipients' lines reads the same mark back).
 */
export interface AttemptMark {
  ts: number | null;
  what: string;
}

/**
 * How far apart two recipients' lines of one attempt can be stamped. Postfix logs each recipient
 * of a failed transaction in turn, each after a round trip to its defer service: 0.2-3.6 ms apart
 * in the lab's RFC 3339 log, so with sub-second stamps (rsyslog's default on Debian 12 and Ubuntu
 * 24.04, Exim's +millisec) the lines of one attempt rarely share a stamp, and with whole seconds
 * they can still fall either side of one. The next attempt comes a retry interval later: minutes
 * by default, 20 s in the lab's test configuration.
 */
export const ATTEMPT_SPREAD_MS = 2000;

/** Whether `next` is another recipient's line of the attempt `prev` marks. */
export function sameAttempt(prev: AttemptMark | undefined, next: AttemptMark): boolean {
  if (prev === undefined || prev.what !== next.what) return false;
  return prev.ts === next.ts || (prev.ts !== null && next.ts !== null && Math.abs(next.ts - prev.ts) <= ATTEMPT_SPREAD_MS);
}

/** What a deferral said went wrong, and whether our own agent or router said it. */
export interface Cause {
  text: string;
  local: boolean;
  /** Exim: the remote host the deferral failed at, when it or its H= line named one */
  relayHost?: string | null;
  relayIp?: string | null;
}

export interface ReplyRow {
  ts: number | null;
  host: string;
  mta: Mta;
  program: string;
  pid: number | null;
  kind: string;
  direction: Direction;
  code: number | null;
  codeDerived: boolean;
  enhanced: string | null;
  text: string;
  /** masked text for grouping; filled in by the writer's side */
  reason: string | null;
  stage: string | null;
  queueId: string | null;
  session: SessionState | null;
  message: MessageState | null;
  clientHost: string | null;
  clientIp: string | null;
  relayHost: string | null;
  relayIp: string | null;
  sender: string | null;
  recipient: string | null;
  recipientDomain: string | null;
  status: string | null;
  /** filled in by the writer's side */
  remedyId: string | null;
  pattern: string;
  origin: string;
  line: string;
}

export interface DeliveryRow {
  ts: number | null;
  host: string;
  mta: Mta;
  program: string;
  queueId: string | null;
  message: MessageState | null;
  recipient: string | null;
  recipientDomain: string | null;
  origRecipient: string | null;
  relayHost: string | null;
  relayIp: string | null;
  delay: number | null;
  dsn: string | null;
  status: string;
  code: number | null;
  codeDerived: boolean;
  enhanced: string | null;
  stage: string | null;
  /** the remote's reply text, when the line quotes one */
  replyText: string | null;
  detail: string | null;
  reason: string | null;
  remedyId: string | null;
  /** set when this attempt broke off after the remote said 354 */
  stallKind: string | null;
  pattern: string;
  /** the log line; null for successful attempts */
  line: string | null;
  /** our own agent or router failed the recipient; no remote server was involved */
  localAgent: boolean;
  /** on a bounce that says only that retrying ran out, or an expiry: the last deferral's cause */
  lastError: string | null;
}

export interface StallRow {
  ts: number | null;
  host: string;
  mta: Mta;
  program: string;
  direction: Direction;
  kind: string;
  session: SessionState | null;
  queueId: string | null;
  peerHost: string | null;
  peerIp: string | null;
  bytes: number | null;
  remedyId: string;
  pattern: string;
  line: string;
}

export interface TlsFailureRow {
  ts: number | null;
  host: string;
  mta: Mta;
  program: string;
  pid: number | null;
  direction: 'inbound' | 'outbound';
  session: SessionState | null;
  queueId: string | null;
  peerHost: string | null;
  peerIp: string | null;
  /** what the line says went wrong: the message after the prefix */
  detail: string;
  /** Postfix's "TLS library problem" warning that followed from the same process (correlate-tls.ts) */
  libraryError: string | null;
  /** masked detail for grouping; filled in by the writer's side */
  reason: string | null;
  /** filled in by the writer's side */
  remedyId: string | null;
  pattern: string;
  line: string;
}

/**
 * Postfix logs why a handshake failed on a line of its own after the failure ("warning: TLS library
 * problem: ..."), from the same process. When that process's latest failure is in an earlier batch
 * (or run), the writer completes it (store/writer.ts finds it by host, program and pid).
 */
export interface TlsAmend {
  ts: number | null;
  host: string;
  program: string;
  pid: number;
  text: string;
}

export interface ProblemRow {
  ts: number | null;
  host: string;
  mta: Mta;
  program: string;
  severity: string;
  /** what the problem's shape is masked from (its detail, else its message): the writer thread masks it (app/derive.ts) */
  text: string;
  line: string;
}

/** A queue action on a message that is not a delivery attempt (message_notes; model/correlate-notes.ts). */
export interface NoteRow {
  ts: number | null;
  host: string;
  mta: Mta;
  program: string;
  queueId: string;
  message: MessageState | null;
  what: 'held' | 'released' | 'frozen' | 'thawed' | 'requeued' | 'deleted';
  detail: string | null;
  line: string;
}

/** Everything one batch writes, in one transaction. */
export interface Batch {
  sessions: Set<SessionState>;
  messages: Set<MessageState>;
  replies: ReplyRow[];
  deliveries: DeliveryRow[];
  stalls: StallRow[];
  problems: ProblemRow[];
  tlsFailures: TlsFailureRow[];
  tlsAmends: TlsAmend[];
  notes: NoteRow[];
  /** hosts whose latest log time moved in this batch, with that time (the store keeps the latest of each) */
  clocks: Array<[host: string, ts: number]>;
  /**
   * Stored Postfix messages the queue manager never saw, silent since before this time, are
   * abandoned, as those in memory are (model/correlate-messages.ts): for the ones no line has read back.
   */
  unqueuedBefore: Array<[host: string, ts: number]>;
}

export function emptyBatch(): Batch {
  return { sessions: new Set(), messages: new Set(), replies: [], deliveries: [], stalls: [], problems: [], tlsFailures: [], tlsAmends: [], notes: [], clocks: [], unqueuedBefore: [] };
}
