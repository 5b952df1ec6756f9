import type { MailEvent, Stage } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { QID, angle } from './fields.js';
import { withHost, withPeer } from './peer.js';

// Client connections: open, close, and the ways they break. A session that broke after
// the 354 and before the final dot is a stall; after the final dot the message was complete.

const OPT_QID = `(?:${QID} )?`;
// "name (helo) [ip]:port I=[ip]:port" or "H=..." or "CALLER" / "local process" in test suites
const PEER = '(?<peer>(?:H=)?(?:\\S+ )?(?:\\([^)]*\\) )?\\[[^\\]]*\\](?::\\d+)?|[^\\s\\[(=]+(?: process)?)';
// what log_selector adds after the peer: I=[ip]:port Ci=conn-id D=duration C=command-list
const KV = '(?<kv>(?: [A-Za-z]{1,3}=\\S+)*)';
// log_selector +connection_id (Exim 4.98 and later): "SMTP connection Ci=1234 from ..."
const CONN = 'SMTP connection (?:Ci=(?<ci>\\S+) )?from';

const KEYS = new Map<string, RegExp>();
function kv(s: string | undefined, key: string): string | undefined {
  if (!s) return undefined;
  let re = KEYS.get(key);
  if (re === undefined) KEYS.set(key, (re = new RegExp(` ${key}=(\\S+)`)));
  const m = re.exec(s);
  return m ? m[1] : undefined;
}

function ev(kind: MailEvent['kind'], pattern: string, queueId: string | undefined, peer: string | undefined): MailEvent {
  const e: MailEvent = { kind, pattern, mta: 'exim' };
  if (queueId !== undefined) e.queueId = queueId;
  return withHost(e, peer);
}

function ended(pattern: string, g: Record<string, string | undefined>, reason: string, stage: Stage | undefined): MailEvent {
  const e = ev('session-end', pattern, g.queueId, g.peer);
  e.endReason = reason;
  if (stage !== undefined) e.afterStage = stage;
  return e;
}

export const sessionRows: PatternRow[] = [
  {
    id: 'exim.session.quit',
    services: '*',
    re: new RegExp(`^${CONN} ${PEER}${KV} closed by QUIT$`),
    build: (g) => ev('disconnect', 'exim.session.quit', undefined, g.peer),
    samples: [
      '2026-11-28 18:12:54 SMTP connection from (client.lab.test) [127.0.0.1] closed by QUIT',
      '1999-03-02 09:44:33 SMTP connection from localhost (myhost.test.ex) [127.0.0.1] D=qqs closed by QUIT',
      '1999-03-02 09:44:33 SMTP connection Ci=p1239 from (test) [ip4.ip4.ip4.ip4]:10003 I=[ip4.ip4.ip4.ip4]:PORT_D D=qqs closed by QUIT',
    ],
  },
  {
    id: 'exim.session.eof',
    services: '*',
    // the client closed the connection without QUIT
    re: new RegExp(`^${CONN} ${PEER}${KV} closed by EOF$`),
    build: (g) => ended('exim.session.eof', g, 'eof', undefined),
    samples: [
      '1999-03-02 09:44:33 SMTP connection from (close.rhu.barb) [127.0.0.1] D=qqs closed by EOF',
    ],
  },
  {
    id: 'exim.session.lost-data',
    services: '*',
    re: new RegExp(`^${OPT_QID}${CONN} ${PEER}${KV} lost while reading message data(?: \\((?<why>[^)]*)\\))?(?<rest>.*)$`),
    build: (g) => {
      const e = ev('stall', 'exim.session.lost-data', g.queueId, g.peer);
      e.stallKind = 'inbound.lost-after-data';
      e.afterStage = 'DATA';
      e.endReason = 'lost';
      if (g.why !== undefined) e.detail = g.why;
      return e;
    },
    samples: [
      '2026-11-28 18:12:58 SMTP connection from (mail.partner.test) [127.0.0.32] lost while reading message data',
      '2026-11-29 21:12:40.847 [30395] SMTP connection from (mail.partner.test) [127.0.0.32]:60491 I=[127.0.0.1]:25 lost while reading message data',
    ],
  },
  {
    id: 'exim.session.data-timeout',
    services: '*',
    re: new RegExp(`^${OPT_QID}SMTP data timeout \\(message abandoned\\) on connection from ${PEER}(?: F=(?<sender><[^>]*>))?(?: D=(?<d>\\S+))?$`),
    build: (g) => {
      const e = ev('stall', 'exim.session.data-timeout', g.queueId, g.peer);
      e.stallKind = 'inbound.timeout-after-data';
      e.afterStage = 'DATA';
      e.endReason = 'timeout';
      if (g.sender !== undefined) e.sender = angle(g.sender)!;
      // the client was told "421 ... SMTP incoming data timeout"; a stall, not a rejection
      e.detail = 'SMTP incoming data timeout (421)';
      return e;
    },
    samples: ['2026-11-28 18:13:08 1xXMuw-00048C-0z SMTP data timeout (message abandoned) on connection from (smtp.vendor.test) [127.0.0.33] F=<j.smith@partner.test>'],
  },
  {
    id: 'exim.session.lost-final-dot',
    services: '*',
    re: new RegExp(`^${OPT_QID}SMTP connection lost after final dot(?: (?<pre>.*))?$`),
    build: (g) => withPeer(ended('exim.session.lost-final-dot', g, 'lost', 'END-OF-DATA'), g.pre),
    samples: ['1999-03-02 09:44:33 10HmaX-000000005vi-0000 SMTP connection lost after final dot H=(abcd) [127.0.0.1] P=esmtp'],
  },
  {
    id: 'exim.session.drop-acl',
    services: '*',
    re: new RegExp(`^${OPT_QID}${CONN} ${PEER}${KV} closed by DROP in ACL$`),
    // the refusal itself was logged on its own "rejected ..." line just before
    build: (g) => ended('exim.session.drop-acl', g, 'drop-acl', undefined),
    samples: ['2016-03-21 04:07:49 [25874] 1ahr79-0006jK-G9 SMTP connection from (voyeur.webair.com) [174.137.147.204]:44884 I=[172.89.0.6]:25 closed by DROP in ACL'],
  },
  {
    id: 'exim.session.lost',
    services: '*',
    re: new RegExp(`^${OPT_QID}${CONN} ${PEER}${KV} lost(?<rest>.*)$`),
    build: (g) => {
      const e = ended('exim.session.lost', g, 'lost', undefined);
      if (g.rest) e.detail = g.rest.trim();
      return e;
    },
    samples: ['2017-01-24 02:53:13 SMTP connection from (hydra) [10.101.1.10]:53682 lost'],
  },
  {
    id: 'exim.session.connect',
    services: '*',
    re: new RegExp(`^${CONN} ${PEER}${KV}(?: \\(TCP/IP connection count = (?<n>\\d+)\\))?$`),
    build: (g) => {
      const e = ev('connect', 'exim.session.connect', undefined, g.peer);
      if (g.n !== undefined) e.extra = { connection_count: Number(g.n) };
      return e;
    },
    samples: ['2026-11-28 18:12:54 SMTP connection from [127.0.0.1] (TCP/IP connection count = 1)', '1999-03-02 09:44:33 SMTP connection Ci=p1234 from root'],
  },
  {
    id: 'exim.session.command-timeout',
    services: '*',
    re: new RegExp(`^SMTP command timeout on (?:TLS )?connection from ${PEER}${KV}$`),
    build: (g) => ended('exim.session.command-timeout', g, 'timeout', undefined),
    samples: ['2026-11-28 18:13:24 SMTP command timeout on connection from (relaytest.outside.test) [127.0.0.34]'],
  },
  {
    id: 'exim.session.unexpected-disconnect',
    services: '*',
    re: new RegExp(`^unexpected disconnection while reading SMTP command from ${PEER}${KV}(?: \\((?<why>[^)]*)\\))?$`),
    build: (g) => ended('exim.session.unexpected-disconnect', g, 'lost', undefined),
    samples: ['2026-11-28 18:13:30 unexpected disconnection while reading SMTP command from (relaytest.outside.test) [127.0.0.34] D=0s'],
  },
  {
    id: 'exim.session.no-mail',
    services: '*',
    re: new RegExp(`^no MAIL in SMTP connection from ${PEER}${KV}$`),
    // Exim writes it as the process exits, after the connection's own last line ("closed by QUIT",
    // "lost", "dropped: too many ..."): it ends nothing, and under an address two connections share
    // (no port logged) the one still open would take an end that is not its own
    build: (g) => {
      const e = ev('info', 'exim.session.no-mail', g.queueId, g.peer);
      const c = kv(g.kv, 'C');
      if (c !== undefined) e.counters = c;
      return e;
    },
    samples: [
      '2026-11-28 18:12:58 no MAIL in SMTP connection from [127.0.0.122] D=0s C=EHLO,HELO,QUIT',
      '2016-04-01 11:08:00 info exim[8001]: [8001] no MAIL in SMTP connection from (User) [192.0.2.29]:20042 I=[192.0.2.1]:25 Ci=8001 D=0.349s C=EHLO,AUTH,QUIT',
    ],
  },
  {
    id: 'exim.session.incomplete',
    services: '*',
    re: /^(?:(?<pre>.*?) )?incomplete transaction \((?<why>[^)]*)\) from <(?<sender>[^>]*)>(?: for (?<rcpts>.*))?$/,
    // logged on RSET, STARTTLS, QUIT, a lost connection or a sync error: never the connection's
    // last line ("closed by QUIT", "unexpected disconnection ..." follow), and after RSET the
    // client goes on, so it ends nothing
    build: (g) => {
      const e = withPeer(ev('session-note', 'exim.session.incomplete', g.queueId, g.peer), g.pre);
      e.sender = g.sender!;
      e.detail = `incomplete transaction (${g.why})`;
      if (g.rcpts !== undefined) e.extra = { ...e.extra, recipients: g.rcpts };
      return e;
    },
    samples: ['2026-11-28 18:12:55 H=(mail.partner.test) [127.0.0.32] incomplete transaction (QUIT) from <j.smith@partner.test>'],
  },
  {
    id: 'exim.session.tls-error',
    services: '*',
    // "(library call): error", or a plain message when our own TLS settings are at fault
    re: new RegExp(`^${OPT_QID}TLS error on connection from (?<peer>[^[]*\\[[^\\]]*\\](?::\\d+)?)(?: \\((?<op>[^)]*)\\):| ) ?(?<err>.*)$`, 's'),
    build: (g) => {
      const e = ended('exim.session.tls-error', g, 'tls-error', 'STARTTLS');
      e.detail = g.op !== undefined ? `${g.op}: ${g.err}` : g.err!;
      e.tlsFailure = 'inbound';
      return e;
    },
    samples: [
      '1999-03-02 09:44:33 TLS error on connection from (timeout.rhu.barb) [127.0.0.1] (tls lib accept fn): timed out',
      '1999-03-02 09:44:33 10HmaX-000000005vi-0000 TLS error on connection from (test) [127.0.0.1] (recv): The TLS connection was non-properly terminated.',
      "1999-03-02 09:44:33 TLS error on connection from localhost (myhost.test.ex) [127.0.0.1] Unknown curve name in tls_eccurve 'bogus'",
    ],
  },
];
