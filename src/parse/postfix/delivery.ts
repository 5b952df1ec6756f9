import type { DeliveryStatus, MailEvent, Reply, StallKind } from '../../model/types.js';
import type { Groups, PatternRow } from '../table.js';
import { splitReply, stageOf } from '../smtp-reply.js';
import { QID } from './common.js';

// One line per recipient per delivery attempt: "QID: to=<r>, relay=..., status=... (detail)".
// The detail says what the remote server answered, or why no answer was had.

export const DELIVERY_SERVICES = ['smtp', 'lmtp', 'local', 'virtual', 'pipe', 'error', 'retry', 'discard', 'qmgr', 'oqmgr'] as const;
/** the client agents: their status line reports what a server (SMTP or LMTP) did */
const CLIENT_AGENTS = ['smtp', 'lmtp'] as const;
// The agents that talk to no server: mailbox and maildir delivery, a command (pipe), and the queue
// manager's and error(8)/retry(8)/discard(8)'s own verdicts (relocated_maps "User has moved", a
// destination held as dead). What they report is our own server's doing; a server named in the
// detail (the one error(8) says was unreachable) is still taken as the peer.
const LOCAL_AGENTS = ['local', 'virtual', 'pipe', 'error', 'retry', 'discard', 'qmgr', 'oqmgr'] as const;

const SAID = /^host (?<host>[^\s[]*)\[(?<ip>[^\]]*)\] said: (?:(?<reply>.*) \(in reply to (?<stage>[^()]{1,40}) command\)|(?<bare>.*))$/s;
const REFUSED = /^host (?<host>[^\s[]*)\[(?<ip>[^\]]*)\] refused to talk to me: (?<reply>.*)$/s;
const REPLY_FIRST = /^[2-5]\d\d[ -]/;
// Our client had sent DATA and got 354 when the remote went quiet or away. Only these two
// phases are stalls: "while receiving the initial server greeting" and the like happened earlier.
const STALL = /^(?:conversation with \S+ timed out|lost connection with \S+) while sending (?:message body|end of data)/;

/** Which stall an outbound delivery detail describes, if any. */
export function outboundStall(detail: string): StallKind | undefined {
  if (detail.charCodeAt(0) !== 99 /* c */ && detail.charCodeAt(0) !== 108 /* l */) return undefined;
  if (!STALL.test(detail)) return undefined;
  const lost = detail.startsWith('lost');
  if (detail.includes('while sending message body')) return lost ? 'outbound.lost-message-body' : 'outbound.timeout-message-body';
  return lost ? 'outbound.lost-end-of-data' : 'outbound.timeout-end-of-data';
}

/** The remote's reply inside a delivery detail, if the detail carries one. */
export function outboundReply(detail: string, status: string): Reply | undefined {
  const c = detail.charCodeAt(0);
  if (c === 104 /* h */) {
    const said = SAID.exec(detail);
    if (said) return splitReply(said.groups!.reply ?? said.groups!.bare!, 'outbound', stageOf(said.groups!.stage));
    const refused = REFUSED.exec(detail);
    if (refused) return splitReply(refused.groups!.reply!, 'outbound', 'CONNECT');
    return undefined;
  }
  // smtp/lmtp "status=sent (250 2.0.0 Ok: queued as X)": the answer to the final dot
  if (status === 'sent' && c >= 50 && c <= 53 && REPLY_FIRST.test(detail)) return splitReply(detail, 'outbound', 'END-OF-DATA');
  return undefined;
}

// relay=none: no server answered, but the detail names the one that was tried (also when the
// failure is repeated as "delivery temporarily suspended: ..."); that server is the peer.
const NAMED_PEER = /^(?:delivery temporarily suspended: )?(?:connect to|host|lost connection with|conversation with) (?<peer>[^\s[]*\[[^\]]*\](?::\d+)?)[: ]/;

/** The server a relay=none detail names, as relay fields; null when it names none. */
export function namedPeer(detail: string): Pick<MailEvent, 'relayHost' | 'relayIp' | 'relayPort'> | null {
  const m = NAMED_PEER.exec(detail);
  return m ? relayFields(m.groups!.peer!) : null;
}

/** "host[ip]:port" -> its parts; "local", "none", "private/dovecot-lmtp" stay whole in relayHost. */
export function relayFields(relay: string): Pick<MailEvent, 'relayHost' | 'relayIp' | 'relayPort'> {
  const open = relay.indexOf('[');
  const close = relay.indexOf(']', open + 1);
  if (open < 0 || close < 0 || !(close === relay.length - 1 || relay.charCodeAt(close + 1) === 58 /* : */)) return { relayHost: relay };
  const port = close === relay.length - 1 ? undefined : Number(relay.slice(close + 2));
  return { relayHost: relay.slice(0, open), relayIp: relay.slice(open + 1, close), relayPort: Number.isInteger(port) ? port : undefined };
}

const SUSPENDED = 'delivery temporarily suspended: ';

// old Postfix versions pad the queue id with spaces and log neither delays= nor dsn=;
// a line cut by syslog's length limit loses the closing parenthesis
const STATUS_LINE = new RegExp(
  `^ *${QID}: to=<(?<recipient>[^>]*)>,(?: orig_to=<(?<origRecipient>[^>]*)>,)? relay=(?<relay>[^,]*),(?: conn_use=(?<connUse>\\d+),)? delay=(?<delay>[\\d.]+),(?: delays=(?<delays>[\\d./]+),)?(?: dsn=(?<dsn>\\d\\.\\d{1,3}\\.\\d{1,3}),)? status=(?<status>\\w+)(?: \\((?:(?<detail>.*)\\)|(?<cut>.*)))?$`,
);

function statusEvent(pattern: string, g: Groups): MailEvent {
  const text = g.detail ?? g.cut;
  const detail = text ?? '';
  // With soft_bounce = yes, Postfix logs a failure that would have bounced as SOFTBOUNCE and keeps the
  // message queued, to be tried again: a deferral, whatever the reply's class
  const status = g.status === 'SOFTBOUNCE' ? 'deferred' : g.status!;
  // "delivery temporarily suspended: ..." repeats an earlier failure; no connection was made now, so it
  // is no stall of its own, but it carries that failure's reply: one cause, one group, one remedy
  const now = !detail.startsWith(SUSPENDED);
  const r = (g.relay === 'none' && detail !== '' ? namedPeer(detail) : null) ?? relayFields(g.relay!);
  const ev: MailEvent = {
    kind: 'delivery', pattern, mta: 'postfix', queueId: g.queueId,
    recipient: g.recipient, origRecipient: g.origRecipient,
    relayHost: r.relayHost, relayIp: r.relayIp, relayPort: r.relayPort,
    status: status as DeliveryStatus,
    dsn: g.dsn, delay: Number(g.delay), delays: g.delays, detail: text,
    reply: outboundReply(now ? detail : detail.slice(SUSPENDED.length), status),
    stallKind: now ? outboundStall(detail) : undefined,
    extra: g.connUse === undefined ? undefined : { conn_use: Number(g.connUse) },
  };
  // error(8) deferring a destination that just failed names that remote: not our agent's doing
  if (pattern === 'postfix.delivery.local-agent' && r.relayIp === undefined) ev.localAgent = true;
  return ev;
}

export const deliveryRows: PatternRow[] = [
  {
    id: 'postfix.delivery.status',
    services: CLIENT_AGENTS,
    re: STATUS_LINE,
    build: (g) => statusEvent('postfix.delivery.status', g),
    samples: [
      'Nov 28 17:57:04 mx postfix/smtp[5979]: DC16D160296: to=<r550-info2@bounce.test>, relay=127.0.0.1[127.0.0.1]:2526, delay=0.18, delays=0.09/0/0.05/0.04, dsn=5.1.1, status=bounced (host 127.0.0.1[127.0.0.1] said: 550 5.1.1 <r550-info2@bounce.test>: Recipient address rejected: User unknown (in reply to RCPT TO command))',
      'Jun 29 03:10:18 RHL058 postfix/smtp[21295]: 336067C2D03: to=<marianopastene@gmail.com>, relay=gmail-smtp-in.l.google.com[173.194.77.27]:25, conn_use=2, delay=0.7, delays=0.07/0/0.03/0.6, dsn=2.0.0, status=sent (250 2.0.0 OK 1404025818 bk4si20869922oec.67 - gsmtp)',
      'Feb  6 00:22:27 ntardis postfix/lmtp[4716]:    3A452D963D: to=<cuche@vaw.baug.ethz.ch>, relay=127.0.0.1[127.0.0.1], delay=1, status=sent (250 2.6.0 Ok, id=04682-01-3, from MTA: 250 Ok: queued as D2FF7D9649)',
    ],
  },
  {
    // the same line from an agent that talked to no server: see LOCAL_AGENTS
    id: 'postfix.delivery.local-agent',
    services: LOCAL_AGENTS,
    re: STATUS_LINE,
    build: (g) => statusEvent('postfix.delivery.local-agent', g),
    samples: [
      'Nov 28 17:55:52 mx postfix/local[4827]: 0BB771602B2: to=<erin@lab.example>, orig_to=<erin>, relay=local, delay=0.01, delays=0/0.01/0/0, dsn=2.0.0, status=sent (delivered to mailbox)',
      'Apr  7 15:35:20 123-mail postfix/virtual[20235]: 199041033BE: to=<me@domain.fr>, relay=virtual, delay=0.08, delays=0.08/0/0/0, dsn=2.0.0, status=sent (delivered to maildir)',
      '2023-03-14T00:08:36.037018+01:00 helga postfix/pipe[302615]: 4PbC4z6W5Qz3tG3: to=<user01.test@uhu-banane.net>, relay=dovecot, delay=0.12, delays=0.01/0.01/0/0.1, dsn=2.0.0, status=sent (delivered via dovecot service)',
      'Nov 28 17:55:54 mx postfix/error[4929]: 5B9BB1602B4: to=<trent@lab.example>, relay=none, delay=0.01, delays=0/0.01/0/0, dsn=5.1.6, status=bounced (User has moved to trent@elsewhere.example)',
      'Jun 29 03:14:52 RHL058 postfix/error[27865]: 6B4A57C916D: to=<lizziej@projety.com>, relay=none, delay=306970, delays=306969/0.3/0/0.03, dsn=4.7.1, status=deferred (delivery temporarily suspended: host mail.kenotronix.com[66.254.58.79] refused to talk to me: 421 4.7.1 Intrusion prevention active for [8.19.240.91][P])',
      'Dec 16 02:30:51 phoenix postfix/discard[22813]: 85B6F1100EAC: to=<snipee.ftrim@dmnpiper.com>, relay=none, delay=0.04, delays=0.04/0/0/0, dsn=2.0.0, status=sent (dlapiper.com)',
    ],
  },
];
