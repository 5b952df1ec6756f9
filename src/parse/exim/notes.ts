import type { MailEvent } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { QID } from './fields.js';
import { withPeer } from './peer.js';

// Notes Exim and its add-ons write that carry nothing to count: content scanners,
// DKIM, TLS details, configuration and authenticator complaints.

const OPT_QID = `(?:${QID} )?`;

function info(pattern: string, detail: string, queueId?: string): MailEvent {
  const e: MailEvent = { kind: 'info', pattern, mta: 'exim', detail };
  if (queueId !== undefined) e.queueId = queueId;
  return e;
}

const DELIVERING_TO = / to H=(\S+) \[([^\]]+)\]/;

export const noteRows: PatternRow[] = [
  {
    id: 'exim.sa-exim',
    services: '*',
    // SA-Exim (local_scan): its own rejections also appear as "rejected ..." lines
    re: new RegExp(`^${QID} SA: (?<level>Action|Debug|Notice|Warning|Error|Info): (?<text>.*)$`, 's'),
    build: (g) => {
      const tossed = g.text!.startsWith('silently tossed');
      const e: MailEvent = { kind: tossed ? 'discard' : 'info', pattern: 'exim.sa-exim', mta: 'exim', queueId: g.queueId, detail: g.text! };
      e.extra = { spamassassin: g.level!.toLowerCase() };
      const score = /score=(-?[\d.]+)/.exec(g.text!);
      if (score) e.extra.score = Number(score[1]);
      return e;
    },
    samples: ['2020-02-22 00:58:46 1j5IBw-00064P-De SA: Debug: check succeeded, running spamc'],
  },
  {
    id: 'exim.dkim',
    services: '*',
    re: new RegExp(`^${OPT_QID}DKIM: (?<text>.*)$`, 's'),
    build: (g) => {
      const e = info('exim.dkim', g.text!, g.queueId);
      const d = /(?:^| )d=(\S+)/.exec(g.text!);
      e.extra = { dkim: /\[([^\]]+)\]$/.exec(g.text!)?.[1] ?? 'note', ...(d ? { domain: d[1]! } : {}) };
      return e;
    },
    samples: ['2020-02-22 01:41:42 1j5IrW-0006y7-6W DKIM: d=gmail.com s=20161025 c=relaxed/relaxed a=rsa-sha256 [verification succeeded]'],
  },
  {
    id: 'exim.tls-note',
    services: '*',
    re: new RegExp(`^${OPT_QID}(?:\\[(?<ip>[^\\]]*)\\] SSL verify error: |TLS session: )(?<text>.*)$`, 's'),
    build: (g) => {
      // both are failures: "TLS session:" is our client's handshake or verification failing; "SSL verify
      // error" is a certificate that did not verify, the remote's in a delivery (with a message id),
      // else a client's
      const outbound = g.ip === undefined || g.queueId !== undefined;
      const e: MailEvent = { kind: 'tls', pattern: 'exim.tls-note', mta: 'exim', detail: g.text!, tlsFailure: outbound ? 'outbound' : 'inbound' };
      if (g.queueId !== undefined) e.queueId = g.queueId;
      if (g.ip !== undefined) {
        if (outbound) e.relayIp = g.ip;
        else e.clientIp = g.ip;
      }
      // "... delivering unencrypted to H=name [ip] (not in hosts_require_tls)" names the remote
      const to = g.ip === undefined ? DELIVERING_TO.exec(g.text!) : null;
      if (to) {
        e.relayHost = to[1]!;
        e.relayIp = to[2]!;
      }
      return e;
    },
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 [127.0.0.1] SSL verify error: depth=0 error=self signed certificate cert=/C=UK/O=The Exim Maintainers/OU=Test Suite/CN=Phil Pennock',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 TLS session: (SSL_connect): error: <<detail omitted>>',
    ],
  },
  {
    id: 'exim.router-skipped',
    services: '*',
    re: new RegExp(`^${QID} (?<router>\\S+) router: skipped error: (?<text>.*)$`),
    build: (g) => ({ ...info('exim.router-skipped', g.text!, g.queueId), extra: { router: g.router! } }),
    samples: ['1999-03-02 09:44:33 10HmaX-000000005vi-0000 r1 router: skipped error: domain missing or malformed in "@@test.ex (This has a syntax error)"'],
  },
  {
    id: 'exim.auth-param-ignored',
    services: '*',
    re: /^ignoring AUTH=(?<who>\S*) from (?<pre>.*?) \((?<why>[^)]*)\)$/,
    build: (g) => withPeer({ ...info('exim.auth-param-ignored', `ignoring AUTH=${g.who}: ${g.why}`) }, g.pre),
    samples: ['1999-03-02 09:44:33 ignoring AUTH=x@y from U=CALLER (client not authenticated)'],
  },
  {
    id: 'exim.config-error',
    services: '*',
    re: /^Exim configuration error(?: in line (?<line>\d+) of (?<file>[^:]+))?:?(?<text>.*)$/s,
    build: (g) => ({ kind: 'problem', pattern: 'exim.config-error', mta: 'exim', severity: 'error', detail: `configuration error${g.line ? ` in line ${g.line} of ${g.file}` : ''}${g.text ? `:${g.text}` : ''}` }),
    samples: ['1999-03-02 09:44:33 Exim configuration error in line 12 of TESTSUITE/test-config:'],
  },
  {
    id: 'exim.authenticator-error',
    services: '*',
    // the authenticator's own complaint; the refusal is the "authenticator failed for" line
    re: /^(?<auth>\S+) authenticator \((?<mech>[^)]*)\):\s*(?<text>.*)$/s,
    build: (g) => ({
      kind: 'sasl', pattern: 'exim.authenticator-error', mta: 'exim', detail: g.text!.replace(/\s+/g, ' ').trim(),
      extra: { authenticator: g.auth!, mechanism: g.mech! },
    }),
    samples: ['1999-03-02 09:44:33 sasl2 authenticator (PLAIN): Cyrus SASL permanent failure: generic failure'],
  },
  {
    id: 'exim.no-immediate-delivery',
    services: '*',
    re: new RegExp(`^${QID} no immediate delivery: (?<text>.*)$`),
    build: (g) => info('exim.no-immediate-delivery', `no immediate delivery: ${g.text}`, g.queueId),
    samples: ['1999-03-02 09:44:33 10HmaX-000000005vi-0000 no immediate delivery: queued by ACL'],
  },
];
