import type { MailEvent, Stage } from '../../model/types.js';
import type { PatternRow } from '../table.js';
import { PEER, QID, client } from './common.js';

// smtpd's anvil limits (smtpd_client_connection_count_limit, smtpd_client_connection_rate_limit,
// smtpd_client_message_rate_limit, smtpd_client_recipient_rate_limit). smtpd logs only this
// warning; the client got a refusal that no line records, so its code is implied (derived),
// like a failed AUTH. The replies below are what Postfix 3.7 answered in the lab (transcript of
// fixtures/lab2, scenario P02).

interface Limit {
  code: number;
  enhanced: string;
  /** the reply text without the client address, which follows it */
  text: string;
  stage: Stage;
}

const LIMITS: Record<string, Limit> = {
  'Connection rate': { code: 421, enhanced: '4.7.0', text: 'Error: too many connections from', stage: 'CONNECT' },
  'Connection concurrency': { code: 421, enhanced: '4.7.0', text: 'Error: too many connections from', stage: 'CONNECT' },
  'Message delivery request rate': { code: 450, enhanced: '4.7.1', text: 'Error: too much mail from', stage: 'MAIL' },
  'Recipient address rate': { code: 450, enhanced: '4.7.1', text: 'Error: too many recipients from', stage: 'RCPT' },
};

export const limitRows: PatternRow[] = [
  {
    // placed before the generic warning row: a client turned away is a refusal, not daemon trouble
    id: 'postfix.smtpd.anvil-limit',
    services: ['smtpd'],
    re: new RegExp(
      `^warning: (?<what>Connection rate|Connection concurrency|Message delivery request rate|Recipient address rate) limit exceeded: (?<count>\\d+) from ${PEER} for service (?<service>\\S+)$`,
    ),
    build: (g) => {
      const l = LIMITS[g.what!]!;
      const ev: MailEvent = {
        kind: 'reject', pattern: 'postfix.smtpd.anvil-limit', mta: 'postfix', ...client(g),
        reply: { code: l.code, codeDerived: true, enhanced: l.enhanced, text: `${l.text} ${g.clientIp}`, stage: l.stage, direction: 'inbound' },
        detail: `${g.what} limit exceeded: ${g.count}`,
        extra: { limit: g.what!, count: Number(g.count), service: g.service! },
      };
      return ev;
    },
    samples: [
      'Nov 29 06:57:25 mx postfix/smtpd[5285]: warning: Connection rate limit exceeded: 5 from unknown[127.0.0.62] for service 127.0.0.1:2525',
      'Nov 29 06:57:35 mx postfix/smtpd[5959]: warning: Connection concurrency limit exceeded: 3 from unknown[127.0.0.72] for service 127.0.0.1:2525',
      'Nov 29 06:57:46 mx postfix/smtpd[5841]: warning: Message delivery request rate limit exceeded: 3 from unknown[127.0.0.78] for service 127.0.0.1:2525',
      'Nov 29 06:57:50 mx postfix/smtpd[5959]: warning: Recipient address rate limit exceeded: 7 from unknown[127.0.0.88] for service 127.0.0.1:2525',
    ],
  },
  {
    // message_size_limit while the content arrives. smtpd.c logs this warning, stores no more of the
    // message and keeps reading to the final dot, which it answers "552 5.3.4 Error: message file too
    // big" (cleanup_stat_detail(CLEANUP_STAT_SIZE)); no line records that reply, so it is derived, like
    // a failed AUTH. cleanup logs the same words when it finds the queue file too big: only smtpd's
    // line is this row (cleanup's stays a warning); where the syslog daemon lost the daemon's name the
    // two lines are the same and both stay warnings (TIES in index.ts). NOQUEUE: a before-queue proxy
    // filter, which gives the message no queue id; the reply is the same.
    id: 'postfix.smtpd.size-limit',
    services: ['smtpd'],
    re: new RegExp(`^warning: (?:NOQUEUE|${QID}): queue file size limit exceeded$`),
    build: (g) => ({
      kind: 'reject', pattern: 'postfix.smtpd.size-limit', mta: 'postfix', queueId: g.queueId,
      reply: { code: 552, codeDerived: true, enhanced: '5.3.4', text: 'Error: message file too big', stage: 'END-OF-DATA', direction: 'inbound' },
      detail: 'queue file size limit exceeded',
    }),
    samples: ['Nov 28 17:59:41 vm postfix/smtpd[7163]: warning: EBF3C1602AE: queue file size limit exceeded'],
  },
];
