import type { MailEvent } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { QID, parseHost } from './fields.js';
import { remoteError } from './reply.js';
import { withPeer } from './peer.js';

// Everything else Exim writes: errors talking to remote hosts (without a recipient),
// warnings, daemon and queue-runner lines, DNS notes.

const OPT_QID = `(?:${QID} )?`;

function info(pattern: string, detail: string, queueId?: string): MailEvent {
  const e: MailEvent = { kind: 'info', pattern, mta: 'exim', detail };
  if (queueId !== undefined) e.queueId = queueId;
  return e;
}

export const miscRows: PatternRow[] = [
  {
    // A remote host we delivered to (never "(helo)": that is a client of ours).
    // The same failure is logged again on the "==" / "**" line; that one carries the stall kind.
    id: 'exim.remote-error',
    services: '*',
    // older Exim versions leave out the "H="
    re: new RegExp(`^${QID} (?:H=(?<spec>(?:[^\\s(]\\S* )?\\[[^\\]]*\\](?::\\d+)?\\*?)|(?<spec2>[\\w-][\\w.-]* \\[[^\\]]*\\](?::\\d+)?))(?: [A-Z]+=\\S+)*\\s?:? (?<text>.*)$`, 's'),
    build: (g) => {
      const e: MailEvent = { kind: 'remote-error', pattern: 'exim.remote-error', mta: 'exim', queueId: g.queueId, detail: g.text! };
      const h = parseHost(g.spec ?? g.spec2!);
      if (h) {
        if (h.spec.host !== undefined) e.relayHost = h.spec.host;
        if (h.spec.ip !== undefined) e.relayIp = h.spec.ip;
        if (h.spec.port !== undefined) e.relayPort = h.spec.port;
      }
      const r = remoteError(g.text!);
      if (r.text !== undefined) e.detail = r.text;
      if (r.reply) e.reply = r.reply;
      if (r.afterStage) e.afterStage = r.afterStage;
      if (r.bytes !== undefined) e.bytes = r.bytes;
      if (r.reason) e.extra = { reason: r.reason };
      return e;
    },
    samples: [
      '2026-11-28 18:13:34 1xXMvW-0004Ds-0y H=127.0.0.1 [127.0.0.1] Connection refused',
      '2026-11-28 18:13:34 1xXMvW-0004Dm-0B H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after end of data: 451 4.3.0 Error: queue file write error',
      '2026-11-28 18:13:37 1xXMvZ-0004Hb-0V H=127.0.0.1 [127.0.0.1]: Remote host closed connection in response to sending data block',
      '2020-02-22 01:31:25 1j5IhX-0006pK-Rt gmail-smtp-in.l.google.com [2a00:1450:400c:c0c::1b] Network is unreachable',
    ],
  },
  {
    id: 'exim.warning',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?:(?<pre>(?:[A-Z]=|H=|U=|F=).*?) )?Warning: (?<text>.*)$`, 's'),
    build: (g) => {
      const e = withPeer({ kind: 'content-warning', pattern: 'exim.warning', mta: 'exim', detail: g.text! }, g.pre);
      if (g.queueId !== undefined) e.queueId = g.queueId;
      return e;
    },
    samples: ['2026-11-28 18:12:54 1xXMus-00043V-1M H=(client.lab.test) [127.0.0.1] Warning: lab warning header seen'],
  },
  {
    id: 'exim.verify-fail',
    services: '*',
    // Diagnostic only: the refusal it caused is the "rejected RCPT ...: Sender verify failed" line after it.
    re: new RegExp(`^${OPT_QID}(?:(?<pre>.*?) )?(?<which>sender|recipient) verify (?<res>fail|defer)(?: for <(?<addr>[^>]*)>)?(?: \\((?<why>[^)]*)\\))?(?::? (?<text>.*))?$`, 's'),
    build: (g) => {
      const e = withPeer(info('exim.verify-fail', g.text ?? `${g.which} verify ${g.res}`, g.queueId), g.pre);
      e.extra = { ...e.extra, verify: `${g.which} ${g.res}`, ...(g.addr !== undefined ? { address: g.addr } : {}), ...(g.why !== undefined ? { during: g.why } : {}) };
      return e;
    },
    samples: [
      '2026-11-28 18:12:56 H=(mail.junk.example) [127.0.0.35] sender verify fail for <bounce@nxdomain-1.invalid>: Unrouteable address',
      '1999-03-02 09:44:33 sender verify defer (making callout connection): T=smtp Network Error',
    ],
  },
  {
    id: 'exim.smtp-syntax-error',
    services: '*',
    // every such command got a 500 (syntax) or 503 (protocol) reply; only the final drop is counted as a rejection
    // the peer is H=... ending in "[ip]" or "[ip]:port", then fields such as I=, U=, Ci=; the error text
    // follows (a HELO name such as "(noauth.client.test)" must not be taken for the text)
    re: /^SMTP (?<which>syntax|protocol) error in "(?<cmd>.*?)" (?<pre>(?:H=.*?\[[^\]]*\](?::\d+)? )?(?:[A-Z][A-Za-z]*=\S+ )*)(?<text>[^ =[(][^=]*)$/s,
    build: (g) => {
      const e = withPeer(info('exim.smtp-syntax-error', g.text!), g.pre);
      e.extra = { ...e.extra, command: g.cmd!, error: g.which! };
      return e;
    },
    samples: [
      '2026-11-28 18:13:30 SMTP syntax error in "GET / HTTP/1.0" H=[127.0.0.112] unrecognized command',
      '2026-11-29 06:49:23 SMTP protocol error in "AUTH PLAIN AGxhYnVzZXIAeA==" H=(noauth.client.test) [127.0.0.92]:41255 AUTH command used when not advertised',
    ],
  },
  {
    id: 'exim.no-host-name',
    services: '*',
    re: /^no host name found for IP address (?<ip>\S+)$/,
    build: (g) => ({ ...info('exim.no-host-name', 'no host name found'), clientIp: g.ip! }),
    samples: ['2026-11-28 18:12:55 no host name found for IP address 127.0.0.32'],
  },
  {
    id: 'exim.daemon-started',
    services: '*',
    re: /^exim (?<version>\S+) daemon started: pid=/,
    build: (g) => info('exim.daemon-started', `daemon started ${g.version}`),
    samples: ['2026-11-28 18:12:52 exim 4.96 daemon started: pid=15584, -q20s, listening for SMTP on [127.0.0.1]:25'],
  },
  {
    // log_selector +arguments (in +all): every Exim process logs how it was started, before its
    // first other line. Kept as a note: the queue actions it names (-Mrm, -Mf) have lines of their own.
    id: 'exim.arguments',
    services: '*',
    re: /^cwd=(?<cwd>.*?) (?<n>\d+) args?: (?<args>.*)$/s,
    build: (g) => {
      const e = info('exim.arguments', 'process started');
      e.extra = { cwd: g.cwd!, args: g.args! };
      return e;
    },
    samples: [
      '2026-11-29 21:12:33.073 [30101] cwd=/var/spool/exim4 2 args: /usr/sbin/exim4 -q',
      '2026-11-29 21:12:35.787 [30183] cwd=/var/tmp/exim-lab-all 4 args: /usr/sbin/sendmail -f root erin',
    ],
  },
  {
    id: 'exim.queue-run',
    services: '*',
    // named queues (4.88+) are quoted; ODMR runs serve an ATRN client
    re: /^(?<what>Start|End) (?<odmr>ODMR )?(?:'(?<queue>[^']*)' )?queue run: pid=/,
    build: (g) => {
      const e = info('exim.queue-run', `${g.what!.toLowerCase()} ${g.odmr !== undefined ? 'ODMR ' : ''}queue run`);
      if (g.queue !== undefined) e.extra = { queue: g.queue };
      return e;
    },
    samples: [
      '2026-11-28 18:12:52 Start queue run: pid=15586',
      '2026-11-28 18:12:52 End queue run: pid=15586',
      "1999-03-02 09:44:33 Start 'nosuchqueue' queue run: pid=p1235",
      '1999-03-02 09:44:33 Start ODMR queue run: pid=p1235 -qq -Rr @(clientdom.net)',
    ],
  },
  {
    id: 'exim.spool-locked',
    services: '*',
    // "Spool file is locked" without the id before Exim 4.94
    re: new RegExp(`^${QID} Spool file (?:for \\S+ )?is locked`),
    build: (g) => info('exim.spool-locked', 'spool file locked by another process', g.queueId),
    samples: [
      '2026-11-28 18:13:40 1xXMvW-0004E2-2b Spool file for 1xXMvW-0004E2-2b is locked (another process is handling this message)',
      // quoted from a public Exim log excerpt (2007)
      '2007-07-09 12:14:17 1I7xjJ-0001DC-Dh Spool file is locked (another process is handling this message)',
    ],
  },
  {
    id: 'exim.error-ignored',
    services: '*',
    // with a reason when DSN NOTIFY=NEVER (RFC 3461) asked for no failure report
    re: new RegExp(`^${QID} (?<rcpt>\\S+)(?: <[^>]*>)?: error ignored(?:: (?<why>.*))?$`),
    build: (g) => ({ ...info('exim.error-ignored', g.why !== undefined ? `error ignored: ${g.why}` : 'error ignored', g.queueId), recipient: g.rcpt! }),
    samples: [
      '2026-11-28 18:15:49 1xXMvY-0004FP-1m r550-bounceback@bounce.test: error ignored',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 rmt_reject@test.ex: error ignored: RFC 3461 DSN, failure notify not requested',
    ],
  },
  {
    id: 'exim.local-host-loop',
    services: '*',
    re: new RegExp(`^${QID} remote host address is the local host: (?<domain>\\S+)`),
    build: (g) => ({ ...info('exim.local-host-loop', 'remote host address is the local host', g.queueId), extra: { domain: g.domain! } }),
    samples: ['2026-11-28 18:13:36 1xXMvY-0004Eh-0q remote host address is the local host: loop.test'],
  },
  {
    id: 'exim.acl-condition-error',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?<what>spam|malware|dkim|dmarc|spf) acl condition: (?<text>.*)$`, 's'),
    build: (g) => {
      const e: MailEvent = { kind: 'problem', pattern: 'exim.acl-condition-error', mta: 'exim', severity: 'error', detail: `${g.what}: ${g.text}` };
      if (g.queueId !== undefined) e.queueId = g.queueId;
      return e;
    },
    samples: ['1999-03-02 09:44:33 10HmbA-000000005vi-0000 spam acl condition: spamd: failed to connect to any address for ip4.ip4.ip4.ip4: Connection refused'],
  },
  {
    id: 'exim.no-address-for-host',
    services: '*',
    // with a message id: a host named in a route or a list had no address
    re: new RegExp(`^${OPT_QID}no IP address found for host (?<name>\\S+)(?: \\(during SMTP connection from (?<peer>.*?)\\))?$`),
    build: (g) => {
      const e = info('exim.no-address-for-host', `no IP address found for host ${g.name}`, g.queueId);
      if (g.peer === undefined) return { ...e, extra: { host: g.name! } };
      const h = parseHost(g.peer);
      if (h?.spec.ip !== undefined) e.clientIp = h.spec.ip;
      e.clientHost = g.name!;
      return e;
    },
    samples: [
      '2020-02-22 01:05:46 no IP address found for host net6-ip9.linkbg.com (during SMTP connection from [87.246.7.9])',
      '1999-03-02 09:44:33 10HmbC-000000005vi-0000 no IP address found for host nonexist.test.ex',
    ],
  },
  {
    id: 'exim.frozen-timeout',
    services: '*',
    // timeout_frozen_after gave up on a frozen message: it is bounced or discarded
    re: new RegExp(`^${QID} cancelled by timeout_frozen_after$`),
    build: (g) => ({ kind: 'expired', pattern: 'exim.frozen-timeout', mta: 'exim', queueId: g.queueId, detail: 'cancelled by timeout_frozen_after' }),
    samples: ['1999-03-02 09:44:33 10HmaX-000000005vi-0000 cancelled by timeout_frozen_after'],
  },
];
