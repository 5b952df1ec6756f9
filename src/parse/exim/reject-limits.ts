import type { Stage } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { withHost, withPeer } from './peer.js';
import { reject } from './reject.js';

// Refusals written without the usual "rejected <command>" wording: the daemon turning a
// connection away, unqualified addresses, recipients over recipients_max.

export const limitRejectRows: PatternRow[] = [
  {
    id: 'exim.reject.connection-limit',
    services: '*',
    // the daemon refuses before a session starts (smtp_accept_max_per_host, smtp_accept_max,
    // smtp_load_reserve); the client gets 421 in place of the greeting
    re: /^Connection from (?<peer>.*?) refused: (?<why>.+)$/,
    build: (g) => withHost(reject('exim.reject.connection-limit', g, 'CONNECT', g.why, 421), g.peer),
    samples: ['2026-11-29 06:49:32 Connection from [127.0.0.73]:60371 refused: too many connections from that IP address'],
  },
  {
    id: 'exim.reject.unqualified',
    services: '*',
    // "verify": a VRFY argument without a domain (the client got 501 "... must contain a domain");
    // the peer may be followed by why its host name is unknown, "(failed to find host name from IP address)"
    re: /^unqualified (?<which>sender|recipient|verify) rejected: <(?<addr>[^>]*)>(?: (?<pre>.*?))?(?: \((?<why>[^()]*)\))?$/,
    build: (g) => {
      const rcpt = g.which === 'recipient';
      const stage: Stage = g.which === 'verify' ? 'VRFY' : rcpt ? 'RCPT' : 'MAIL';
      const ev = withPeer(reject('exim.reject.unqualified', g, stage, `unqualified ${g.which} rejected`, 501), g.pre);
      if (g.which === 'sender') ev.sender = g.addr!;
      else ev.recipient = g.addr!;
      return ev;
    },
    samples: [
      '1999-03-02 09:44:33 unqualified recipient rejected: <userx> U=CALLER',
      '2026-11-29 06:49:45 unqualified verify rejected: <dave> H=(probe.outside.test) [127.0.0.37]:38441 (failed to find host name from IP address)',
    ],
  },
  {
    id: 'exim.reject.too-many-recipients',
    services: '*',
    // recipients_max: the recipients over the limit get 452
    re: /^too many recipients: excess temporarily rejected: sender=<(?<sender>[^>]*)>(?: (?<pre>.*))?$/,
    build: (g) => {
      const ev = withPeer(reject('exim.reject.too-many-recipients', g, 'RCPT', 'too many recipients', 452), g.pre);
      ev.sender = g.sender!;
      return ev;
    },
    samples: ['1999-03-02 09:44:33 too many recipients: excess temporarily rejected: sender=<x@y> U=CALLER'],
  },
];
