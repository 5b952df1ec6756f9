// What a `trace` term names, told from its shape: an address (or a Message-ID, which looks like
// one), an IP address, or a queue id / host name. The store compares each kind with the columns
// that can hold it, so "unknown" (Postfix's name for a client without reverse DNS) never matches
// every session of the log.

export interface TraceTerms {
  /** lower-cased, without angle brackets: senders, recipients, original recipients */
  addresses: string[];
  /** Message-ID header values, as stored: without angle brackets */
  messageIds: string[];
  /** without brackets; IPv6 lower-cased */
  ips: string[];
  /** queue ids and Exim message ids, as typed (they are case-sensitive) */
  queueIds: string[];
  /** lower-cased host names (containing a dot): clients, relays, TLS peers */
  hostNames: string[];
  /** lower-cased words that may be a client's HELO/EHLO name (bots often give one without a dot: "User", "ylmf-pc") */
  heloNames: string[];
}

export class TermError extends Error {}

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;
// at least two colons and only hex digits, colons and an optional dotted tail (::ffff:1.2.3.4)
const IPV6 = /^(?=(?:[^:]*:){2})[0-9A-Fa-f:]+(?:\.\d{1,3}){0,3}$/;
// a queue id or host name: nothing a log would not print inside one
const WORD = /^[\w.-]+$/;

// a peer as the report and the logs print it: "unknown[127.0.0.44]", "mx.remote.test[198.51.100.9]:25", "[192.0.2.1]:41000"
const PEER = /^[^\s[\]<>@]*\[([^\]\s]+)\](?::\d+)?$/;

const uniq = (xs: string[]): string[] => [...new Set(xs)];

/** Sorts the terms by kind; throws TermError for a term that can name nothing stored. */
export function classifyTerms(raw: readonly string[]): TraceTerms {
  const t: TraceTerms = { addresses: [], messageIds: [], ips: [], queueIds: [], hostNames: [], heloNames: [] };
  for (const given of raw) {
    const peer = PEER.exec(given.trim());
    // its address says which peer it is (the name may be "unknown", or one any client can claim)
    const s = peer !== null && (IPV4.test(peer[1]!) || IPV6.test(peer[1]!.replace(/^ipv6:/i, ''))) ? peer[1]! : given.trim();
    const angled = /^<.+>$/.test(s);
    const bare = s.replace(/^<(.*)>$/, '$1').replace(/^\[(.*)\]$/, '$1').replace(/^ipv6:/i, '');
    if (bare.includes('@') || angled) {
      // a Message-ID looks like an address, and one without '@' is still one when given in <>
      if (bare.includes('@')) t.addresses.push(bare.toLowerCase());
      t.messageIds.push(bare);
    } else if (IPV4.test(bare)) {
      t.ips.push(bare);
    } else if (IPV6.test(bare)) {
      t.ips.push(bare.toLowerCase());
    } else if (WORD.test(bare)) {
      t.queueIds.push(bare);
      if (bare.includes('.')) t.hostNames.push(bare.toLowerCase());
      t.heloNames.push(bare.toLowerCase());
    } else {
      throw new TermError(`'${given}' is not an address, a Message-ID, an IP address, a queue id nor a host name`);
    }
  }
  return { addresses: uniq(t.addresses), messageIds: uniq(t.messageIds), ips: uniq(t.ips), queueIds: uniq(t.queueIds), hostNames: uniq(t.hostNames), heloNames: uniq(t.heloNames) };
}
