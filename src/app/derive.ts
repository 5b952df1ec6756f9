import type { DeliveryStatus, Direction, Stage, StallKind } from '../model/types.js';
import type { EncodedBatch } from '../store/encode.js';
import type { StoredDelivery, StoredReply } from '../store/rederive.js';
import { maskShape, normaliseReason } from '../parse/shape.js';
import { splitReply } from '../parse/smtp-reply.js';
import { remedyId } from '../remedy/index.js';
import type { RemedyQuery } from '../model/remedy-query.js';
import { deriveTlsColumns } from './derive-tls.js';

// The columns derived from a reply's text (the masked reason and the remedy id) are filled in
// on the writer thread, which has time to spare, not on the thread that parses. The same
// functions derive them again for stored rows when the rules change (rederive.ts).

/**
 * Names the rules that fill the derived columns: reason (normaliseReason) and remedy_id (the
 * catalogue and its matcher). Bump it with any change that gives another value for a stored
 * row; the next `analyse` then derives every stored row again. test/app/derive-guard.test.ts
 * fails when the derived values for the fixtures change and this number does not.
 * 2: a URL in a reason no longer takes the bracket or punctuation that follows it.
 * 3: rows an older parser filled otherwise are read again from their stored lines first (the stage
 *    of Exim rejections once UNKNOWN, Exim failures by a local transport or router: rederive.ts),
 *    and their remedies follow.
 * 4: remedies for connection limits, Exim header syntax, refused VRFY/EXPN/ETRN, ratelimit log texts.
 * 5: a bounce that says only that retrying ran out, or an expiry, is grouped and remedied by the
 *    cause its last deferral gave (deliveries.last_error), when that was seen.
 * 6: the rate-limit entry, which answers Postfix's anvil limits too, is text.rate-limit (migration 0017
 *    renames the stored id; the derivation gives the same id to rows of any older version).
 * 7: a reply or delivery that quotes a TLS failure the TLS entries name (a revoked or unverified
 *    certificate, TLS not offered, OCSP, ALPN) takes that entry rather than text.net.tls; TLS
 *    failures (tls_failures) are derived too, an OpenSSL error in their text grouped by its words.
 * 8: a Postfix expiry with no code, no text and no last deferral read (its attempts are in logs
 *    never analysed) is the expiry it is (X.4.7), not the class fallback for a 5xx refusal; an
 *    OpenSSL 1.0 library warning (process id before "error:") is grouped by its words too; Outlook.com's
 *    5.7.515 refusal of an unauthenticated sending domain has its own entry.
 * 9: Postfix's own words for an outbound TLS deferral ("TLS is required, but was not offered",
 *    "Server certificate not verified", "Cannot start TLS") take the TLS entries, not the enhanced
 *    code's or an inbound Exim entry; masking keeps SMTPUTF8 and 8BITMIME (they were "ID" and "NBITMIME").
 * 10: an Exim host named in a reply text (`Connection timed out H=mx1.example.net [192.0.2.7]: SMTP timeout
 *    after ...`) is masked whole, `H=PEER`: the name stayed, and split one failure into a group per remote.
 * 11: a reply text that starts with a host name (a server naming itself in a 421 or 554, an Exim domain
 *    it cannot route) starts with HOST: one group per cause, not per server.
 * 12: Exim's "all hosts for 'domain' have been failing" names no domain in its group (the recipient
 *    domains are listed with it).
 * 13: a Postfix expiry forced by postsuper -e (detail "force-expired", read again from stored lines)
 *    is grouped and remedied as the administrator's doing, not as a queue lifetime that ran out.
 * 14: Exim's login names (set_id=), a quoted client in an ACL message and a bot's last command no
 *    longer split a reason; remedies for Gmail's authentication rate limits, a server's own TLS
 *    failure, Yahoo's TSS09, Amazon SES identities, our own DNS "try again", a dead delivery agent,
 *    Exim's answer to DATA (no stall) and broad words that captured unrelated replies. Exim's
 *    command-limit drops are read again from their stored lines: "too many nonmail commands" was
 *    answered 554, not 421, and a syntax or protocol error limit is stored as 500; the nonmail
 *    limit has its own entry (a 554 at CONNECT took the "no SMTP service" one).
 * 15: an entry that answers any refusal at its stage (a 550 or 554 at CONNECT: "no SMTP service")
 *    does so only when no entry matches the text: "refused to talk to me: 550 Too many invalid
 *    recipients" is about its recipients.
 * 16: no derived rule changed; the version moves so that a database already upgraded to 15 runs
 *    the re-read passes again, now with the pass that takes the copies of a corrected deferral's
 *    cause again (store/reread-causes.ts).
 * 17: Gmail's bounce "This mail is unauthenticated, ... and has been blocked" and its 421 "rate limited
 *    because it is unauthenticated" take the authentication entry (they took low reputation and rate
 *    limit, whose fixes do not help).
 * 18: Exim's "domain matches queue_smtp_domains, or -odqs set" (the first-pass routing of Exim before
 *    4.9x) takes the entry of a deliberate deferral, as "first-pass only routing" does.
 * 19: the words of an address or a host name in a reply decide no entry (a recipient named dmarc@ is
 *    no DMARC failure, a timeout at mx.ess.barracudanetworks.com no Barracuda listing), and a row's
 *    entry no longer depends on which reply was met before it; new entries: a local service that
 *    does not answer, a sender login mismatch, Gmail's content block, direct sending and sending
 *    limit; "has been blocked" is Gmail's reputation entry only in Gmail's wording; "not authorized
 *    to send" is SPF only when it names for whom.
 * 20: a host name before its address with a space (Exim's "H=mx3.yahoo.com [203.0.113.9]") decides
 *    no entry either, as one written against it ("mx3.yahoo.com[203.0.113.9]") already did.
 */
export const DERIVE_VERSION = 20;

/** The detail of a Postfix expiry an administrator forced with postsuper -e ("status=force-expired"). */
export const FORCED_EXPIRY = 'force-expired';

/** Whether an expiry row (or group) is one an administrator forced: it ended by that, not by its deferrals. */
export function forcedExpiry(status: string | null | undefined, detail: string | null | undefined): boolean {
  return status === 'expired' && detail === FORCED_EXPIRY;
}

// Indexes follow the column order in store/encode.ts.
const R = { direction: 6, code: 7, codeDerived: 8, enhanced: 9, text: 10, reason: 11, stage: 12, remedy: 24 } as const;
const D = { status: 13, code: 14, codeDerived: 15, enhanced: 16, stage: 17, replyText: 18, detail: 19, reason: 20, remedy: 21, stallKind: 24, localAgent: 25, lastError: 26 } as const;
const S = { direction: 4, kind: 5, remedy: 11 } as const;
const P = { shape: 5 } as const;

// The same reply text comes back again and again (one RBL or policy text for many clients, one
// remote's wording for many recipients): masking it is a dozen regular expressions, so the last
// few thousand texts keep their masked form.
const REASONS_KEPT = 4096;
const reasons = new Map<string, string>();
function reasonOf(text: string): string {
  let r = reasons.get(text);
  if (r === undefined) {
    r = normaliseReason(text);
    if (reasons.size >= REASONS_KEPT) reasons.clear();
    reasons.set(text, r);
  }
  return r;
}

/** The stored columns a reply's derived columns come from (the row as store/rederive.ts reads it). */
export type ReplyInputs = Omit<StoredReply, 'id' | 'reason' | 'remedy_id'>;

/** The stored columns a failed delivery attempt's derived columns come from. */
export type DeliveryInputs = Omit<StoredDelivery, 'id' | 'reason' | 'remedy_id'>;

export interface Derived {
  reason: string | null;
  remedy_id: string;
}

/** What the catalogue is asked for a reply row (also what `explain` asks for a pasted log line). */
export function replyQuery(r: ReplyInputs): RemedyQuery {
  return { code: r.code, enhanced: r.enhanced, text: r.text, stage: r.stage as Stage | null, direction: r.direction as Direction };
}

/**
 * What the catalogue is asked for a failed delivery attempt. A bounce or expiry that names the
 * last deferral's cause is asked as that cause (with the remote's code when it gave one): the
 * catalogue's answer to "retry timeout exceeded" says only to look for the cause.
 */
export function deliveryQuery(d: DeliveryInputs): RemedyQuery {
  const direction: Direction = d.local_agent === 1 ? 'local' : 'outbound';
  const status = d.status as DeliveryStatus;
  // postsuper -e ended it, whatever its last deferral said (that stays in its reason)
  if (forcedExpiry(d.status, d.detail)) return { code: null, enhanced: null, text: FORCED_EXPIRY, stage: null, direction, status };
  if (d.last_error !== null) return causeQuery(d.last_error, direction, status);
  return bareExpiry({
    code: d.code, enhanced: d.enhanced, text: d.reply_text ?? d.detail ?? '', stage: d.stage as Stage | null,
    direction, stallKind: (d.stall_kind ?? undefined) as StallKind | undefined, status,
  });
}

/**
 * "status=expired, returned to sender" with no last deferral read (its attempts are in logs never
 * analysed) says nothing else: the queue lifetime ran out (RFC 3463 X.4.7), no server refused it.
 */
export function bareExpiry(q: RemedyQuery): RemedyQuery {
  return q.status === 'expired' && q.code === null && q.enhanced === null && q.text === '' ? { ...q, enhanced: '5.4.7' } : q;
}

/** What the catalogue is asked for a cause a bounce or expiry names (the report asks it for a group the same way). */
export function causeQuery(lastError: string, direction: Direction, status: DeliveryStatus): RemedyQuery {
  // the remote's code leads the text when it gave one (model/last-error.ts)
  const r = /^[2-5]\d\d[ -]/.test(lastError) ? splitReply(lastError, 'outbound', null) : null;
  return { code: r?.code ?? null, enhanced: r?.enhanced ?? null, text: r?.text ?? lastError, stage: null, direction, status };
}

/**
 * The masked text a failed attempt is grouped by: its own, and the cause it ran out on when known.
 * The cause's code stays readable: codes are few, and say more than the masked text.
 */
function deliveryReason(d: DeliveryInputs): string | null {
  const own = d.reply_text ?? d.detail ?? '';
  if (d.last_error === null) return own === '' ? null : reasonOf(own);
  const q = causeQuery(d.last_error, 'outbound', d.status as DeliveryStatus);
  const code = [q.code, q.enhanced].filter((v) => v !== null).join(' ');
  return `${own === '' ? d.status : reasonOf(own)}; last error: ${code === '' ? '' : `${code} `}${reasonOf(q.text)}`;
}

/** A stall's remedy comes from its kind and direction alone. */
export function stallQuery(kind: string, direction: string): RemedyQuery {
  return { code: null, enhanced: null, text: '', stallKind: kind as StallKind, direction: direction as Direction };
}

export function deriveReply(r: ReplyInputs): Derived {
  return { reason: reasonOf(r.text), remedy_id: remedyId(replyQuery(r)) };
}

/** For any status but `sent` (a successful attempt keeps no reason and no remedy). */
export function deriveDelivery(d: DeliveryInputs): Derived {
  return { reason: deliveryReason(d), remedy_id: remedyId(deliveryQuery(d)) };
}

export function deriveStall(kind: string, direction: string): string {
  return remedyId(stallQuery(kind, direction));
}

// `?? null`: what the database gives back for a missing value, so both paths see the same inputs
/** A reply row as encodeBatch lays it out, as the inputs of its derived columns. */
export function replyInputsOf(r: unknown[]): ReplyInputs {
  return {
    code: (r[R.code] ?? null) as number | null, enhanced: (r[R.enhanced] ?? null) as string | null, text: r[R.text] as string,
    stage: (r[R.stage] ?? null) as string | null, direction: r[R.direction] as string,
  };
}

/** A delivery row as encodeBatch lays it out, as the inputs of its derived columns. */
export function deliveryInputsOf(x: unknown[]): DeliveryInputs {
  return {
    status: x[D.status] as string, code: (x[D.code] ?? null) as number | null, enhanced: (x[D.enhanced] ?? null) as string | null,
    stage: (x[D.stage] ?? null) as string | null, reply_text: (x[D.replyText] ?? null) as string | null, detail: (x[D.detail] ?? null) as string | null,
    stall_kind: (x[D.stallKind] ?? null) as string | null, local_agent: x[D.localAgent] as number,
    last_error: (x[D.lastError] ?? null) as string | null,
  };
}

/** Whether the row's code was implied by the line's shape rather than logged (a reply or delivery row as encodeBatch lays it out). */
export function codeDerivedOf(row: unknown[], kind: 'reply' | 'delivery'): boolean {
  return row[kind === 'reply' ? R.codeDerived : D.codeDerived] === 1;
}

/** A stall row as encodeBatch lays it out: its kind and direction. */
export function stallInputsOf(x: unknown[]): { kind: string; direction: string } {
  return { kind: x[S.kind] as string, direction: x[S.direction] as string };
}

export function deriveColumns(e: EncodedBatch): void {
  for (const r of e.replies) {
    const d = deriveReply(replyInputsOf(r));
    r[R.reason] = d.reason;
    r[R.remedy] = d.remedy_id;
  }
  for (const x of e.deliveries) {
    if (x[D.status] === 'sent') continue;
    const d = deriveDelivery(deliveryInputsOf(x));
    x[D.reason] = d.reason;
    x[D.remedy] = d.remedy_id;
  }
  // the correlator names a remedy too; deriving it here keeps new rows and re-derived ones alike
  for (const s of e.stalls) s[S.remedy] = deriveStall(s[S.kind] as string, s[S.direction] as string);
  // a problem's shape is its text masked: done here, on the thread with time to spare (the parsing
  // thread is the slower one), as the same function would do it there
  for (const p of e.problems) p[P.shape] = maskShape(p[P.shape] as string);
  deriveTlsColumns(e.tlsFailures);
}
