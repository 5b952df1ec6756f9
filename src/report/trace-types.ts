// The JSON of `mxlens trace` (stable names: scripts rely on them). Times are ISO UTC.

export interface TraceRemedy {
  id: string;
  title: string;
  /** language of the title; 'en' when a translation was missing */
  lang?: string;
  fallback?: boolean;
}

/** A message made from another: `notice` (a bounce or delay notice, sent from <>) or `copy` (requeued under a new id). */
export interface Related {
  queue_id: string;
  /** a bounce, delay or postmaster notice; a copy requeued by postsuper -r; a copy Postfix's local agent forwarded (alias, .forward) */
  is: 'notice' | 'copy' | 'forward';
}

/** One stored row of a message's or a session's story. */
export interface TraceEvent {
  at: string | null;
  /** reply: an SMTP reply not on a delivery line (a refusal by our server, a remote's error); delivery: one attempt per recipient; stall: a stalled 354 session; tls: a failed handshake; note: a queue action (held, released, frozen, thawed, requeued, deleted) */
  type: 'reply' | 'delivery' | 'stall' | 'tls' | 'note';
  /** reply kind (reject, reject-warning, remote-error…), delivery status (sent, deferred, bounced, expired…), stall kind, 'handshake', or the queue action */
  what: string;
  direction: string | null;
  sender: string | null;
  recipient: string | null;
  /** a delivery whose recipient an alias or forward made: the address the mail was sent to */
  orig_recipient?: string;
  /** the other side: the client our server answered, or the remote server (host[ip]) */
  peer: string | null;
  code: number | null;
  code_derived: boolean;
  enhanced: string | null;
  stage: string | null;
  /** the reply text, the delivery's status text, or the failure as logged */
  text: string;
  /** a bounce or expiry that ran out of retries: the error of the last attempt */
  last_error?: string | null;
  /** a delivery attempt that broke off after the remote's 354 (the stall kind) */
  stall_kind?: string;
  /** TLS failures: the library's explanation logged apart */
  library_error?: string | null;
  remedy: TraceRemedy | null;
  /** the log line, where the database keeps it (not for successful deliveries) */
  line: string | null;
}

export interface TraceSession {
  host: string;
  mta: string;
  program: string;
  pid: number | null;
  client: string | null;
  /** the HELO/EHLO name the client gave, when a line of the connection names it */
  helo: string | null;
  start: string | null;
  end: string | null;
  /** disconnect, lost, timeout, pass, hangup, unterminated…; null while open */
  end_reason: string | null;
  end_stage: string | null;
  /** Postfix's command counters (ehlo=1 mail=1 rcpt=0/1 …) */
  counters: string | null;
  stalled: boolean;
  rejects: number;
  messages: number;
}

export interface TraceMessage {
  host: string;
  mta: string;
  queue_id: string;
  state: string;
  first: string | null;
  last: string | null;
  origin: string | null;
  sender: string | null;
  size: number | null;
  nrcpt: number | null;
  message_id: string | null;
  /** the message this one was made from: this one is its bounce or delay notice, or its copy requeued by postsuper -r */
  parent: Related | null;
  /** messages made from this one (its notices, its requeued or forwarded copies), oldest first */
  children: Related[];
  client: string | null;
  /** the client connection it came in on, when known */
  session: TraceSession | null;
  events: TraceEvent[];
}

export interface TraceSessionBlock extends TraceSession {
  events: TraceEvent[];
  /** queue ids of the messages found that this connection carried (its other rows are shown here) */
  carried?: string[];
}

export interface Trace {
  terms: string[];
  window: { from: string | null; to: string | null };
  /** oldest first; the newest `limit` of those found */
  messages: TraceMessage[];
  /** client sessions found that carried none of the messages above, then those that did and have rows of their own (carried) */
  sessions: TraceSessionBlock[];
  /** rows found that belong to no message and no session */
  other: TraceEvent[];
  /** how many more were found than shown (the oldest are left out) */
  left_out: { messages: number; sessions: number; other: number };
}
