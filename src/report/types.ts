import type { Direction, Remedy } from '../model/types.js';

// The report as data: `report --format json` prints exactly this; the text, csv, md,
// html and prom renderers read it. Field names are a public contract (DESIGN.md).

export interface RemedyView extends Remedy {
  /** language of the text; 'en' when a translation was missing */
  lang?: string;
  /** true when the text fell back to English */
  fallback?: boolean;
}

export interface Ranked {
  value: string;
  count: number;
}

export interface ReplyGroup {
  code: number | null;
  /** true when the code was implied by the line's shape (Exim, milter) */
  code_derived: boolean;
  enhanced: string | null;
  /** true when the enhanced code is not the remote's: Postfix filled it in from its own dsn= */
  enhanced_derived?: boolean;
  /** normalised reason: addresses, IPs and numbers masked */
  reason: string;
  direction: Direction;
  /** SMTP stage the reply answered, when known; the most common one when the rows differ */
  stage: string | null;
  /** every stage the group's rows answered, with counts, most common first */
  stages?: Ranked[];
  count: number;
  first: string | null;
  last: string | null;
  /**
   * The peers ranked by count. The name is kept from the first JSON shape; `peer_kind` says
   * what they are: clients our server refused (rejections), remote servers that answered our
   * deliveries (bounces, deferrals), or our own delivery agents' programs.
   */
  top_clients: Ranked[];
  peer_kind?: 'client' | 'remote' | 'agent';
  top_recipient_domains: Ranked[];
  examples: string[];
  remedy: RemedyView;
}

/** A group of sessions or connections of one direction: how many, when, with whom, and what to do. */
interface PeerGroup {
  direction: Direction;
  count: number;
  first: string | null;
  last: string | null;
  /** clients (inbound) or remote servers (outbound) */
  top_peers: Ranked[];
  examples: string[];
  remedy: RemedyView;
}

export interface StallGroup extends PeerGroup {
  kind: string;
}

/** TLS handshakes that failed, or certificates that did not verify, of one direction, remedy and masked reason. */
export interface TlsGroup extends PeerGroup {
  reason: string;
}

export interface UnparsedGroup {
  program: string;
  shape: string;
  count: number;
  example: string;
}

export interface ProblemGroup {
  severity: string;
  program: string;
  shape: string;
  count: number;
  /** first and last time seen (ISO, UTC) */
  first?: string | null;
  last?: string | null;
  example: string;
}

/** What a list limited by --top did not show: groups and the log lines in them. */
export interface LeftOut {
  groups: number;
  lines: number;
  /** unparsed lines counted in the totals whose shapes were not kept for this window or these hosts (stored by an older mxlens) */
  unshaped?: number;
}

export interface Totals {
  lines: number;
  parsed: number;
  unparsed: number;
  foreign: number;
  sessions: number;
  /** Exim took mail or refused clients but logged no connection lines (log_selector without +smtp_connection): no sessions to count */
  sessions_unlogged?: boolean;
  messages: number;
  received: number;
  delivered: number;
  /** messages with at least one deferred delivery attempt */
  deferred: number;
  /** deferred delivery attempts (one per recipient and try) */
  deferrals: number;
  bounced: number;
  expired: number;
  rejected: { total: number; '4xx': number; '5xx': number };
  stalled_354: number;
  /** messages first seen in the window with no Completed (Exim) / removed (Postfix) line yet */
  incomplete?: number;
  /** failed TLS handshakes and certificates that did not verify (added later: optional) */
  tls_failures?: number;
}

/** One host's part of the window: the syslog host field, '' for lines that name none (Exim's own files). */
/** Delivery attempts to one recipient domain (`delivered` + `deferrals` + `bounced` attempts; delays in seconds). */
export interface DomainSummary {
  domain: string;
  delivered: number;
  /** deferred attempts on which a host was tried */
  deferrals: number;
  bounced: number;
  /** over the delivered attempts with a delay (Postfix delay=, Exim QT=, else the time since the message's Exim <= line); null when none has one */
  avg_delay: number | null;
  max_delay: number | null;
}

/** One local day or hour: mail received, delivery attempts by outcome, rejections by our server. */
export interface TrafficRow {
  /** when the period starts (ISO, UTC): local midnight or the local hour, in the zone the report was made for */
  from: string;
  received: number;
  delivered: number;
  deferrals: number;
  bounced: number;
  rejected: number;
}

/**
 * Traffic per period, oldest first, every period between the first and the last with activity (empty ones as zeros),
 * unless they are ten years or more apart: then the periods with activity only.
 */
export interface Traffic {
  /** hours when the activity of the window spans less than two days, else days */
  unit: 'day' | 'hour';
  rows: TrafficRow[];
}

/** Messages received from one envelope sender: the recipients and bytes their lines give. */
export interface SenderSummary {
  /** '' is the null sender of bounces; null: messages whose sender was never logged (mostly abandoned during DATA) */
  sender: string | null;
  messages: number;
  recipients: number;
  bytes: number;
}

/** Deliveries to one recipient address, as logged, and the bytes of their messages where a line gives the size. */
export interface RecipientSummary {
  recipient: string;
  delivered: number;
  bytes: number;
}

export interface HostSummary {
  host: string;
  lines: number;
  unparsed: number;
  /** rejections by our server (5xx and 4xx) */
  rejected: number;
  bounced: number;
  /** deferred delivery attempts */
  deferrals: number;
  stalled_354: number;
  /** added later: optional */
  tls_failures?: number;
}

/** A message still open: never reached Completed / removed in what was analysed. */
export interface IncompleteMessage {
  host: string;
  queue_id: string;
  first: string | null;
  last: string | null;
  sender: string | null;
  /** an Exim message frozen (and not thawed since) when last heard of: it waits for the administrator */
  frozen?: boolean;
}

export interface Report {
  generated_at: string;
  /** language of the remedy texts and the text report's labels (en, vi) */
  lang?: string;
  window: { from: string | null; to: string | null; hosts?: string[] };
  /**
   * Set when the line counts (totals lines, parsed, unparsed, foreign, and the `unparsed` list)
   * cover more than `window`: they are kept per minute, so a window is widened to whole minutes,
   * and to whole hours for lines stored before mxlens counted minutes. Absent when they cover
   * exactly `window`.
   */
  lines_window?: { from: string | null; to: string | null };
  totals: Totals;
  /** every host with lines in the window, most lines first, limited by --top (added later: optional) */
  hosts?: HostSummary[];
  /** traffic by local day or hour (added later: optional) */
  traffic?: Traffic;
  /** delivery attempts per recipient domain, most attempts first, limited by --top (added later: optional) */
  domains?: DomainSummary[];
  /** envelope senders of the messages received, most messages first, limited by --top (added later: optional) */
  senders?: SenderSummary[];
  /** recipient addresses delivered to, most deliveries first, limited by --top (added later: optional) */
  recipients?: RecipientSummary[];
  rejections: ReplyGroup[];
  stalled: StallGroup[];
  deferrals: ReplyGroup[];
  bounces: ReplyGroup[];
  /** messages given up after their queue lifetime, grouped by the last error (added later: optional) */
  expired?: ReplyGroup[];
  /** TLS failures (added later: optional) */
  tls?: TlsGroup[];
  /** always set by buildReport; optional so report objects built elsewhere stay valid */
  /**
   * `frozen`: how many of them are frozen Exim messages; `held`: Postfix messages on the hold queue,
   * which are not counted as incomplete (both added later: optional)
   */
  incomplete?: { count: number; frozen?: number; held?: number; examples: IncompleteMessage[] };
  problems: ProblemGroup[];
  unparsed: UnparsedGroup[];
  /**
   * Groups each limited list did not show. `rejections` holds the permanent (5xx, and the rare
   * uncoded) groups first and then the temporary (4xx) ones, each part limited by --top on its own.
   */
  left_out?: {
    rejections: { '5xx': LeftOut; '4xx': LeftOut };
    deferrals: LeftOut;
    bounces: LeftOut;
    expired?: LeftOut;
    problems: LeftOut;
    unparsed: LeftOut;
    /** stall kinds (added later: optional so older report objects stay valid) */
    stalled?: LeftOut;
    /** hosts (groups) and their lines */
    hosts?: LeftOut;
    /** recipient domains (groups) and their delivery attempts (lines) */
    domains?: LeftOut;
    /** senders (groups) and their messages (lines) */
    senders?: LeftOut;
    /** recipients (groups) and their deliveries (lines) */
    recipients?: LeftOut;
    tls?: LeftOut;
  };
  /**
   * Exim `==` lines that only say a recipient's retry time was not reached: no host was tried.
   * They count in totals.deferred / totals.deferrals (as eximstats counts them) but not in `deferrals`.
   */
  retry_skipped?: { lines: number; messages: number };
  /**
   * The version of the rules that masked `reason` and chose `remedy_id` in the stored rows
   * (`database`) and in this program (`program`). `outdated`: the rows were derived by another
   * mxlens, so one cause may show as two groups until `mxlens analyse` runs once and derives them again.
   */
  derive_version?: { database: number; program: number; outdated: boolean };
}
