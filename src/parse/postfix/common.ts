import type { Groups } from '../table.js';
import type { MailEvent } from '../../model/types.js';

// Pieces of regular expressions that many Postfix rows share.

/** Postfix queue ids: short hex (3.x default) or long base-52 ids (enable_long_queue_ids). */
export const QID = '(?<queueId>[0-9A-F]{5,12}|[0-9B-DF-HJ-NP-TV-Zb-df-hj-np-tv-z]{10,20})';
/** "name[ip]" or "name[ip]:port" as Postfix writes a peer */
export const PEER = '(?<clientHost>[^\\s\\[]*)\\[(?<clientIp>[^\\]]*)\\](?::(?<clientPort>\\d+))?';
/** postscreen writes only "[ip]:port" */
export const PS_PEER = '\\[(?<clientIp>[^\\]]*)\\]:(?<clientPort>\\d+)';
/** the remote server of our smtp/lmtp client */
export const RELAY = '(?<relayHost>[^\\s\\[]*)\\[(?<relayIp>[^\\]]*)\\](?::(?<relayPort>\\d+))?';
/** the tail Postfix appends to smtpd/cleanup rejects: "from=<a> to=<b> proto=ESMTP helo=<h>" */
export const ENVELOPE =
  '(?:from=<(?<sender>[^>]*)> )?(?:to=<(?<recipient>[^>]*)> )?proto=(?<proto>\\S+)(?: helo=<(?<helo>[^>]*)>)?';

export function num(s: string | undefined): number | undefined {
  return s === undefined ? undefined : Number(s);
}

/** The client fields of a match, for spreading into an event. */
export function client(g: Groups): Pick<MailEvent, 'clientHost' | 'clientIp' | 'clientPort'> {
  const out: Pick<MailEvent, 'clientHost' | 'clientIp' | 'clientPort'> = {};
  if (g.clientHost !== undefined) out.clientHost = g.clientHost;
  if (g.clientIp !== undefined) out.clientIp = g.clientIp;
  if (g.clientPort !== undefined) out.clientPort = Number(g.clientPort);
  return out;
}

/** The relay fields of a match, for spreading into an event. */
export function relay(g: Groups): Pick<MailEvent, 'relayHost' | 'relayIp' | 'relayPort'> {
  const out: Pick<MailEvent, 'relayHost' | 'relayIp' | 'relayPort'> = {};
  if (g.relayHost !== undefined) out.relayHost = g.relayHost;
  if (g.relayIp !== undefined) out.relayIp = g.relayIp;
  if (g.relayPort !== undefined) out.relayPort = Number(g.relayPort);
  return out;
}
