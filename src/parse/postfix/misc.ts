import type { MailEvent } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { PEER, QID, client } from './common.js';

// Notifications, TLS, SASL and the daemons' housekeeping lines. The generic problem row
// (warning/fatal/panic/error) lives in problem.ts and comes after every specific row.

// The SASL replies for which Postfix answers 454 4.7.0 (XSASL_AUTH_TEMP): the Dovecot client's when
// the auth server is out of reach, and Cyrus SASL's sasl_errstring() texts for the statuses that
// xsasl_cyrus_server.c maps to XSASL_AUTH_TEMP (SASL_FAIL, SASL_NOMEM, SASL_TRYAGAIN, SASL_UNAVAIL).
// Cyrus's other statuses (authentication failure, user not found, ...) stay 535 5.7.8. SASL_TRYAGAIN's
// text goes on ("transient failure (e.g., weak key)"); the others are the whole reply.
const CYRUS_WHOLE = ['generic failure', 'no memory available', 'remote authentication server unavailable'];
const CYRUS_LEADING = ['transient failure'];
/** Cyrus SASL's words for the failures answered 454, which older versions stored as 535 (read again on upgrade) */
export const CYRUS_TEMPORARY: readonly string[] = [...CYRUS_WHOLE, ...CYRUS_LEADING];
const SASL_TEMPORARY = new RegExp(
  `^(?:(?:Connection lost to|Can't connect to) authentication server|(?:${CYRUS_WHOLE.join('|')})$|(?:${CYRUS_LEADING.join('|')})\\b)`,
);

export const miscRows: PatternRow[] = [
  {
    id: 'postfix.bounce.notice',
    services: ['bounce', 'defer', 'trace'],
    re: new RegExp(`^${QID}: (?<notice>(?:sender|postmaster) (?:non-delivery|delay|delivery status) notification): (?<notice_queue_id>\\w+)$`),
    build: (g) => ({
      kind: 'notice', pattern: 'postfix.bounce.notice', mta: 'postfix', queueId: g.queueId, detail: g.notice, noticeQueueId: g.notice_queue_id,
      extra: { notice_queue_id: g.notice_queue_id! },
    }),
    samples: [
      'Nov 28 17:55:54 mx postfix/bounce[4931]: 5B9BB1602B4: sender non-delivery notification: 5E39C1602BC',
      'Nov 28 17:58:06 mx postfix/bounce[5991]: DEFD71602BF: sender delay notification: BA879160279',
    ],
  },
  {
    id: 'postfix.tls.established',
    services: '*',
    re: new RegExp(
      `^(?<trust>Anonymous|Untrusted|Trusted|Verified) TLS connection established (?<dir>from|to) ${PEER}: (?<protocol>\\S+) with cipher (?<cipher>\\S+)(?: (?<rest>.*))?$`,
    ),
    build: (g) => ({
      kind: 'tls', pattern: 'postfix.tls.established', mta: 'postfix',
      ...(g.dir === 'from' ? client(g) : { relayHost: g.clientHost, relayIp: g.clientIp, relayPort: g.clientPort === undefined ? undefined : Number(g.clientPort) }),
      protocol: g.protocol,
      extra: { trust: g.trust!, protocol: g.protocol!, cipher: g.cipher! },
    }),
    samples: [
      'Nov 28 17:55:51 mx postfix/smtpd[4822]: Anonymous TLS connection established from unknown[127.0.0.23]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256',
      '2023-03-14T00:05:05.999028+01:00 helga postfix/tlsproxy[301555]: Anonymous TLS connection established from [122.189.87.41]:52908: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
      'Jul 24 03:28:15 mail postfix/smtp[24052]: Verified TLS connection established to mx2.comcast.net[2001:558:fe21:2a::6]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits)',
    ],
  },
  {
    // placed before the generic warning row: a failed AUTH is a refusal, not daemon trouble.
    // smtpd logs only this warning; the client got "535 5.7.8 Error: authentication failed: <the
    // SASL reply>", or "454 4.7.0 Temporary authentication failure: ..." when the SASL back end
    // was out of reach or failed (RFC 4954 section 6). Both codes are implied, so the reply is marked derived.
    // The SASL reply (often the last challenge, "UGFzc3dvcmQ6") stays in detail and the line: in the
    // reply text it would split one failure into a group per challenge.
    id: 'postfix.smtpd.sasl-failed',
    services: ['smtpd'],
    re: new RegExp(`^warning: ${PEER}: SASL (?<mechanism>[\\w-]+) authentication failed: ?(?<detail>.*?)(?:, sasl_username=(?<user>.*))?$`),
    build: (g) => {
      const said = g.detail!;
      const temp = SASL_TEMPORARY.test(said);
      const ev: MailEvent = {
        kind: 'reject', pattern: 'postfix.smtpd.sasl-failed', mta: 'postfix', ...client(g), detail: said,
        reply: {
          code: temp ? 454 : 535, codeDerived: true, enhanced: temp ? '4.7.0' : '5.7.8',
          text: temp ? 'Temporary authentication failure' : 'Error: authentication failed', stage: 'AUTH', direction: 'inbound',
        },
        extra: { sasl_method: g.mechanism! },
      };
      if (g.user !== undefined) ev.extra!.sasl_username = g.user;
      return ev;
    },
    samples: [
      'Dec 15 23:01:25 phoenix postfix/smtpd[24226]: warning: wsip-24-234-109-177.lv.lv.cox.net[24.234.109.177]: SASL LOGIN authentication failed: authentication failure',
      'Nov  4 09:11:01 mail postfix/smtpd[1234]: warning: unknown[192.0.2.152]: SASL LOGIN authentication failed: (reason unavailable), sasl_username=admin',
      'Feb  3 08:29:28 mail postfix/smtpd[21022]: warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: Connection lost to authentication server',
      'Apr 26 10:55:19 tcc1 postfix/smtpd[21126]: warning: laptop.local[192.168.1.2]: SASL PLAIN authentication failed: generic failure',
    ],
  },
];
