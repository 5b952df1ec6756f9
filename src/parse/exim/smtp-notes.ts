import type { MailEvent } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { splitReply } from '../smtp-reply.js';
import { QID, parseHost } from './fields.js';
import { withHost, withPeer } from './peer.js';

// SMTP-side lines with no row elsewhere: ETRN/ATRN requests, failed VRFYs, per-recipient
// PRDR outcomes, our client failing to authenticate or to set up DANE, headers too long
// to accept, and DNS list answers Exim threw away.

const OPT_QID = `(?:${QID} )?`;

function note(pattern: string, detail: string, queueId?: string): MailEvent {
  const e: MailEvent = { kind: 'info', pattern, mta: 'exim', detail };
  if (queueId !== undefined) e.queueId = queueId;
  return e;
}

function relay(e: MailEvent, spec: string): MailEvent {
  const h = parseHost(spec);
  if (h?.spec.host !== undefined) e.relayHost = h.spec.host;
  if (h?.spec.ip !== undefined) e.relayIp = h.spec.ip;
  if (h?.spec.port !== undefined) e.relayPort = h.spec.port;
  return e;
}

export const smtpNoteRows: PatternRow[] = [
  {
    id: 'exim.etrn',
    services: '*',
    re: /^(?<cmd>ETRN|ATRN) (?<arg>.*?) received from (?<peer>.*)$/,
    build: (g) => {
      const e = note('exim.etrn', `${g.cmd} ${g.arg}`);
      e.extra = { command: g.cmd! };
      const peer = g.peer!;
      const u = / U=(\S+)$/.exec(peer);
      if (u) e.extra.user = u[1]!;
      return peer.includes('[') ? withHost(e, peer) : e;
    },
    samples: [
      '1999-03-02 09:44:33 ETRN #one received from (rhu.barb) [127.0.0.1]',
      "1999-03-02 09:44:33 ATRN '#failacl' received from (tester) [127.0.0.1]",
      '1999-03-02 09:44:33 ETRN abc received from CALLER',
    ],
  },
  {
    id: 'exim.etrn-exec-failed',
    services: '*',
    re: /^exec of "(?<cmd>[^"]*)" \(ETRN\) failed: (?<text>.*)$/,
    build: (g) => ({ kind: 'problem', pattern: 'exim.etrn-exec-failed', mta: 'exim', severity: 'error', detail: `smtp_etrn_command "${g.cmd}" failed: ${g.text}` }),
    samples: ['1999-03-02 09:44:33 exec of "/some/non-existent/file" (ETRN) failed: No such file or directory'],
  },
  {
    id: 'exim.vrfy-failed',
    services: '*',
    // the client was told the address cannot be verified; counted nowhere as a rejection
    re: /^VRFY failed for (?<addr>\S+)(?: (?<pre>.*))?$/,
    build: (g) => {
      const e = withPeer(note('exim.vrfy-failed', 'VRFY failed'), g.pre);
      e.recipient = g.addr!.replace(/^<|>$/g, '');
      return e;
    },
    samples: ['1999-03-02 09:44:33 VRFY failed for <b@test.ex> H=(test) [V4NET.0.0.0] U=CALLER'],
  },
  {
    id: 'exim.prdr',
    services: '*',
    // per-recipient result after PRDR DATA; a refusal is also logged as a rejection line
    re: new RegExp(`^${QID} PRDR R=<(?<rcpt>[^>]*)> (?<res>acceptance|refusal|temporary refusal)$`),
    build: (g) => ({ ...note('exim.prdr', `PRDR ${g.res}`, g.queueId), recipient: g.rcpt!, extra: { prdr: g.res! } }),
    samples: ['1999-03-02 09:44:33 10HmaY-000000005vi-0000 PRDR R=<baduser@test.ex> refusal', '1999-03-02 09:44:33 10HmaY-000000005vi-0000 PRDR R=<usery@test.ex> temporary refusal'],
  },
  {
    id: 'exim.cutthrough-tmp-reject',
    services: '*',
    // cutthrough delivery: the downstream host's 4xx after DATA, relayed to our client
    re: new RegExp(`^${QID} (?<pre>.*?) tmp-reject from cutthrough after DATA: (?<fields>.*?)(?: C="(?<conf>(?:[^"\\\\]|\\\\.)*)")?$`),
    build: (g) => {
      const e = withPeer(note('exim.cutthrough-tmp-reject', 'tmp-reject from cutthrough after DATA', g.queueId), g.pre);
      const h = / H=(.*?\])/.exec(` ${g.fields}`);
      if (h) relay(e, h[1]!);
      if (g.conf !== undefined) e.reply = splitReply(g.conf, 'outbound', 'END-OF-DATA');
      return e;
    },
    samples: ['1999-03-02 09:44:33 10HmbA-000000005vi-0000 U=CALLER usere@domain.com F=<CALLER@myhost.test.ex> P=<CALLER@myhost.test.ex> tmp-reject from cutthrough after DATA: R=all T=smtp H=127.0.0.1 [127.0.0.1] C="459 content reject"'],
  },
  {
    id: 'exim.client-auth-failed',
    services: '*',
    // our smtp transport authenticating to a remote host
    re: new RegExp(`^${QID} (?<auth>\\S+) authenticator (?:failed|cancelled authentication) H=(?<spec>(?:[^\\s(]\\S* )?\\[[^\\]]*\\](?::\\d+)?) (?<text>.*)$`, 's'),
    build: (g) => {
      const e = relay({ kind: 'remote-error', pattern: 'exim.client-auth-failed', mta: 'exim', queueId: g.queueId, detail: g.text! }, g.spec!);
      const r = splitReply(g.text!, 'outbound', 'AUTH');
      if (r.code !== null) e.reply = r;
      e.afterStage = 'AUTH';
      e.extra = { authenticator: g.auth! };
      return e;
    },
    samples: [
      '1999-03-02 09:44:33 10HmaZ-000000005vi-0000 plain authenticator failed H=127.0.0.1 [127.0.0.1] 535 Sorry, authentication failed',
      '1999-03-02 09:44:33 10HmbG-000000005vi-0000 login authenticator cancelled authentication H=127.0.0.1 [127.0.0.1] Invalid base64 string in server response "334 User?"',
    ],
  },
  {
    id: 'exim.dane',
    services: '*',
    re: new RegExp(`^${QID} (?<text>DANE attempt failed; TLS connection to (?<spec>\\S+ \\[[^\\]]*\\](?::\\d+)?): .*|DANE error: .*)$`, 's'),
    build: (g) => {
      const e: MailEvent = { kind: 'tls', pattern: 'exim.dane', mta: 'exim', queueId: g.queueId, detail: g.text! };
      return g.spec !== undefined ? relay(e, g.spec) : e;
    },
    samples: [
      '1999-03-02 09:44:33 10HmbQ-000000005vi-0000 DANE error: TLSA lookup for danebroken3.test.ex not DNSSEC',
      '1999-03-02 09:44:33 10HmbE-000000005vi-0000 DANE attempt failed; TLS connection to dane256tak.test.ex [ip4.ip4.ip4.ip4]: (SSL_connect) Server certificate revoked',
    ],
  },
  {
    id: 'exim.client-note',
    services: '*',
    re: new RegExp(`^${QID} (?<text>peer close after all rcpt responses; converting i/o-error to no-error)$`),
    build: (g) => note('exim.client-note', g.text!, g.queueId),
    samples: ['2017-07-30 18:51:05.712 10HmaX-000000005vi-0000 peer close after all rcpt responses; converting i/o-error to no-error'],
  },
  {
    id: 'exim.header-too-long',
    services: '*',
    // the message is dropped; only local submissions are seen in the fixtures, so no SMTP
    // reply is derived here
    re: new RegExp(`^${OPT_QID}(?<what>overlong message header line|ridiculously long message header) received from (?<peer>.*?) \\(more than (?<max>\\d+) characters\\): message abandoned$`),
    build: (g) => {
      const e = note('exim.header-too-long', `${g.what} (more than ${g.max} characters): message abandoned`, g.queueId);
      e.extra = { max_chars: Number(g.max) };
      return g.peer!.includes('[') ? withHost(e, g.peer) : { ...e, extra: { ...e.extra, user: g.peer! } };
    },
    samples: [
      '1999-03-02 09:44:33 overlong message header line received from CALLER (more than 1024 characters): message abandoned',
      '1999-03-02 09:44:33 ridiculously long message header received from CALLER (more than 1048576 characters): message abandoned',
    ],
  },
  {
    id: 'exim.dnslist-discarded',
    services: '*',
    // an answer outside 127.0.0.0/8 is taken as a broken or hostile list and ignored
    re: /^DNS list lookup for (?<key>\S+) at (?<list>\S+) returned (?<addr>\S+); not in 127\.0\/8 and discarded$/,
    build: (g) => ({ kind: 'problem', pattern: 'exim.dnslist-discarded', mta: 'exim', severity: 'warning', detail: `DNS list ${g.list} returned ${g.addr}, outside 127.0/8: ignored` }),
    samples: ['1999-03-02 09:44:33 DNS list lookup for ten-1 at test.ex returned V4NET.0.0.1; not in 127.0/8 and discarded'],
  },
  {
    id: 'exim.daemon-hup',
    services: '*',
    re: /^pid (?<pid>\S+): SIGHUP received: re-exec daemon$/,
    build: (g) => ({ ...note('exim.daemon-hup', 'SIGHUP received: re-exec daemon'), extra: { pid: g.pid! } }),
    samples: ['2017-07-30 18:51:05.712 pid p1234: SIGHUP received: re-exec daemon'],
  },
  {
    id: 'exim.daemon-backlog',
    services: '*',
    // smtp_backlog_monitor: connections queued on a listening socket
    re: /^listen backlog (?<n>\d+) I=(?<iface>\S+)$/,
    build: (g) => ({ ...note('exim.daemon-backlog', `listen backlog ${g.n}`), extra: { backlog: Number(g.n), interface: g.iface! } }),
    samples: ['2017-07-30 18:51:05.712 listen backlog 2 I=[127.0.0.1]:10002'],
  },
  {
    id: 'exim.ocsp',
    services: '*',
    // our client checking the OCSP status the server stapled; the "==" line that follows has the deferral
    re: new RegExp(`^${QID} (?<text>Required TLS certificate status not received|Server certificate revoked(?:; reason: .*)?|OCSP dates invalid)$`),
    build: (g) => ({ kind: 'tls', pattern: 'exim.ocsp', mta: 'exim', queueId: g.queueId, detail: g.text! }),
    samples: [
      '1999-03-02 09:44:33 10HmbD-000000005vi-0000 Required TLS certificate status not received',
      '1999-03-02 09:44:33 10HmbE-000000005vi-0000 Server certificate revoked; reason: superseded',
      '1999-03-02 09:44:33 10HmbF-000000005vi-0000 OCSP dates invalid',
    ],
  },
  {
    id: 'exim.arc',
    services: '*',
    re: new RegExp(`^${QID} ARC: (?<text>.*)$`, 's'),
    build: (g) => ({ ...note('exim.arc', g.text!, g.queueId), extra: { arc: 'note' } }),
    samples: [
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 ARC: bad message body-hash',
      '1999-03-02 09:44:33 10HmbR-000000005vi-0000 ARC: AMS signing: privkey PEM-block import: error:1E08010C:DECODER routines::unsupported',
    ],
  },
];
