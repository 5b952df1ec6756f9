import type { MailEvent } from './types.js';
import type { DeliveryRow, HostTried, MessageState } from './facts.js';

// Which remote host an Exim deferral failed at. When Exim cannot connect (refused, timed out,
// unreachable), the smtp transport logs a line per host it tried, "<id> H=mx1.example.net
// [192.0.2.7] Connection timed out" (older versions leave out the "H="), and the deferral after
// them, "<id> == user@example.net R=dnslookup T=remote_smtp defer (110): Connection timed out",
// names no host. Hosts are tried in MX order, and the address takes the error of the last one, so
// the deferral's host is the last H= line of the message whose error is the deferral's own text:
//  - the text must match: another error means another domain's host (two domains of one message
//    tried in parallel), or a deferral no host caused ("retry time not reached for any host",
//    "smtp transport found host ... to be local" after an earlier host refused);
//  - and the line must be of the same attempt: the deferral is logged as soon as the last host
//    has failed, and the next attempt comes a retry interval later (minutes), with lines of its own.
// A deferral for failed authentication (errno -42, "authentication required but authentication
// attempt(s) failed") names no host either: the transport logged the host's refusal just before,
// "<id> plain authenticator failed H=smtp.example.net [192.0.2.9] 535 ...", with other words.
// Every recipient of the attempt takes the same host, so a match does not use the line up. The
// lines are kept with the open message (messages.causes), since a run can end between the two.

/** the text of Exim's ERRNO_AUTHFAIL deferral when an authenticator was tried (transports/smtp.c) */
const AUTH_FAILED = 'authentication required but authentication attempt(s) failed';

/** how long before its deferral a host's line counts as one of the same attempt */
export const HOST_LINE_MS = 60_000;

/** lines kept a message; more come only from an attempt that tried that many hosts at once */
const HOSTS_KEPT = 16;

function near(a: number | null, b: number | null): boolean {
  // a line without a time cannot be told apart: it stays a candidate
  return a === null || b === null || Math.abs(b - a) <= HOST_LINE_MS;
}

/** Keeps the host an "H=... <error>" line of the message names (`ev`: an Exim remote-error). */
export function noteHostTried(m: MessageState, ts: number | null, ev: MailEvent): void {
  if (ev.detail === undefined || (ev.relayHost === undefined && ev.relayIp === undefined)) return;
  // the lines of earlier attempts are of no use from here on
  const kept = (m.hostsTried ?? []).filter((h) => near(h.ts, ts));
  const h: HostTried = { ts, host: ev.relayHost ?? null, ip: ev.relayIp ?? null, text: ev.detail };
  if (ev.pattern === 'exim.client-auth-failed') h.auth = true;
  kept.push(h);
  if (kept.length > HOSTS_KEPT) kept.splice(0, kept.length - HOSTS_KEPT);
  m.hostsTried = kept;
}

/**
 * The host a failure of the message at `ts` that says `text` (and names no host) was logged for; null: none.
 * When the same error struck hosts of several domains (a network outage: every domain's hosts time
 * out), the last line is another domain's as often as not: a host named within the recipient's
 * domain (mx1.example.net for user@example.net) is taken first.
 */
export function hostTried(m: MessageState, ts: number | null, text: string | null, domain: string | null = null): HostTried | null {
  const tried = m.hostsTried;
  if (tried === undefined || text === null) return null;
  let last: HostTried | null = null;
  for (let i = tried.length - 1; i >= 0; i--) {
    const h = tried[i]!;
    if (!(h.text === text || (h.auth === true && text === AUTH_FAILED)) || !near(h.ts, ts)) continue;
    if (domain === null || inDomain(h.host, domain)) return h;
    last ??= h;
  }
  return last;
}

function inDomain(host: string | null, domain: string): boolean {
  if (host === null) return false;
  const h = host.toLowerCase();
  const d = domain.toLowerCase();
  return h === d || (h.length > d.length && h.endsWith(d) && h.charCodeAt(h.length - d.length - 1) === 46);
}

/** An Exim failure of the message that names no host and is no local agent's takes the host its H= line named. */
export function giveHostTried(m: MessageState, row: DeliveryRow): void {
  if (row.status === 'sent' || row.relayIp !== null || row.relayHost !== null || row.localAgent) return;
  const h = hostTried(m, row.ts, row.detail, row.recipientDomain);
  if (h === null) return;
  row.relayHost = h.host;
  row.relayIp = h.ip;
}

// an authenticator's refusal adds a 1
export type HostJson = [ts: number | null, host: string | null, ip: string | null, text: string, auth?: 1];

export function hostsJson(m: MessageState): HostJson[] | undefined {
  const tried = m.hostsTried;
  return tried === undefined || tried.length === 0 ? undefined : tried.map((h) => (h.auth ? [h.ts, h.host, h.ip, h.text, 1] : [h.ts, h.host, h.ip, h.text]));
}

/** The stored lines read back; a damaged entry is left out. */
export function readHosts(v: unknown): HostTried[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: HostTried[] = [];
  const orNull = (x: unknown): x is string | null => x === null || typeof x === 'string';
  for (const e of v) {
    if (!Array.isArray(e) || (e[0] !== null && typeof e[0] !== 'number') || !orNull(e[1]) || !orNull(e[2]) || typeof e[3] !== 'string') continue;
    const h: HostTried = { ts: e[0] as number | null, host: e[1], ip: e[2], text: e[3] };
    if (e[4] === 1) h.auth = true;
    out.push(h);
  }
  return out.length > 0 ? out : undefined;
}
