import type { MailEvent, Mta } from './types.js';
import type { Cause, MessageState } from './facts.js';
import { hostsJson, readHosts, type HostJson } from './hosts-tried.js';

// Why a message finally bounced or expired. Exim's "** x: retry timeout exceeded" and Postfix's
// "status=expired" say only that the MTA gave up; the cause is in the deferrals before them. A
// message keeps the text of its last deferral that said something (Exim: also per recipient) while
// it is open, and its final row takes it. Exim's "retry time not reached" deferrals only say that
// no attempt was made, so they never replace a cause.

/** recipients of one Exim message whose last deferral is kept; past this the oldest is forgotten */
const RECIPIENTS_KEPT = 256;

/** characters of a cause kept (reasons are masked from the first 1000 too) */
const TEXT_KEPT = 1000;

const NO_ATTEMPT = /^retry time not.*reached/is;

/** The stored columns of a deferral as the cause a later bounce or expiry names; null when it says nothing. */
export function causeOf(code: number | null, codeDerived: boolean, enhanced: string | null, replyText: string | null, detail: string | null): string | null {
  const full = replyText ?? detail;
  if (full === null || full === '' || NO_ATTEMPT.test(full)) return null;
  // kept with every open message that deferred: a text without end must not grow memory without end
  const text = full.length > TEXT_KEPT ? full.slice(0, TEXT_KEPT) : full;
  // the remote's own code goes with its text, so the cause finds the catalogue entry for the code
  if (replyText === null || code === null || codeDerived) return text;
  return enhanced === null ? `${code} ${text}` : `${code} ${enhanced} ${text}`;
}

/**
 * Keeps a deferral's cause (`local`: given by our own agent or router) on its message (and, for
 * Exim, its recipient). An Exim cause keeps the remote host it failed at, when known: the bounce
 * that says only that retrying ran out was that host's doing.
 */
export function noteCause(m: MessageState, mta: Mta, recipient: string | null, text: string | null, local: boolean, relay?: { host: string | null; ip: string | null }): void {
  if (text === null) return;
  const cause: Cause = { text, local };
  m.lastError = cause;
  if (mta !== 'exim') return;
  if (relay !== undefined && (relay.host !== null || relay.ip !== null)) {
    cause.relayHost = relay.host;
    cause.relayIp = relay.ip;
  }
  const byRcpt = (m.lastErrors ??= new Map());
  const key = recipient ?? '';
  byRcpt.delete(key);
  byRcpt.set(key, cause);
  if (byRcpt.size > RECIPIENTS_KEPT) byRcpt.delete(byRcpt.keys().next().value!);
}

/** An Exim bounce that says only that retrying ran out (time, or every host failing for too long). */
export function gaveUp(ev: MailEvent): boolean {
  const why = ev.extra?.reason;
  if (why === 'retry-timeout' || why === 'hosts-failing') return true;
  return ev.reply === undefined && /\bretry time/i.test(ev.detail ?? '');
}

/**
 * The cause for a final Exim row of one recipient, forgotten from then on: the recipient is done.
 * Only a bounce that gave up takes it; any other end of the recipient just drops it.
 */
export function takeCause(m: MessageState, recipient: string | null, takes: boolean): Cause | null {
  const byRcpt = m.lastErrors;
  if (!byRcpt) return null;
  const key = recipient ?? '';
  const cause = byRcpt.get(key) ?? null;
  byRcpt.delete(key);
  return takes ? cause : null;
}

// a cause with a remote host adds it: [text, local, relay host, relay ip]
type CauseJson = [text: string, local: 0 | 1, relayHost?: string | null, relayIp?: string | null];
interface CausesJson {
  last?: CauseJson;
  rcpt?: Array<[recipient: string, ...CauseJson]>;
  /** Exim: the H= lines of its latest attempts (model/hosts-tried.ts) */
  hosts?: HostJson[];
}

function causeJson(c: Cause): CauseJson {
  const flag = c.local ? 1 : 0;
  return c.relayHost != null || c.relayIp != null ? [c.text, flag, c.relayHost ?? null, c.relayIp ?? null] : [c.text, flag];
}

/** The causes an open message keeps, as stored with it (messages.causes); null once it has ended or when it has none. */
export function causesJson(m: MessageState): string | null {
  if (m.state !== 'open' && m.state !== 'held') return null;
  const hosts = hostsJson(m);
  if (!m.lastError && hosts === undefined) return null;
  const out: CausesJson = {};
  if (m.lastError) out.last = causeJson(m.lastError);
  if (m.lastError && m.lastErrors && m.lastErrors.size > 0) out.rcpt = [...m.lastErrors].map(([r, c]) => [r, ...causeJson(c)]);
  if (hosts !== undefined) out.hosts = hosts;
  return JSON.stringify(out);
}

function readCause(text: unknown, local: unknown, host: unknown, ip: unknown): Cause | null {
  if (typeof text !== 'string') return null;
  const c: Cause = { text, local: local === 1 };
  const orNull = (x: unknown): string | null => (typeof x === 'string' ? x : null);
  if (orNull(host) !== null || orNull(ip) !== null) {
    c.relayHost = orNull(host);
    c.relayIp = orNull(ip);
  }
  return c;
}

/** The causes of an open message read back; a damaged value gives none (the bounce then names no cause, as before). */
export function readCauses(json: string | null): Pick<MessageState, 'lastError' | 'lastErrors' | 'hostsTried'> {
  if (json === null) return {};
  try {
    const v = JSON.parse(json) as CausesJson;
    if (v === null || typeof v !== 'object') return {};
    const hosts = readHosts(v.hosts);
    const out: Pick<MessageState, 'lastError' | 'lastErrors' | 'hostsTried'> = hosts === undefined ? {} : { hostsTried: hosts };
    const last = Array.isArray(v.last) ? readCause(v.last[0], v.last[1], v.last[2], v.last[3]) : null;
    if (!last) return out;
    out.lastError = last;
    const byRcpt = new Map<string, Cause>();
    for (const e of Array.isArray(v.rcpt) ? v.rcpt : []) {
      const c = Array.isArray(e) && typeof e[0] === 'string' ? readCause(e[1], e[2], e[3], e[4]) : null;
      if (c) byRcpt.set(e[0], c);
    }
    if (byRcpt.size > 0) out.lastErrors = byRcpt;
    return out;
  } catch {
    return {};
  }
}
