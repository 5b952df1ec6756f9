import type { PatternRow } from '../table.js';
import { splitReply, stageOf } from '../smtp-reply.js';
import type { MailEvent } from '../../model/types.js';
import { QID, RELAY, relay } from './common.js';
import { outboundStall } from './delivery.js';

// smtp/lmtp client lines that carry no per-recipient status. The status line that follows
// carries the stall kind, so a stall is never counted twice.

const CLIENT = ['smtp', 'lmtp'] as const;

export const smtpClientRows: PatternRow[] = [
  {
    id: 'postfix.smtp.connect-error',
    services: CLIENT,
    re: new RegExp(`^connect to ${RELAY}: (?<detail>.*)$`),
    build: (g) => ({ kind: 'remote-error', pattern: 'postfix.smtp.connect-error', mta: 'postfix', ...relay(g), detail: g.detail }),
    samples: [
      'Nov 28 17:57:04 mx postfix/smtp[5979]: connect to 127.0.0.1[127.0.0.1]:2599: Connection refused',
      'Jun 29 03:10:22 RHL058 postfix/smtp[14946]: connect to 333.com[50.57.34.52]:25: Connection timed out',
      'Jun 29 03:10:03 RHL058 postfix/smtp[21304]: connect to gmail-smtp-in.l.google.com[2607:f8b0:4003:c01::1b]:25: Network is unreachable',
    ],
  },
  {
    id: 'postfix.smtp.conversation-error',
    services: CLIENT,
    re: new RegExp(`^${QID}: (?<detail>(?:conversation with|lost connection with) ${RELAY}(?: timed out)? while .*)$`),
    // logged on its own only for a server that is not the last to try: the next gets the message
    build: (g) => ({
      kind: 'remote-error', pattern: 'postfix.smtp.conversation-error', mta: 'postfix', queueId: g.queueId, ...relay(g), detail: g.detail,
      stallKind: outboundStall(g.detail!),
    }),
    samples: [
      // (message-only corpus line, prefix added)
      'Oct 26 18:13:50 mx postfix/smtp[1]: 745137AA: lost connection with hotmail-com.olc.protection.outlook.com[104.47.55.161] while sending RCPT TO',
    ],
  },
  {
    // the remote refused our login on a relay that needs SASL (smtp_sasl_auth_enable); the
    // message is deferred next, with the same text
    id: 'postfix.smtp.sasl-failed',
    services: CLIENT,
    re: new RegExp(`^${QID}: SASL authentication failed; server ${RELAY} said: (?<reply>.*)$`),
    build: (g) => ({
      kind: 'remote-error', pattern: 'postfix.smtp.sasl-failed', mta: 'postfix', queueId: g.queueId, ...relay(g),
      reply: splitReply(g.reply!, 'outbound', 'AUTH'),
    }),
    samples: [
      // (message-only corpus line, prefix added)
      'Jul 21 10:00:00 mx postfix/smtp[1]: D0F29603B4: SASL authentication failed; server xyz.example.com[1.2.3.4] said: 535 5.7.8 Error: authentication failed: authentication failure',
    ],
  },
  {
    id: 'postfix.smtp.remote-reply',
    services: CLIENT,
    re: new RegExp(`^${QID}: host ${RELAY} (?:said: (?:(?<reply>.*) \\(in reply to (?<stage>[^()]{1,40}) command\\)|(?<bare>.*))|refused to talk to me: (?<greeting>.*))$`),
    build: (g) => ({
      kind: 'remote-error', pattern: 'postfix.smtp.remote-reply', mta: 'postfix', queueId: g.queueId, ...relay(g),
      reply: g.greeting !== undefined
        ? splitReply(g.greeting, 'outbound', 'CONNECT')
        : splitReply(g.reply ?? g.bare!, 'outbound', stageOf(g.stage)),
    }),
    samples: [
      'Nov  2 14:39:04 conch postfix/smtp[27369]: 3AC2124090: host mx.ipsbocaraton.com[66.96.140.68] said: 452 <jdent@ipsbocaraton.com> requested action aborted: try again later - GL/GL (in reply to RCPT TO command)',
      'Dec 29 02:54:09 mail postfix/smtp[7648]: 732BB407C3: host mail.domain.com[1.1.1.1] said: 451 DT:SPM 163 mx13,P8CowECpNVM_oEVaenoEAQ--.23796S3 1514512449, please try again 15min later (in reply to end of DATA command)',
    ],
  },
  {
    // our client could not verify the remote's certificate. With smtp_tls_security_level = may or
    // encrypt the mail still goes (encrypted, unverified); with verify or secure it is deferred
    // next ("Server certificate not verified"). Older versions name the host without its address.
    id: 'postfix.smtp.cert-verify-failed',
    services: CLIENT,
    re: new RegExp(`^(?:${QID}: )?(?:server )?certificate verification failed for (?:${RELAY}|(?<relayName>[^\\s\\[:]+)): (?<detail>.*)$`),
    build: (g) => {
      const e: MailEvent = { kind: 'tls', pattern: 'postfix.smtp.cert-verify-failed', mta: 'postfix', ...relay(g), detail: g.detail, tlsFailure: 'outbound' };
      if (g.relayName !== undefined) e.relayHost = g.relayName;
      if (g.queueId !== undefined) e.queueId = g.queueId;
      return e;
    },
    samples: [
      // (message-only corpus line, prefix added)
      'Oct 26 18:13:50 mx postfix/smtp[1]: certificate verification failed for mail.example.com[113.169.17.115]:25: untrusted issuer /C=de/L=XXX/O=XXX GmbH/CN=XX XX XXX CA/emailAddress=XX@XX',
      // a Postfix 2.3 log quoted in a public forum thread (2006)
      'Jul  5 12:16:23 localhost postfix/smtp[6261]: certificate verification failed for smtp-auth.no-ip.com: num=20:unable to get local issuer certificate',
    ],
  },
  {
    // our client's handshake with the remote failed; like smtpd's SSL_accept error, the library's
    // reason follows as "warning: TLS library problem: ..." from the same process
    id: 'postfix.smtp.tls-connect-error',
    services: CLIENT,
    re: new RegExp(`^(?:${QID}: )?SSL_connect error to ${RELAY}: (?<detail>.*)$`),
    build: (g) => {
      const e: MailEvent = { kind: 'tls', pattern: 'postfix.smtp.tls-connect-error', mta: 'postfix', ...relay(g), detail: g.detail, tlsFailure: 'outbound' };
      if (g.queueId !== undefined) e.queueId = g.queueId;
      return e;
    },
    samples: [
      // (message-only corpus line, prefix added)
      'Oct 26 18:13:50 mx postfix/smtp[1]: SSL_connect error to mail.example.org[112.63.65.2]:25: lost connection',
    ],
  },
  {
    id: 'postfix.smtp.pix-workarounds',
    services: CLIENT,
    re: new RegExp(`^${QID}: enabling PIX workarounds: (?<detail>.*)$`),
    build: (g) => ({ kind: 'info', pattern: 'postfix.smtp.pix-workarounds', mta: 'postfix', queueId: g.queueId, detail: g.detail }),
    samples: ['May 18 22:31:10 lhansible postfix/smtp[30629]: 0EA5228A: enabling PIX workarounds: disable_esmtp delay_dotcrlf for ansible.com:25'],
  },
];
