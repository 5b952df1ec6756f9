import type { MailEvent, Stage, StallKind } from '../../model/types.js';
import type { Groups, PatternRow } from '../table.js';
import { deriveCode, splitReply, stageOf } from '../smtp-reply.js';
import { ENVELOPE, PEER, QID, client } from './common.js';

// smtpd: one session per client connection. Samples marked "(message-only corpus line)"
// come from a corpus file that publishes messages without the syslog prefix; the prefix
// was added so the line can pass through the whole parser.

const SMTPD = ['smtpd'] as const;

function envelope(g: Groups): Pick<MailEvent, 'sender' | 'recipient' | 'helo' | 'protocol'> {
  return { sender: g.sender, recipient: g.recipient, helo: g.helo, protocol: g.proto };
}

/** "sasl_method=PLAIN, sasl_username=u" and friends after "client=..." */
function clientExtra(rest: string | undefined): Record<string, string> | undefined {
  if (!rest) return undefined;
  const out: Record<string, string> = {};
  for (const part of rest.split(', ')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1);
  }
  return out;
}

// Only DATA: a BDAT chunk is never answered 354 (RFC 3030), so a client lost in the middle of one
// is a broken session, not a stalled 354 one. The session keeps BDAT as the stage it ended after.
const STALLS: Record<string, StallKind> = {
  'lost connection DATA': 'inbound.lost-after-data',
  'timeout DATA': 'inbound.timeout-after-data',
};
const END_REASONS: Record<string, string> = {
  'lost connection': 'lost',
  timeout: 'timeout',
  'too many errors': 'too-many-errors',
};

export const smtpdRows: PatternRow[] = [
  {
    id: 'postfix.smtpd.connect',
    services: SMTPD,
    re: new RegExp(`^connect from ${PEER}$`),
    build: (g) => ({ kind: 'connect', pattern: 'postfix.smtpd.connect', mta: 'postfix', ...client(g) }),
    samples: [
      'Nov 28 17:55:49 mx postfix/smtpd[4822]: connect from localhost[127.0.0.1]',
      'Sep 23 15:57:40 mail postfix/submission/smtpd[3646210]: connect from unknown[fe80::1:2:3:4]',
    ],
  },
  {
    id: 'postfix.smtpd.disconnect',
    services: SMTPD,
    re: new RegExp(`^disconnect from ${PEER}(?: (?<counters>.*))?$`),
    build: (g) => ({ kind: 'disconnect', pattern: 'postfix.smtpd.disconnect', mta: 'postfix', ...client(g), counters: g.counters }),
    samples: ['Nov 28 17:55:54 mx postfix/smtpd[4822]: disconnect from unknown[127.0.0.23] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4'],
  },
  {
    id: 'postfix.smtpd.client',
    services: SMTPD,
    re: new RegExp(`^ *${QID}: client=${PEER}(?<rest>, .*)?$`),
    build: (g) => ({
      kind: 'client', pattern: 'postfix.smtpd.client', mta: 'postfix', queueId: g.queueId, ...client(g),
      extra: clientExtra(g.rest?.slice(2)),
    }),
    samples: [
      'Nov 28 17:55:49 mx postfix/smtpd[4822]: AEC3E1602A1: client=localhost[127.0.0.1]',
      'Sep 23 15:57:40 mail postfix/submission/smtpd[3646210]: 838FC8A5F: client=unknown[fe80::1:2:3:4], sasl_method=PLAIN, sasl_username=out@example.org',
      'Feb  6 00:22:26 ntardis postfix/smtpd[4672]:   3A452D963D: client=hormel.redhat.com[66.187.233.30]',
    ],
  },
  {
    // one row for reject and reject_warning: the words before the stage are the only difference
    id: 'postfix.smtpd.reject',
    services: SMTPD,
    re: new RegExp(`^(?:NOQUEUE|${QID}): (?<action>reject|reject_warning): (?<stage>\\S+) from ${PEER}: (?:(?<reply>.*); ${ENVELOPE}|(?<bare>.*))$`),
    build: (g) => ({
      kind: g.action === 'reject' ? 'reject' : 'reject-warning', pattern: 'postfix.smtpd.reject', mta: 'postfix',
      queueId: g.queueId, ...client(g), ...envelope(g),
      reply: deriveCode(splitReply(g.reply ?? g.bare!, 'inbound', stageOf(g.stage))),
    }),
    samples: [
      'Nov 28 17:55:54 mx postfix/smtpd[4822]: NOQUEUE: reject: RCPT from unknown[127.0.0.23]: 551 5.1.6 <formeruser@lab.example>: Recipient address rejected: User not local; please try <formeruser@elsewhere.example>; from=<noreply@shop.test> to=<formeruser@lab.example> proto=ESMTP helo=<mail.partner.test>',
      'Nov 28 17:55:56 mx postfix/smtpd[4822]: NOQUEUE: reject: MAIL from unknown[127.0.0.24]: 552 5.3.4 Message size exceeds fixed limit; from=<noreply@shop.test> proto=ESMTP helo=<smtp.vendor.test>',
      'Jun  1 19:00:55 mail postfix/smtpd[7749]: NOQUEUE: reject: CONNECT from unknown[192.0.2.114]: 450 4.7.25 Client host rejected: cannot find your hostname, [178.215.236.114]; proto=SMTP',
      'Mar 11 23:27:54 server postfix-smo/submission/smtpd[22427]: 44JCRG5tYPzCqt2: reject: BDAT from signing-milter.example.com[192.0.2.109]: 550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> to=<some@example.com> proto=ESMTP helo=<domain.tld>',
      // (message-only corpus line)
      'Oct 26 18:13:50 mx postfix/smtpd[1]: NOQUEUE: reject_warning: RCPT from example.com[93.184.216.34]: 553 5.7.1 <sender@example.com>: Sender address rejected: not owned by user ph123; from=<sender@example.com> to=<recipient@example.com> proto=ESMTP helo=<example.com>',
    ],
  },
  {
    id: 'postfix.smtpd.milter',
    services: SMTPD,
    re: new RegExp(`^(?:NOQUEUE|${QID}): milter-(?<action>reject|hold|discard): (?<stage>\\S+) from ${PEER}: (?<reply>.*); ${ENVELOPE}$`),
    build: (g) => {
      const base = { pattern: 'postfix.smtpd.milter', mta: 'postfix' as const, queueId: g.queueId, ...client(g), ...envelope(g) };
      if (g.action !== 'reject') return { kind: g.action === 'hold' ? 'hold' : 'discard', ...base, detail: g.reply };
      // milter replies may carry only an enhanced code ("5.7.1 Blocked by ..."); Postfix then sends 550/451
      return { kind: 'reject', ...base, reply: deriveCode(splitReply(g.reply!, 'inbound', stageOf(g.stage))) };
    },
    samples: [
      'Nov 28 17:57:02 mx postfix/smtpd[4822]: NOQUEUE: milter-reject: RCPT from unknown[127.0.0.24]: 550 5.7.1 Recipient blocked by lab milter; from=<noreply@shop.test> to=<dave+milterblock@lab.example> proto=ESMTP helo=<smtp.vendor.test>',
      'Nov 28 17:57:02 mx postfix/milterdown/smtpd[5786]: NOQUEUE: milter-reject: CONNECT from unknown[127.0.0.23]: 451 4.7.1 Service unavailable - try again later; proto=SMTP',
      'Mar 7 02:09:33 server postfix/smtpd[27246]: 1D8CC1CA0A7F: milter-reject: DATA from 66-220-155-151.mail-mail.facebook.com[192.0.2.151]: 550 5.7.1 Command rejected; from=<security@mail.example.com> to=<hostmaster@example.com> proto=ESMTP helo=<192-0-2-151.mail-mail.example.com>',
    ],
  },
  {
    // A before-queue content filter's verdict (smtpd_proxy_filter: amavis or a spam gateway in front of
    // the queue). smtpd hands the client the filter's reply as logged: a refusal is our server's, at the
    // end of the message. An accepted message is queued by the smtpd behind the filter, which logs it.
    id: 'postfix.smtpd.proxy',
    services: SMTPD,
    re: new RegExp(`^(?:(?:NOQUEUE|${QID}): )?proxy-(?<action>accept|reject): (?<stage>[^\\s:]+): (?<reply>.*?); ${ENVELOPE}$`),
    build: (g) => {
      const base = { pattern: 'postfix.smtpd.proxy', mta: 'postfix' as const, queueId: g.queueId, ...envelope(g) };
      if (g.action === 'accept') return { kind: 'info', ...base, detail: g.reply };
      return { kind: 'reject', ...base, reply: deriveCode(splitReply(g.reply!, 'inbound', stageOf(g.stage))) };
    },
    samples: [
      // (message-only corpus line)
      'Oct 26 18:13:50 mx postfix/smtpd[1]: proxy-reject: END-OF-MESSAGE: 554 5.7.0 Reject, contact postmaster@example.com, id=31619-02 - spam; from=<> to=<user2@example2.com> proto=SMTP helo=<17.33.12.53>',
      // (message-only corpus line)
      'Oct 26 18:13:50 mx postfix/smtpd[1]: proxy-accept: END-OF-MESSAGE: 250 2.0.0 from MTA(smtp:[127.0.0.1]:10013): 250 2.0.0 Ok: queued as DF66E940333; from=<user1@test.example.com> to=<user2@example2.com> proto=ESMTP helo=<[127.0.0.1]>',
      // (message-only corpus line) the filter gave no reply
      'Oct 26 18:13:50 mx postfix/smtpd[1]: proxy-reject: END-OF-MESSAGE: ; from=<user1@test.example.com> to=<user2@example2.com> proto=ESMTP helo=<[192.168.0.16]>',
    ],
  },
  {
    // access(5) actions that are not rejections: HOLD, DISCARD, FILTER, REDIRECT, WARN, INFO
    id: 'postfix.smtpd.access-action',
    services: SMTPD,
    re: new RegExp(`^(?:NOQUEUE|${QID}): (?<action>hold|discard|filter|redirect|warn|info): (?<stage>\\S+) from ${PEER}: (?<detail>.*); ${ENVELOPE}$`),
    build: (g) => ({
      kind: g.action === 'hold' ? 'hold' : g.action === 'discard' ? 'discard' : g.action === 'warn' ? 'content-warning' : 'info',
      pattern: 'postfix.smtpd.access-action', mta: 'postfix', queueId: g.queueId, ...client(g), ...envelope(g),
      detail: g.detail, extra: { action: g.action!, stage: g.stage! },
    }),
    samples: [
      // (message-only corpus line)
      'Oct 26 18:13:50 mx postfix/smtpd[1]: NOQUEUE: filter: RCPT from unknown[85.25.255.255]: <mail@sender.com>: Sender address triggers FILTER smtp-amavis:[127.0.0.1]:10024; from=<mail@sender.com> to=<user@domain.com> proto=ESMTP helo=<plutoapp.biz>',
    ],
  },
  {
    // Postfix 3.10 prefixes these with "QID: " or "NOQUEUE: "; older ones write "(approximately N bytes)"
    id: 'postfix.smtpd.session-end',
    services: SMTPD,
    re: new RegExp(
      `^(?:(?:NOQUEUE|${QID}): )?(?<what>lost connection|timeout|too many errors) after (?<stage>\\S+)(?: \\((?<approx>approximately )?(?<bytes>\\d+) bytes\\))? from ${PEER}$`,
    ),
    build: (g) => {
      const afterStage: Stage = stageOf(g.stage) ?? 'UNKNOWN';
      const stallKind = STALLS[`${g.what} ${g.stage}`];
      const bytes = g.bytes === undefined ? undefined : Number(g.bytes);
      const base = { pattern: 'postfix.smtpd.session-end', mta: 'postfix' as const, queueId: g.queueId, ...client(g), afterStage, bytes, endReason: END_REASONS[g.what!] };
      if (!stallKind) return { kind: 'session-end', ...base };
      return bytes !== undefined && g.approx === undefined ? { kind: 'stall', ...base, stallKind, dataAccepted: true } : { kind: 'stall', ...base, stallKind };
    },
    samples: [
      'Nov 28 17:56:07 mx postfix/smtpd[4822]: lost connection after DATA (36673 bytes) from unknown[127.0.0.23]',
      'Nov 28 17:56:17 mx postfix/smtpd[4822]: timeout after DATA (9149 bytes) from unknown[127.0.0.24]',
      'Nov 28 17:56:37 mx postfix/smtpd[4822]: timeout after EHLO from unknown[127.0.0.25]',
      'Nov 28 17:56:57 mx postfix/smtpd[4822]: too many errors after UNKNOWN from unknown[127.0.0.113]',
      'Sep 17 18:19:20 mxhost postfix/smtpd[12345]: NOQUEUE: lost connection after CONNECT from unknown[192.0.2.25]',
    ],
  },
  {
    // the client talked before our reply (a spam-bot habit); smtpd logs it and carries on
    id: 'postfix.smtpd.pipelining',
    services: SMTPD,
    re: new RegExp(`^improper command pipelining after (?<stage>\\S+) from ${PEER}(?:: ?(?<detail>.*))?$`),
    build: (g) => ({
      kind: 'info', pattern: 'postfix.smtpd.pipelining', mta: 'postfix', ...client(g),
      afterStage: stageOf(g.stage) ?? undefined, detail: g.detail,
    }),
    samples: [
      'Jun 12 08:58:35 xxx postfix/smtpd[13533]: improper command pipelining after AUTH from unknown[1.2.3.4]: QUIT',
      'Dec 18 02:05:46 platypus postfix/smtpd[16349]: improper command pipelining after NOOP from unknown[216.245.198.245]',
    ],
  },
  {
    id: 'postfix.smtpd.tls-accept-error',
    services: SMTPD,
    re: new RegExp(`^SSL_accept error from ${PEER}: (?<detail>.*)$`),
    build: (g) => ({ kind: 'tls', pattern: 'postfix.smtpd.tls-accept-error', mta: 'postfix', ...client(g), detail: g.detail, tlsFailure: 'inbound' }),
    samples: ['2023-03-16T15:48:35.262145+01:00 helga postfix/submission/smtpd[559032]: SSL_accept error from unknown[192.210.206.189]: lost connection'],
  },
];
