// The vocabulary shared by every layer (see README "Concepts").
// Pure types: nothing here does I/O.

export type Mta = 'postfix' | 'exim';
/**
 * Who refused whom: our server refusing a client (inbound), a remote server refusing us (outbound),
 * or one of our own delivery agents failing a recipient (local: Postfix error(8), local(8), pipe(8)...).
 */
export type Direction = 'inbound' | 'outbound' | 'local';

/** The SMTP command a reply answered. */
export type Stage =
  | 'CONNECT'
  | 'HELO'
  | 'MAIL'
  | 'RCPT'
  | 'DATA'
  | 'END-OF-DATA'
  | 'BDAT'
  | 'AUTH'
  | 'STARTTLS'
  | 'QUIT'
  /** an address probe: refusing it refuses no mail, but smtpd logs it as a reject like RCPT's */
  | 'VRFY'
  /** address-list expansion probe, refused like VRFY */
  | 'EXPN'
  /** a request to flush the queue for a domain (RFC 1985) */
  | 'ETRN'
  | 'UNKNOWN';

/** One log line with its syslog (or Exim) prefix taken apart. */
export interface LogRecord {
  /** epoch milliseconds UTC; null when the line carries no usable time */
  ts: number | null;
  /** syslog hostname field; '' when the format has none (Exim's own files) */
  host: string;
  /** full program name: 'postfix/smtpd', 'postfix/submission/smtpd', 'exim4' */
  program: string;
  /** last component of program: 'smtpd', 'qmgr', 'exim4' */
  service: string;
  pid: number | null;
  /** the text after "program[pid]: " */
  message: string;
  /** the whole line as read */
  raw: string;
}

/** One SMTP reply seen in a log. */
export interface Reply {
  /** 3-digit basic code, null when neither logged nor derivable */
  code: number | null;
  /** true when the log gave no code and it was implied by the line's shape */
  codeDerived: boolean;
  /** RFC 3463 class.subject.detail, or null */
  enhanced: string | null;
  /** reply text without the codes */
  text: string;
  stage: Stage | null;
  direction: Direction;
}

// 'deliverable' / 'undeliverable': address verification probes (verify(8), sendmail -bv)
export type DeliveryStatus = 'sent' | 'deferred' | 'bounced' | 'expired' | 'undeliverable' | 'deliverable' | 'discarded';

export type EventKind =
  /** a client connected (smtpd, postscreen, exim "SMTP connection from") */
  | 'connect'
  /** a client disconnected normally; Postfix adds command counters */
  | 'disconnect'
  /** a session ended badly: lost connection / timeout / too many errors after STAGE */
  | 'session-end'
  /** a line inside a connection that neither opens nor ends it (Exim's "incomplete transaction (RSET)"): the connection goes on */
  | 'session-note'
  /** Postfix "QID: client=..." : a message was born inside a session */
  | 'client'
  /** our server refused something (4xx/5xx): counted as a rejection */
  | 'reject'
  /** reject_warning / warn: would have rejected, did not */
  | 'reject-warning'
  /** content filter actions that are not rejections */
  | 'hold'
  | 'discard'
  | 'content-warning'
  /** a message entered the queue (qmgr from=, exim <=) */
  | 'received'
  /** cleanup message-id=<...> */
  | 'message-id'
  /** pickup uid= from= (local submission) */
  | 'pickup'
  /** one delivery attempt for one recipient (status=..., exim => -> >> *> == **) */
  | 'delivery'
  /** our smtp client failed to talk to a remote (connect refused, timeout) without a per-recipient status */
  | 'remote-error'
  | 'removed'
  | 'expired'
  | 'completed'
  /** DATA was answered 354 and the end of the message was never reached */
  | 'stall'
  /** bounce/defer/delay notifications sent to the sender */
  | 'notice'
  /** warning:/fatal:/panic: and paniclog lines */
  | 'problem'
  /** recognised lines that carry nothing to store (TLS, SASL, daemon start...) */
  | 'tls'
  | 'sasl'
  | 'info';

/** Names used in stall rows: direction + what happened. */
export type StallKind =
  | 'inbound.lost-after-data'
  | 'inbound.timeout-after-data'
  | 'inbound.lost-after-bdat'
  | 'inbound.timeout-after-bdat'
  | 'outbound.timeout-message-body'
  | 'outbound.lost-message-body'
  | 'outbound.timeout-end-of-data'
  | 'outbound.lost-end-of-data'
  | 'outbound.closed-data-block';

/** What a pattern row turns a line into. Fields a shape does not carry stay undefined. */
export interface MailEvent {
  kind: EventKind;
  /** id of the pattern row that matched */
  pattern: string;
  mta: Mta;
  /** Postfix queue id or Exim message id */
  queueId?: string;
  clientHost?: string;
  clientIp?: string;
  clientPort?: number;
  /** the remote server our client talked to (deliveries, remote errors) */
  relayHost?: string;
  relayIp?: string;
  relayPort?: number;
  helo?: string;
  sender?: string;
  recipient?: string;
  origRecipient?: string;
  /** header Message-ID */
  messageId?: string;
  /** the message this one was made from (pickup's orig_id= after postsuper -r; an Exim bounce's R=) */
  parentQueueId?: string;
  /** a Postfix bounce or delay notice: the queue id of the notice made for this message */
  noticeQueueId?: string;
  status?: DeliveryStatus;
  dsn?: string;
  reply?: Reply;
  stallKind?: StallKind;
  /**
   * for deliveries: our own agent or router decided, no remote server was involved (Postfix error(8),
   * local(8), pipe(8) with no peer named; an Exim router's :fail:/:defer: with no transport or host)
   */
  localAgent?: boolean;
  /** for session-end / stall: the last command before the session broke */
  afterStage?: Stage;
  /** lost/timeout kind for session-end: 'lost' | 'timeout' | 'too-many-errors' | ... */
  endReason?: string;
  /** bytes received or written when a session broke */
  bytes?: number;
  /**
   * the line itself shows that DATA was answered 354: Postfix 2.6 and later log the byte count
   * "after DATA (N bytes)" only in that state; older ones wrote "(approximately N bytes)", or no
   * count, after a refused DATA too
   */
  dataAccepted?: true;
  size?: number;
  nrcpt?: number;
  /** total delay in seconds */
  delay?: number;
  delays?: string;
  /** Postfix disconnect counters, verbatim: "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4" */
  counters?: string;
  protocol?: string;
  /** warning | fatal | panic | error for problems */
  severity?: string;
  /** free text that is neither a reply nor an address (status reason, warning text) */
  detail?: string;
  /** anything else worth keeping, flat */
  extra?: Record<string, string | number>;
  /**
   * a TLS handshake that failed, or a certificate that did not verify: inbound when a client
   * failed with our server, outbound when our client failed with (or could not verify) a remote;
   * `detail` says what went wrong
   */
  tlsFailure?: 'inbound' | 'outbound';
  /** the failure's own words when the line says more than them (an Exim delivery deferred by its TLS session) */
  tlsDetail?: string;
}

/** A remediation answer attached to a report group (text lives in src/remedy, rows keep the id). */
export interface Remedy {
  id: string;
  title: string;
  meaning: string;
  when: string;
  fix: string;
}
